#include <fmt/format.h>

#include "report/report.h"
#include "report/report_view.h"

namespace kitwatch {
namespace {

void scope_row(std::string& out, std::string_view label, const ScopeSummary& s) {
  const Measures d = s.designated_share, u = s.unknown_share, c = s.control_unknown_share;
  out += fmt::format("  {:<12} {:>11} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}   {:>8}\n", label,
                     grouped_text(s.total.count), percent_text(d.count, s.total.count),
                     percent_text(d.traffic, s.total.traffic), percent_text(d.subscribers, s.total.subscribers),
                     percent_text(u.count, s.total.count), percent_text(u.traffic, s.total.traffic),
                     percent_text(u.subscribers, s.total.subscribers), percent_text(c.count, s.total.count));
}

void ingest_section(std::string& out, const IngestReport& in) {
  out += fmt::format("Read {} rows from {} file(s): {} accepted, {} rejected.\n",
                     grouped_text(static_cast<double>(in.rows_read)), in.files.size(),
                     grouped_text(static_cast<double>(in.accepted)), grouped_text(static_cast<double>(in.rejected)));
  for (const auto& [reason, count] : in.rejected_by_reason)
    out += fmt::format("  rejected for {}: {}\n", reason, count);
  for (const RowError& e : in.first_errors) out += fmt::format("  {}: {}\n", e.where.to_string(), e.message);
  if (in.rejected > in.first_errors.size()) {
    out +=
        fmt::format("  ... and {} more (see the JSON report's ingest section)\n", in.rejected - in.first_errors.size());
  }
  if (!in.ignored_columns.empty()) {
    std::string names;
    for (const auto& c : in.ignored_columns) names += fmt::format("{}'{}'", names.empty() ? "" : ", ", c);
    out += fmt::format("  ignored columns (no matching field; use --map to use them): {}\n", names);
  }
  if (in.dangling_uplinks > 0) {
    out +=
        fmt::format("  {} element(s) name an uplink that is not in the inventory, e.g. {}: {}\n", in.dangling_uplinks,
                    in.first_dangling.front().where.to_string(), in.first_dangling.front().message);
  }
  if (in.implausible_installed > 0) {
    out += fmt::format(
        "  {} element(s) have an installed date before 1970 or after 2100, e.g. {}: {}; an element installed after "
        "the as-of date is in no share or rule\n",
        in.implausible_installed, in.first_implausible_installed.front().where.to_string(),
        in.first_implausible_installed.front().message);
  }
}

void resolution_section(std::string& out, const AssessReport& r) {
  const ResolutionSummary& s = r.resolution;
  out += fmt::format("\nResolution: {} distinct evidence keys; MAC evidence {}\n", s.distinct_keys,
                     s.mac_evidence ? "on" : "OFF (no IEEE registry: install ieee-data or give --ieee-dir)");
  out += fmt::format("  white label (brand is not the maker): {} elements\n", grouped_text(s.white_label.count));
  out += fmt::format("  conflicting evidence (two makers claimed): {} elements\n", grouped_text(s.conflict.count));
  out += fmt::format("  unregistered makers (kept under their declared name): {} elements\n",
                     grouped_text(s.unregistered.count));
  out += fmt::format("  fuzzy vendor-name matches: {} elements\n", grouped_text(s.fuzzy.count));
}

}  // namespace

std::string render_text(const AssessContext& context) {
  const AssessReport& r = context.report;
  const Registry& registry = context.registry;
  std::string out;
  out += fmt::format("kitwatch assessment as of {}\n", r.as_of.to_string());
  std::string lists;
  for (const auto& id : r.lists) lists += fmt::format("{}{}", lists.empty() ? "" : ", ", id);
  out += fmt::format("Registry {} ({}); designation lists: {}\n", registry.version(), registry.date(), lists);
  ingest_section(out, context.ingest);
  // With a topology section, that section accounts for the links file (and its errors) itself.
  if (context.links && !context.topology) {
    out += fmt::format("Links: {} rows read, {} accepted, {} rejected.\n", context.links->rows_read,
                       context.links->accepted, context.links->rejected);
    for (const RowError& e : context.links->first_errors)
      out += fmt::format("  {}: {}\n", e.where.to_string(), e.message);
  }

  out += fmt::format("\nDesignated and unknown share by function\n");
  out += fmt::format("  {:<12} {:>11} {:^26}   {:^26}   {:>8}\n", "", "", "designated share", "unknown maker share",
                     "control");
  out += fmt::format("  {:<12} {:>11} {:>8} {:>8} {:>8}   {:>8} {:>8} {:>8}   {:>8}\n", "function", "elements", "count",
                     "traffic", "subs", "count", "traffic", "subs", "unknown");
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0) scope_row(out, kFunctionNames[f], r.by_function[f]);
  }
  scope_row(out, "all", r.total);
  if (r.total.control_unknown.count > 0) {
    out += fmt::format(
        "  control unknown: {} elements ({}) are made by makers the registry does not know (marked unregistered "
        "below): whether they are designated cannot be decided, so they are not counted as clean\n",
        grouped_text(r.total.control_unknown.count), percent_text(r.total.control_unknown_share.count, 1));
  }

  out += "\nDesignated controllers\n";
  if (r.designated.empty()) out += "  none in this inventory\n";
  for (const DesignatedController& d : r.designated) {
    const Entity& e = registry.entity(d.entity);
    const Measures s = d.share;
    out += fmt::format("  {} ({}): {} elements, {} of elements, {} of traffic, {} of subscribers\n", e.name, e.country,
                       grouped_text(d.measures.count), percent_text(s.count, 1),
                       percent_text(s.traffic, r.total.total.traffic),
                       percent_text(s.subscribers, r.total.total.subscribers));
    for (const DesignationRef& ref : d.designations) {
      const DesignationList& list = registry.lists()[ref.list];
      const Designation& fact = list.entries[ref.entry];
      out += fmt::format("    {} since {}{} ({}){}\n", list.id, fact.added.to_string(),
                         registry.entity(fact.entity).id == e.id ? "" : " via " + registry.entity(fact.entity).name,
                         fact.source, fact.verified ? "" : " [unverified]");
    }
  }

  out += fmt::format("\nConcentration by controller, by element count: {}; the top five hold {}\n",
                     hhi_words(r.concentration.hhi.count), percent_text(r.concentration.top5.count, 1));
  out += "\nTop manufacturers by element count\n";
  std::size_t shown = 0;
  for (const ManufacturerSummary& m : r.manufacturers) {
    if (shown++ == 10) break;
    const bool registered = context.resolution.is_entity(m.maker);
    out += fmt::format("  {:<40} {:>11} {:>7}{}\n", context.resolution.maker_name(m.maker, registry),
                       grouped_text(m.measures.count), percent_text(m.measures.count / r.total.total.count, 1),
                       m.designated ? "  designated"
                       : registered ? ""
                                    : "  unregistered: control unknown");
  }
  if (r.total.unknown.count > 0) {
    out += fmt::format("  {:<40} {:>11} {:>7}\n", "(unknown maker)", grouped_text(r.total.unknown.count),
                       percent_text(r.total.unknown.count / r.total.total.count, 1));
  }
  if (!r.unresolved.empty()) {
    out += "\nUnresolved declared vendors (counted as unknown)\n";
    for (const UnresolvedVendor& u : r.unresolved) {
      out += fmt::format("  {:<40} {:>11}  {}\n", u.declared.empty() ? "(none given)" : "'" + u.declared + "'",
                         grouped_text(u.measures.count), u.why);
    }
  }
  resolution_section(out, r);
  if (context.history && !context.history->empty()) {
    out += "\nDesignated share over snapshots (from the snapshot database)\n";
    for (const ShareHistoryPoint& p : *context.history) {
      out += fmt::format("  {:<10} {:<24} {:>7} of elements  {:>7} of traffic  {:>7} of subscribers\n", p.taken,
                         p.label, percent_text(p.designated_share.count, 1),
                         percent_text(p.designated_share.traffic, 1), percent_text(p.designated_share.subscribers, 1));
    }
  }
  if (context.topology) out += "\n" + render_topology_text(*context.topology);
  return out;
}

}  // namespace kitwatch
