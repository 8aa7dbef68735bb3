// Attaching a topology file's nodes to elements: existing ones (inventory given) or demo elements
// with a vendor from a node attribute or a seeded vendor mix.
#include <fmt/format.h>
#include <algorithm>
#include <charconv>
#include <random>
#include <unordered_map>

#include "topology/topology.h"

namespace kitwatch {
namespace {

struct Weighted {
  std::vector<std::string> vendors;
  std::vector<double> cumulative;
};

Result<Weighted> parse_mix(std::string_view spec) {
  Weighted mix;
  double total = 0;
  std::size_t start = 0;
  while (start < spec.size()) {
    const std::size_t comma = std::min(spec.find(',', start), spec.size());
    const std::string_view item = spec.substr(start, comma - start);
    start = comma + 1;
    const std::size_t eq = item.rfind('=');
    double w = 0;
    const auto [end, ec] = eq == std::string_view::npos
                               ? std::from_chars(item.data(), item.data(), w)
                               : std::from_chars(item.data() + eq + 1, item.data() + item.size(), w);
    if (eq == std::string_view::npos || eq == 0 || ec != std::errc() || end != item.data() + item.size() || !(w > 0)) {
      return Status::usage(fmt::format("--vendor-mix {}: expected VENDOR=WEIGHT,... with positive weights", spec));
    }
    total += w;
    mix.vendors.emplace_back(item.substr(0, eq));
    mix.cumulative.push_back(total);
  }
  if (mix.vendors.empty()) return Status::usage("--vendor-mix: no vendors given");
  for (double& c : mix.cumulative) c /= total;
  return mix;
}

std::string demo_id(const TopologyFile::Node& node) {
  return node.label.empty() || node.label == node.id ? node.id : fmt::format("{}#{}", node.label, node.id);
}

std::string_view attribute_of(const TopologyFile::Node& node, std::string_view key) {
  for (const auto& [k, v] : node.attributes) {
    if (k == key) return v;
  }
  return {};
}

// One element per node. The PRNG is std::mt19937_64, whose output the standard fixes, and the
// draw is done here rather than by a library distribution, so a seed gives the same vendors everywhere.
Status create_demo_elements(const TopologyFile& file, const AttachOptions& options, ElementStore& store,
                            std::vector<ElementIndex>& element) {
  Weighted mix;
  if (!options.vendor_mix.empty()) {
    auto parsed = parse_mix(options.vendor_mix);
    if (!parsed.ok()) return parsed.status();
    mix = std::move(*parsed);
  }
  std::mt19937_64 rng(options.seed);
  for (const TopologyFile::Node& node : file.nodes) {
    const std::string id = demo_id(node);
    const bool core = options.core.empty() ||
                      std::find(options.core.begin(), options.core.end(), node.id) != options.core.end() ||
                      std::find(options.core.begin(), options.core.end(), node.label) != options.core.end();
    std::string vendor;
    if (!options.vendor_attribute.empty()) vendor = attribute_of(node, options.vendor_attribute);
    if (vendor.empty() && !mix.vendors.empty()) {
      const double u = static_cast<double>(rng() >> 11) * 0x1.0p-53;
      std::size_t i = 0;
      while (i + 1 < mix.vendors.size() && u >= mix.cumulative[i]) ++i;
      vendor = mix.vendors[i];
    }
    ElementRow row;
    row.id = id;
    row.name = node.label;
    row.declared_vendor = vendor;
    row.function = core ? Function::kCore : Function::kAggregation;
    row.origin = RowOrigin{0, node.line};
    const ElementIndex e = store.append(row);
    if (e == kNoElement)
      return Status::input(SourceLocation{file.path, node.line, 0, ""},
                           fmt::format("element id '{}' appears twice", id));
    element.push_back(e);
  }
  store.source_files.push_back(file.path);
  return Status();
}

void map_to_inventory(const TopologyFile& file, const AttachOptions& options, const ElementStore& store,
                      std::vector<ElementIndex>& element, IngestReport& report) {
  std::unordered_map<std::string, std::string> mapped(options.node_map.begin(), options.node_map.end());
  for (const TopologyFile::Node& node : file.nodes) {
    const auto it = mapped.find(node.id);
    ElementIndex e = it != mapped.end() ? store.find(it->second) : store.find(node.id);
    if (e == kNoElement && it == mapped.end() && !node.label.empty()) e = store.find(node.label);
    element.push_back(e);
    ++report.rows_read;
    if (e != kNoElement) {
      ++report.accepted;
      continue;
    }
    report.reject(RowError{SourceLocation{file.path, node.line, 0, "node"}, "unknown element",
                           fmt::format("node '{}' matches no element (by map, id or label)", node.id)},
                  20);
  }
}

}  // namespace

Status attach_topology(const TopologyFile& file, const AttachOptions& options, ElementStore& store, LinkTable& links,
                       DemandTable& demands, IngestReport& report) {
  std::vector<ElementIndex> element;
  report.files.push_back(file.path);
  if (store.size() == 0) {
    if (Status s = create_demo_elements(file, options, store, element); !s.ok()) return s;
    report.rows_read += file.nodes.size();
    report.accepted += file.nodes.size();
  } else {
    map_to_inventory(file, options, store, element, report);
  }
  auto unmatched = [&](std::uint64_t line, std::string_view what) {
    ++report.rows_read;
    report.reject(RowError{SourceLocation{file.path, line, 0, ""}, "unattached endpoint",
                           fmt::format("{} skipped: an endpoint matches no element", what)},
                  20);
  };
  for (const TopologyFile::Link& l : file.links) {
    if (element[l.a] == kNoElement || element[l.b] == kNoElement) {
      unmatched(l.line, "link");
      continue;
    }
    links.a.push_back(element[l.a]);
    links.b.push_back(element[l.b]);
    links.cost.push_back(l.cost);
    links.capacity.push_back(l.capacity);
  }
  demands.file = file.path;
  for (const TopologyFile::Demand& d : file.demands) {
    if (element[d.src] == kNoElement || element[d.dst] == kNoElement) {
      unmatched(d.line, "demand");
      continue;
    }
    demands.add(element[d.src], element[d.dst], d.volume, d.line);
  }
  return Status();
}

}  // namespace kitwatch
