// An operator's return from its analysed state: every element folded into a (function, region,
// maker) cell and, for registered makers, a (maker, model, version, function) build count.
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <tuple>
#include <unordered_map>

#include "base/crypto.h"
#include "national/national.h"

namespace kitwatch {
namespace {

// Cells are tallied under (region, function, maker + 1) packed into one word: maker + 1 turns
// kNoMaker (unknown) into 0.
std::uint64_t cell_key(StrId region, Function function, MakerId maker) {
  return (std::uint64_t{region} << 35) | (std::uint64_t{static_cast<std::uint8_t>(function)} << 32) |
         static_cast<std::uint32_t>(maker + 1);
}

struct BuildKey {
  MakerId maker = 0;
  StrId model = 0, software_version = 0;
  Function function = Function::kOther;
  bool operator==(const BuildKey&) const = default;
};

struct BuildKeyHash {
  std::size_t operator()(const BuildKey& k) const {
    std::uint64_t h = k.maker;
    h = h * 0x9E3779B97F4A7C15ull ^ k.model;
    h = h * 0x9E3779B97F4A7C15ull ^ k.software_version;
    h = h * 0x9E3779B97F4A7C15ull ^ static_cast<std::uint8_t>(k.function);
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

std::string controller_key(MakerId maker, const Registry& registry, const Resolution& resolution, Date as_of) {
  if (maker == kNoMaker) return std::string(kUnknownMaker);
  if (!resolution.is_entity(maker)) return resolution.maker_id(maker, registry);
  return registry.entity(registry.control_chain(maker, as_of).back()).id;
}

void add_rules(const PolicyReport& policy, OperatorReturn& ret) {
  for (const RuleResult& r : policy.results) {
    const Pack& pack = policy.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    ret.rules.push_back(ReturnRule{pack.name, rule.id, std::string(rule_kind_name(rule.kind)), rule.severity,
                                   std::string(rule_status_name(r.status)), r.in_force, r.measured, r.limit,
                                   r.scope_elements});
  }
}

ReturnTopology topology_figures(const TopologyRun& run) {
  ReturnTopology t;
  t.nodes = run.graph.size();
  t.links = run.graph.target.size() / 2;  // each undirected link is two directed entries
  if (run.has_exposure) {
    const ExposureReport& x = run.exposure;
    t.demands = x.shortest_cost.size();
    t.exposed_demands = x.exposed_demands.empty() ? 0 : x.exposed_demands[0];
    t.routed_volume = x.routed_volume;
    t.exposed_volume = x.exposed_volume.empty() ? 0 : x.exposed_volume[0];
    t.exposure_share = x.share(0);
  }
  if (!run.losses.empty()) {
    t.cut_off = run.losses.front().cut_off_total;
    t.demands_disconnected = run.losses.front().demands_disconnected;
  }
  t.designated_single_points = run.articulation.designated_points.size();
  return t;
}

}  // namespace

Status check_operator_id(std::string_view id) {
  const bool ok =
      !id.empty() && id.size() <= 64 &&
      std::all_of(id.begin(), id.end(),
                  [](char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
                  }) &&
      id.front() != '.' && id.front() != '_' && id.front() != '-';
  if (ok) return Status();
  return Status::usage(fmt::format(
      "operator id '{}': use 1-64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit "
      "(it names the operator's key file, ID.pub)",
      id));
}

std::string registry_digest(const std::vector<RegistrySource>& sources) {
  std::string all;
  for (const RegistrySource& s : sources) {
    // Length-prefixed, so that moving bytes from one source to the next changes the digest.
    all += fmt::format("{}:{}\n", s.text.size(), s.name);
    all += s.text;
  }
  return crypto::sha256_hex(all);
}

Result<std::vector<InputDigest>> digest_inputs(const RunSpec& spec) {
  std::vector<InputDigest> out;
  auto add = [&](const std::string& role, const std::string& path) -> Status {
    if (path.empty()) return Status();
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) return Status();  // a shipped pack named, not a file
    InputDigest d;
    d.role = role;
    d.name = std::filesystem::path(path).filename().string();
    auto digest = crypto::sha256_file_hex(path, d.bytes);
    if (!digest.ok()) return digest.status();
    d.sha256 = *digest;
    out.push_back(std::move(d));
    return Status();
  };
  for (const std::string& p : spec.inventories) {
    if (Status s = add("inventory", p); !s.ok()) return s;
  }
  for (const std::string& p : spec.registry_overlays) {
    if (Status s = add("registry", p); !s.ok()) return s;
  }
  for (const std::string& p : spec.policies) {
    if (Status s = add("policy", p); !s.ok()) return s;
  }
  for (const auto& [role, path] : {std::pair<const char*, const std::string*>{"links", &spec.links},
                                   {"graphml", &spec.graphml},
                                   {"sndlib", &spec.sndlib},
                                   {"node_map", &spec.node_map},
                                   {"demands", &spec.demands}}) {
    if (Status s = add(role, *path); !s.ok()) return s;
  }
  for (const std::string& p : spec.boms) {
    if (Status s = add("bom", p); !s.ok()) return s;
  }
  return out;
}

Result<OperatorReturn> build_return(const NetworkState& state, const Analysis* analysis, const ReturnOptions& options) {
  if (Status s = check_operator_id(options.operator_id); !s.ok()) return s;
  const ElementStore& store = *state.store;
  const Registry& registry = *state.registry;
  const Resolution& resolution = *state.resolution;

  OperatorReturn ret;
  ret.operator_id = options.operator_id;
  ret.operator_name = options.operator_name.empty() ? options.operator_id : options.operator_name;
  ret.as_of = state.as_of;
  ret.kitwatch_version = options.kitwatch_version;
  ret.registry_version = registry.version();
  ret.registry_date = registry.date();
  ret.registry_sha256 = registry_digest(options.registry_sources);
  if (options.lists.empty()) {
    for (const DesignationList& l : registry.lists()) ret.lists.push_back(l.id);
  } else {
    if (auto active = active_designations(registry, options.lists, state.as_of); !active.ok()) return active.status();
    ret.lists = options.lists;
  }
  ret.inputs = options.inputs;
  ret.rows_read = options.rows_read;
  ret.rows_accepted = options.rows_accepted;
  ret.rows_rejected = options.rows_rejected;
  ret.min_cell = options.min_cell;
  ret.builds_of = options.designated_builds_only ? "designated" : "registered";
  // Makers whose builds are listed: every registered one, or those designated on some list.
  std::vector<std::uint8_t> lists_builds(resolution.entities, 1);
  if (options.designated_builds_only) {
    auto active = active_designations(registry, {}, state.as_of);
    if (!active.ok()) return active.status();
    for (EntityIndex e = 0; e < lists_builds.size(); ++e) lists_builds[e] = !(*active)[e].empty();
  }

  // One pass over the elements. Neighbouring rows usually share a cell and a build (an inventory
  // lists a site's or a model's elements together), so the last key is checked before the maps.
  std::unordered_map<std::uint64_t, Measures> cells;
  std::unordered_map<BuildKey, std::uint64_t, BuildKeyHash> builds;
  std::uint64_t last_cell = ~std::uint64_t{0};
  Measures* last_measures = nullptr;
  BuildKey last_build{kNoMaker, 0, 0, Function::kOther};
  std::uint64_t* last_count = nullptr;
  const std::int32_t day = state.as_of.days();
  if (store.regions.size() >= (1u << 29)) return Status::internal("more regions than a return can key");
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const MakerId maker = resolution.manufacturer(e);
    const Function function = store.function[e];
    const std::uint64_t key = cell_key(store.region[e], function, maker);
    if (key != last_cell) {
      last_measures = &cells[key];
      last_cell = key;
    }
    last_measures->add(store.traffic[e], store.subscribers[e]);
    if (!resolution.is_entity(maker) || !lists_builds[maker]) continue;  // unknown, unregistered: never designated
    if (store.installed[e] != kNoDate && store.installed[e] > day) continue;
    const BuildKey build{maker, store.model[e], store.software_version[e], function};
    if (!(build == last_build)) {
      last_count = &builds[build];
      last_build = build;
    }
    ++*last_count;
  }

