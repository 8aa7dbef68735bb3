// Snapshots for people and programs: the list, a diff and the history (kitwatch snapshot list|diff,
// kitwatch history), as text tables or JSON.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "snapshot/snapshot.h"

namespace kitwatch {
namespace {

using Json = nlohmann::ordered_json;

Json info_json(const SnapshotInfo& info) {
  Json policies = Json::array();
  for (const SnapshotPolicy& p : info.policies)
    policies.push_back({{"name", p.name}, {"title", p.title}, {"source", p.source}});
  return {{"label", info.label},
          {"taken", info.taken.to_string()},
          {"as_of", info.as_of.to_string()},
          {"elements", info.elements},
          {"rows_read", info.rows_read},
          {"rows_rejected", info.rows_rejected},
          {"registry", {{"version", info.registry_version}, {"date", info.registry_date}}},
          {"lists", info.lists},
          {"policies", policies},
          {"inputs", info.inputs},
          {"kitwatch_version", info.kitwatch_version}};
}

std::string percent(std::optional<double> share) {
  return share ? fmt::format("{:.1f}%", *share * 100) : std::string("-");
}

Json element_json(const SnapshotElement& e) {
  return {{"id", e.id},
          {"function", e.function},
          {"site", e.site},
          {"manufacturer", e.manufacturer},
          {"model", e.model},
          {"software_version", e.software_version},
          {"designated", e.designated}};
}

Json diff_json(const SnapshotDiff& diff) {
  Json added = Json::array(), removed = Json::array(), changed = Json::array(), metrics = Json::array();
  for (const auto& e : diff.added) added.push_back(element_json(e));
  for (const auto& e : diff.removed) removed.push_back(element_json(e));
  for (const auto& c : diff.changed) {
    changed.push_back({{"id", c.id}, {"field", c.field}, {"before", c.before}, {"after", c.after}});
  }
  for (const MetricChange& m : diff.metrics) {
    metrics.push_back({{"scope", m.scope},
                       {"measure", m.measure},
                       {"quantity", m.quantity},
                       {"before", m.before ? Json(*m.before) : Json()},
                       {"after", m.after ? Json(*m.after) : Json()},
                       {"delta", m.delta()}});
  }
  return {{"from", info_json(diff.from)},
          {"to", info_json(diff.to)},
          {"counts",
           {{"added", diff.added_count},
            {"removed", diff.removed_count},
            {"changed_elements", diff.changed_elements},
            {"changes", diff.change_count}}},
          {"added", added},
          {"removed", removed},
          {"changed", changed},
          {"metrics", metrics}};
}

// For people: a whole number as such (a share summed to 0.9999999999999999 is 1), else 4 decimals.
std::string number(std::optional<double> v) {
  if (!v) return "-";
  const double whole = std::round(*v);
  return std::fabs(*v - whole) <= 1e-9 * std::max(1.0, std::fabs(*v)) ? fmt::format("{}", static_cast<long long>(whole))
                                                                      : fmt::format("{:.4f}", *v);
}

// A change people should see: not float noise from summing in another order (JSON keeps every digit).
bool changed_for_people(const MetricChange& m) {
  if (!m.before || !m.after) return m.before.has_value() != m.after.has_value();
  return std::fabs(*m.after - *m.before) > 1e-9 * std::max({1.0, std::fabs(*m.before), std::fabs(*m.after)});
}

std::string diff_text(const SnapshotDiff& diff) {
  std::string out;
  out += fmt::format("{} ({}) -> {} ({})\n", diff.from.label, diff.from.taken.to_string(), diff.to.label,
                     diff.to.taken.to_string());
  out += fmt::format("elements: {} added, {} removed, {} changed ({} field changes)\n", diff.added_count,
                     diff.removed_count, diff.changed_elements, diff.change_count);
  const auto more = [&out](std::size_t shown, std::uint64_t total) {
    if (shown < total) out += fmt::format("  ... {} more (raise --limit, or --format json)\n", total - shown);
  };
  const auto print_elements = [&](const char* title, const std::vector<SnapshotElement>& list, std::uint64_t total) {
    if (total == 0) return;
    out += fmt::format("\n{}\n", title);
    for (const auto& e : list) {
      out += fmt::format("  {:<20} {:<12} {:<16} {} {} {}{}\n", e.id, e.function, e.site, e.manufacturer, e.model,
                         e.software_version, e.designated ? "  designated" : "");
    }
    more(list.size(), total);
  };
  print_elements("Added", diff.added, diff.added_count);
  print_elements("Removed", diff.removed, diff.removed_count);
  if (diff.change_count > 0) {
    out += fmt::format("\nChanged\n");
    const auto shown = [](const std::string& v) { return v.empty() ? std::string("(none)") : v; };
    for (const auto& c : diff.changed) {
      out += fmt::format("  {:<20} {:<17} {} -> {}\n", c.id, c.field, shown(c.before), shown(c.after));
    }
    more(diff.changed.size(), diff.change_count);
  }
  out += fmt::format("\nMetrics that changed (scope/measure/quantity: before -> after, delta)\n");
  std::size_t printed = 0;
  for (const MetricChange& m : diff.metrics) {
    if (!changed_for_people(m)) continue;
    out += fmt::format("  {:<48} {} -> {} ({:+.4g})\n", m.name(), number(m.before), number(m.after), m.delta());
    ++printed;
  }
  if (printed == 0) out += fmt::format("  (none)\n");
  return out;
}

}  // namespace

Result<std::string> render_snapshot_list(SnapshotStore& store, const std::string& db, bool json) {
  auto listed = store.list();
  if (!listed.ok()) return listed.status();
  const std::vector<SnapshotInfo>& list = *listed;
  if (json) {
    Json out = Json::array();
    for (const SnapshotInfo& info : list) out.push_back(info_json(info));
    return Json{{"db", db}, {"snapshots", out}}.dump(2) + "\n";
  }
  std::string out;
  out += fmt::format("{:<24} {:<10} {:<10} {:>12}  {}\n", "label", "taken", "as of", "elements", "registry");
  for (const SnapshotInfo& info : list) {
    out += fmt::format("{:<24} {:<10} {:<10} {:>12}  {} ({})\n", info.label, info.taken.to_string(),
                       info.as_of.to_string(), info.elements, info.registry_version, info.registry_date);
  }
  if (list.empty()) out += fmt::format("(no snapshots in {})\n", db);
  return out;
}

Result<std::string> render_diff(SnapshotStore& store, const std::string& from, const std::string& to, std::size_t limit,
                                bool json) {
  auto diff = store.diff(from, to, DiffOptions{limit});
  if (!diff.ok()) return diff.status();
  return json ? diff_json(*diff).dump(2) + "\n" : diff_text(*diff);
}

Result<std::string> render_history(SnapshotStore& store, const std::string& db, bool json) {
  auto points = store.history();
  if (!points.ok()) return points.status();
  const std::vector<HistoryPoint>& history = *points;
  if (json) {
    Json points = Json::array();
    for (const HistoryPoint& p : history) {
      Json metrics = Json::array();
      for (const Metric& m : p.metrics) {
        metrics.push_back({{"scope", m.scope}, {"measure", m.measure}, {"quantity", m.quantity}, {"value", m.value}});
      }
      points.push_back({{"snapshot", info_json(p.snapshot)}, {"metrics", metrics}});
    }
    return Json{{"db", db}, {"history", points}}.dump(2) + "\n";
  }
  std::string out;
  out += fmt::format("{:<24} {:<10} {:>12} {:>9} {:>9} {:>9} {:>9} {:>8}\n", "label", "taken", "elements", "desig.#",
                     "desig.tr", "desig.sub", "unknown#", "HHI#");
  for (const HistoryPoint& p : history) {
    const auto v = [&](const char* measure, const char* quantity) { return p.value("all", measure, quantity); };
    const auto hhi = v("count", "hhi");
    out += fmt::format("{:<24} {:<10} {:>12} {:>9} {:>9} {:>9} {:>9} {:>8}\n", p.snapshot.label,
                       p.snapshot.taken.to_string(), p.snapshot.elements, percent(v("count", "designated_share")),
                       percent(v("traffic", "designated_share")), percent(v("subscribers", "designated_share")),
                       percent(v("count", "unknown_share")), hhi ? fmt::format("{:.0f}", *hhi) : "-");
  }
  if (history.empty()) out += fmt::format("(no snapshots in {})\n", db);
  return out;
}

}  // namespace kitwatch
