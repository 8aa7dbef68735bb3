// The report view's optional sections: policy and violations, topology map, history, others.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "report/report_view_parts.h"

namespace kitwatch {

using nlohmann::ordered_json;

namespace {

ordered_json rule_view(const PolicyReport& report, const RuleResult& r) {
  const Pack& pack = report.packs[r.pack];
  const Rule& rule = pack.rules[r.rule];
  return ordered_json{{"pack", pack.name},
                      {"id", rule.id},
                      {"title", rule.title},
                      {"kind", std::string(rule_kind_name(rule.kind))},
                      {"severity", rule.severity},
                      {"date", rule.date ? rule.date->to_string() : ""},
                      {"status", std::string(rule_status_name(r.status))},
                      {"days_left", r.days_left},
                      {"measure", std::string(measure_name(rule.measure))},
                      {"measured", r.measured},
                      {"limit", r.limit},
                      {"elements", r.elements.size()},
                      {"figure", rule_figure_text(rule, r)},
                      {"scope_elements", r.scope_elements},
                      {"undecided", r.undecided},
                      {"source", rule.source},
                      {"assumption", rule.assumption}};
}

// Why the elements of one resolution decision count: maker, controller, evidence, designations.
ordered_json evidence_view(const AssessContext& c, std::uint32_t decision_index) {
  const Decision& d = c.resolution.decisions[decision_index];
  ordered_json items = ordered_json::array();
  for (const EvidenceItem& item : d.evidence) {
    items.push_back({{"kind", std::string(evidence_kind_name(item.kind))},
                     {"detail", item.detail},
                     {"maker", item.maker == kNoMaker ? "" : c.resolution.maker_name(item.maker, c.registry)},
                     {"supports", item.supports}});
  }
  ordered_json designations = ordered_json::array();
  for (const DesignatedController& dc : c.report.designated) {
    if (dc.entity != d.controller) continue;
    for (const DesignationRef& ref : dc.designations) designations.push_back(designation_view(c.registry, ref));
  }
  std::vector<std::string> flags;
  if (d.flags & kWhiteLabel) flags.emplace_back("white label");
  if (d.flags & kConflict) flags.emplace_back("conflicting evidence");
  if (d.flags & kUnregistered) flags.emplace_back("unregistered maker");
  if (d.flags & kFuzzyName) flags.emplace_back("fuzzy name match");
  return ordered_json{{"maker", d.maker == kNoMaker ? "" : c.resolution.maker_name(d.maker, c.registry)},
                      {"controller", d.controller == kNoEntity ? "" : c.registry.entity(d.controller).name},
                      {"confidence", d.confidence},
                      {"flags", flags},
                      {"evidence", std::move(items)},
                      {"designations", std::move(designations)}};
}

}  // namespace

ordered_json policy_view(const AssessContext& c, const ReportLimits& limits) {
  const PolicyReport& report = *c.policy;
  const ElementStore& store = c.policy_context->store;
  ordered_json rules = ordered_json::array(), timeline = ordered_json::array(), rows = ordered_json::array();
  ordered_json evidence = ordered_json::array();
  std::unordered_map<std::uint32_t, std::size_t> evidence_of;  // decision → index into evidence
  std::size_t total_rows = 0;
  for (std::size_t i = 0; i < report.results.size(); ++i) {
    const RuleResult& r = report.results[i];
    rules.push_back(rule_view(report, r));
    const Rule& rule = report.packs[r.pack].rules[r.rule];
    if (rule.date) {
      timeline.push_back({{"date", rule.date->to_string()},
                          {"rule", i},
                          {"status", std::string(rule_status_name(r.status))},
                          {"days_left", r.days_left}});
    }
    if (r.status != RuleStatus::kViolated) continue;
    total_rows += r.elements.size();
    for (ElementIndex e : r.elements) {
      if (rows.size() >= limits.violation_rows) break;
      const std::uint32_t decision = c.resolution.decision_of[e];
      auto [it, inserted] = evidence_of.try_emplace(decision, evidence.size());
      if (inserted) evidence.push_back(evidence_view(c, decision));
      const RowOrigin& origin = store.origin[e];
      rows.push_back(ordered_json::array(
          {i, std::string(store.id_of(e)), std::string(store.names.view(store.name[e])),
           std::string(store.sites.view(store.site[e])), std::string(store.regions.view(store.region[e])),
           std::string(function_name(store.function[e])),
           fmt::format("{}:{}", store.source_files[origin.file], origin.line), it->second}));
    }
  }
  std::stable_sort(timeline.begin(), timeline.end(),
                   [](const ordered_json& a, const ordered_json& b) { return a["date"] < b["date"]; });
  return ordered_json{
      {"compliant", report.failing() == 0},
      {"failing", report.failing()},
      {"rules", std::move(rules)},
      {"timeline", std::move(timeline)},
      {"violation_columns", {"rule", "element", "name", "site", "region", "function", "source", "evidence"}},
      {"violations", std::move(rows)},
      {"violations_total", total_rows},
      {"evidence", std::move(evidence)}};
}

ordered_json map_view(const AssessContext& c, const ReportLimits& limits) {
  const TopologyGraph& graph = *c.topology->graph;
  const ElementStore& store = *graph.store;
  auto flags = designated_elements(store, c.registry, c.resolution, c.report.lists, c.report.as_of);
  std::vector<std::uint8_t> designated = flags.ok() ? std::move(*flags) : std::vector<std::uint8_t>(store.size(), 0);
  // Designated nodes first, then breadth-first from them (then from any node left), so a capped
  // map shows designated nodes with their neighbourhood, as a connected picture.
  const std::size_t cap = std::min<std::size_t>(graph.size(), limits.map_nodes);
  std::vector<NodeIndex> order;
  std::vector<std::uint8_t> taken(graph.size(), 0);
  const auto take = [&](NodeIndex u) {
    if (taken[u] || order.size() >= cap) return;
    taken[u] = 1;
    order.push_back(u);
  };
  // Half the nodes at most are seeds, so their links are drawn too.
  for (NodeIndex u = 0; u < graph.size() && order.size() < std::max<std::size_t>(1, cap / 2); ++u) {
    if (designated[graph.element[u]]) take(u);
  }
  for (std::size_t head = 0, next = 0; order.size() < cap;) {
    if (head < order.size()) {
      for (NodeIndex v : graph.neighbours(order[head++])) take(v);
      continue;
    }
    while (next < graph.size() && taken[next]) ++next;
    if (next >= graph.size()) break;
    take(static_cast<NodeIndex>(next));
  }
  std::sort(order.begin(), order.end());
  std::vector<std::uint32_t> kept(graph.size(), 0xFFFFFFFFu);
  const ElementCoordinates* coords = c.coordinates;
  bool geo = coords != nullptr;
  ordered_json nodes = ordered_json::array();
  for (NodeIndex u : order) {
    const ElementIndex e = graph.element[u];
    kept[u] = static_cast<std::uint32_t>(nodes.size());
    ordered_json node{{"id", std::string(store.id_of(e))},
                      {"name", std::string(store.names.view(store.name[e]))},
                      {"function", std::string(function_name(store.function[e]))},
                      {"designated", designated[e] != 0}};
    if (coords && e < coords->latitude.size() && std::isfinite(coords->latitude[e]) &&
        std::isfinite(coords->longitude[e])) {
      node["lat"] = coords->latitude[e];
      node["lon"] = coords->longitude[e];
    } else {
      geo = false;
    }
    nodes.push_back(std::move(node));
  }
  ordered_json links = ordered_json::array();
  std::size_t total_links = 0;
  for (NodeIndex u = 0; u < graph.size(); ++u) {
    for (NodeIndex v : graph.neighbours(u)) {
      if (v <= u) continue;
      ++total_links;
      if (kept[u] == 0xFFFFFFFFu || kept[v] == 0xFFFFFFFFu || links.size() >= limits.map_links) continue;
      const bool exposed = designated[graph.element[u]] || designated[graph.element[v]];
      links.push_back(ordered_json::array({kept[u], kept[v], exposed}));
    }
  }
  return ordered_json{{"geo", geo && !nodes.empty()},
                      {"nodes", std::move(nodes)},
                      {"links", links},
                      {"nodes_omitted", graph.size() - order.size()},
                      {"links_omitted", total_links - links.size()}};
}

ordered_json history_view(const std::vector<ShareHistoryPoint>& history) {
  ordered_json out = ordered_json::array();
  for (const ShareHistoryPoint& p : history) {
    out.push_back({{"label", p.label},
                   {"taken", p.taken},
                   {"designated_share", measures_view(p.designated_share)},
                   {"unknown_share", measures_view(p.unknown_share)}});
  }
  return out;
}

ordered_json sections_view(const std::vector<ReportSection>& sections) {
  ordered_json out = ordered_json::array();
  for (const ReportSection& s : sections) {
    ordered_json figures = ordered_json::array();
    for (const auto& [label, value] : s.figures) figures.push_back({{"label", label}, {"value", value}});
    out.push_back({{"id", s.id},
                   {"title", s.title},
                   {"note", s.note},
                   {"figures", std::move(figures)},
                   {"columns", s.columns},
                   {"rows", s.rows}});
  }
  return out;
}

}  // namespace kitwatch
