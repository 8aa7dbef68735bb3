// The report's data model: headline cards, shares, concentration, designated controllers, footer.
#include "report/report_view.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/report_view_parts.h"

namespace kitwatch {

using nlohmann::ordered_json;

std::string percent_text(double fraction, double whole) {
  if (whole <= 0) return "-";
  return fmt::format("{:.1f}%", 100.0 * fraction);
}

std::string grouped_text(double value) {
  const auto whole = static_cast<long long>(value);
  std::string digits = std::to_string(whole < 0 ? -whole : whole);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  if (value != static_cast<double>(whole)) out += fmt::format("{:.1f}", value - static_cast<double>(whole)).substr(1);
  return whole < 0 ? "-" + out : out;
}

ordered_json measures_view(const Measures& m) {
  return ordered_json{{"count", m.count}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

namespace {

ordered_json scope_view(std::string name, const ScopeSummary& s) {
  return ordered_json{{"name", std::move(name)},
                      {"elements", s.total.count},
                      {"total", measures_view(s.total)},
                      {"designated_share", measures_view(s.designated_share)},
                      {"unknown_share", measures_view(s.unknown_share)},
                      {"control_unknown_share", measures_view(s.control_unknown_share)}};
}

ordered_json card(std::string id, std::string label, std::string value, std::string detail) {
  return ordered_json{
      {"id", std::move(id)}, {"label", std::move(label)}, {"value", std::move(value)}, {"detail", std::move(detail)}};
}

ordered_json cards_view(const AssessContext& c) {
  const AssessReport& r = c.report;
  const Measures d = r.total.designated_share, u = r.total.unknown_share;
  ordered_json cards = ordered_json::array();
  cards.push_back(card("elements", "Elements", grouped_text(r.total.total.count),
                       fmt::format("{} rows read, {} rejected", grouped_text(static_cast<double>(c.ingest.rows_read)),
                                   grouped_text(static_cast<double>(c.ingest.rejected)))));
  cards.push_back(card("designated_count", "Designated (elements)", percent_text(d.count, r.total.total.count),
                       fmt::format("{} elements", grouped_text(r.total.designated.count))));
  cards.push_back(card("designated_traffic", "Designated (traffic)", percent_text(d.traffic, r.total.total.traffic),
                       "share of traffic"));
  cards.push_back(card("designated_subscribers", "Designated (subscribers)",
                       percent_text(d.subscribers, r.total.total.subscribers), "share of subscribers"));
  cards.push_back(card("unknown", "Unknown maker", percent_text(u.count, r.total.total.count),
                       fmt::format("traffic {}, subscribers {}", percent_text(u.traffic, r.total.total.traffic),
                                   percent_text(u.subscribers, r.total.total.subscribers))));
  cards.push_back(card("control_unknown", "Control unknown",
                       percent_text(r.total.control_unknown_share.count, r.total.total.count),
                       fmt::format("{} elements of makers the registry does not know: not counted as clean",
                                   grouped_text(r.total.control_unknown.count))));
  cards.push_back(card("hhi", "Concentration (HHI)", fmt::format("{:.0f}", r.concentration.hhi.count),
                       fmt::format("top 5 hold {}", percent_text(r.concentration.top5.count, 1))));
  if (c.policy) {
    std::size_t elements = 0, violated = 0;
    for (const RuleResult& rr : c.policy->results) {
      if (rr.status != RuleStatus::kViolated) continue;
      ++violated;
      elements += rr.elements.size();
    }
    cards.push_back(card("violations", "Policy violations", grouped_text(static_cast<double>(violated)),
                         fmt::format("{} failing rule(s), {} (rule, element) pairs", c.policy->failing(),
                                     grouped_text(static_cast<double>(elements)))));
  }
  if (c.topology && c.topology->exposure) {
    const ExposureReport& e = *c.topology->exposure;
    cards.push_back(card("traffic_exposure", "Traffic crossing designated kit", percent_text(e.share(0), 1),
                         fmt::format("of {} routed volume", grouped_text(e.routed_volume))));
  }
  if (c.evaluation_utilisation) {
    cards.push_back(card("evaluation_utilisation", "Evaluation utilisation",
                         fmt::format("{:.0f}%", 100.0 * *c.evaluation_utilisation),
                         *c.evaluation_utilisation <= 1 ? "mitigations keep up" : "over capacity"));
  }
  return cards;
}

ordered_json concentration_view(const AssessContext& c, const ReportLimits& limits) {
  const AssessReport& r = c.report;
  const auto conc = [](std::string name, const Concentration& k) {
    return ordered_json{{"name", std::move(name)},
                        {"hhi", measures_view(k.hhi)},
                        {"top1", measures_view(k.top1)},
                        {"top5", measures_view(k.top5)},
                        {"controllers", k.controllers}};
  };
  ordered_json by_function = ordered_json::array();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0)
      by_function.push_back(conc(std::string(kFunctionNames[f]), r.concentration_by_function[f]));
  }
  ordered_json controllers = ordered_json::array();
  for (std::size_t i = 0; i < r.controllers.size() && i < limits.controllers; ++i) {
    const ControllerSummary& k = r.controllers[i];
    const bool registered = c.resolution.is_entity(k.controller);
    controllers.push_back({{"name", c.resolution.maker_name(k.controller, c.registry)},
                           {"country", registered ? c.registry.entity(k.controller).country : ""},
                           {"designated", k.designated},
                           {"share", measures_view(k.share)}});
  }
  return ordered_json{{"overall", conc("all", r.concentration)},
                      {"hhi_words", hhi_words(r.concentration.hhi.count)},
                      {"by_function", std::move(by_function)},
                      {"controllers", std::move(controllers)},
                      {"controllers_omitted", r.controllers.size() - controllers.size()}};
}

ordered_json designated_view(const AssessContext& c) {
  ordered_json out = ordered_json::array();
  for (const DesignatedController& d : c.report.designated) {
    ordered_json facts = ordered_json::array();
    for (const DesignationRef& ref : d.designations) facts.push_back(designation_view(c.registry, ref));
    const Entity& e = c.registry.entity(d.entity);
    out.push_back({{"name", e.name},
                   {"country", e.country},
                   {"share", measures_view(d.share)},
                   {"elements", d.measures.count},
                   {"designations", std::move(facts)}});
  }
  return out;
}

ordered_json meta_view(const AssessContext& c) {
  ordered_json lists = ordered_json::array();
  for (const std::string& id : c.report.lists) {
    if (auto index = c.registry.find_list(id)) {
      const DesignationList& list = c.registry.lists()[*index];
      lists.push_back({{"id", list.id}, {"authority", list.authority}, {"title", list.title}});
    }
  }
  ordered_json packs = ordered_json::array();
  if (c.policy) {
    for (const Pack& p : c.policy->packs) {
      packs.push_back({{"name", p.name}, {"title", p.title}, {"jurisdiction", p.jurisdiction}, {"source", p.source}});
    }
  }
  return ordered_json{{"as_of", c.report.as_of.to_string()},
                      {"registry", {{"version", c.registry.version()}, {"date", c.registry.date()}}},
                      {"lists", std::move(lists)},
                      {"policy_packs", std::move(packs)},
                      {"files", c.ingest.files},
                      {"rows_read", c.ingest.rows_read},
                      {"accepted", c.ingest.accepted},
                      {"rejected", c.ingest.rejected}};
}

}  // namespace

ordered_json designation_view(const Registry& registry, const DesignationRef& ref) {
  const DesignationList& list = registry.lists()[ref.list];
  const Designation& d = list.entries[ref.entry];
  return ordered_json{{"list", list.id},
                      {"authority", list.authority},
                      {"added", d.added.to_string()},
                      {"source", d.source},
                      {"verified", d.verified}};
}

ordered_json report_view(const AssessContext& c, const ReportLimits& limits) {
  const AssessReport& r = c.report;
  ordered_json functions = ordered_json::array();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0)
      functions.push_back(scope_view(std::string(kFunctionNames[f]), r.by_function[f]));
  }
  ordered_json regions = ordered_json::array();
  for (std::size_t i = 0; i < r.by_region.size() && i < limits.regions; ++i) {
    const RegionSummary& region = r.by_region[i];
    regions.push_back(scope_view(region.name.empty() ? "(no region)" : region.name, region.scope));
  }
  ordered_json view{{"kind", "kitwatch-report/1"},
                    {"meta", meta_view(c)},
                    {"cards", cards_view(c)},
                    {"total", scope_view("all", r.total)},
                    {"functions", std::move(functions)},
                    {"regions", std::move(regions)},
                    {"regions_omitted", r.by_region.size() - std::min(r.by_region.size(), limits.regions)},
                    {"concentration", concentration_view(c, limits)},
                    {"designated", designated_view(c)},
                    {"policy", c.policy && c.policy_context ? policy_view(c, limits) : ordered_json()},
                    {"map", c.topology && c.topology->graph ? map_view(c, limits) : ordered_json()},
                    {"history", c.history && !c.history->empty() ? history_view(*c.history) : ordered_json()},
                    {"sections", sections_view(c.sections)}};
  return view;
}

}  // namespace kitwatch