  std::vector<std::string> controller_of_maker(resolution.entities + resolution.unregistered.size());
  for (MakerId m = 0; m < controller_of_maker.size(); ++m) {
    controller_of_maker[m] = controller_key(m, registry, resolution, state.as_of);
  }
  auto maker_key = [&](MakerId m) {
    return m == kNoMaker ? std::string(kUnknownMaker) : resolution.maker_id(m, registry);
  };
  auto controller = [&](MakerId m) { return m == kNoMaker ? std::string(kUnknownMaker) : controller_of_maker[m]; };

  std::vector<ReturnCell> all_cells;
  all_cells.reserve(cells.size());
  for (const auto& [key, measures] : cells) {
    const auto region = static_cast<StrId>(key >> 35);
    const auto function = static_cast<Function>((key >> 32) & 7);
    const MakerId maker = static_cast<MakerId>(static_cast<std::uint32_t>(key) - 1);
    all_cells.push_back(
        ReturnCell{function, std::string(store.regions.view(region)), maker_key(maker), controller(maker), measures});
  }
  // A stable order, whatever the order of the rows: the same network gives the same return, sums
  // included (the totals and suppressed cells are summed in this order).
  std::sort(all_cells.begin(), all_cells.end(), [](const ReturnCell& a, const ReturnCell& b) {
    return std::tie(a.function, a.region, a.maker) < std::tie(b.function, b.region, b.maker);
  });
  std::array<SuppressedCells, kFunctionCount> suppressed{};
  for (ReturnCell& cell : all_cells) {
    ret.total.add(cell.measures);
    if (cell.measures.count >= static_cast<double>(options.min_cell)) {
      ret.cells.push_back(std::move(cell));
      continue;
    }
    SuppressedCells& folded = suppressed[static_cast<std::size_t>(cell.function)];
    folded.function = cell.function;
    ++folded.cells;
    folded.measures.add(cell.measures);
  }
  for (const SuppressedCells& folded : suppressed) {
    if (folded.cells > 0) ret.suppressed.push_back(folded);
  }
  for (const auto& [key, count] : builds) {
    ret.builds.push_back(
        ReturnBuild{maker_key(key.maker), controller(key.maker), std::string(store.models.view(key.model)),
                    std::string(store.software_versions.view(key.software_version)), key.function, count});
  }
  std::sort(ret.builds.begin(), ret.builds.end(), [](const ReturnBuild& a, const ReturnBuild& b) {
    return std::tie(a.maker, a.model, a.software_version, a.function) <
           std::tie(b.maker, b.model, b.software_version, b.function);
  });
  if (analysis != nullptr) {
    if (analysis->policy) add_rules(*analysis->policy, ret);
    if (analysis->topology) ret.topology = topology_figures(*analysis->topology);
  }
  return ret;
}

}  // namespace kitwatch
