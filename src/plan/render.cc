// A plan for people (text), for machines (JSON, schema in docs/schema/plan.schema.json) and for the
// FCC-style per-site status table (CSV). Every format carries what the plan cannot vouch for:
// rejected rows, elements of unknown make, the assumed costs and replacements, rules not planned.
#include <fmt/format.h>

#include <cmath>
#include <map>

#include "base/csv_writer.h"
#include "base/text_escape.h"
#include "plan/plan.h"

namespace kitwatch {
namespace {}  // namespace

std::string format_money(double v) {
  // Thousands separated by commas, no decimals: plans are in whole currency units.
  std::string digits = fmt::format("{:.0f}", std::abs(v));
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return (v < 0 ? "-" : "") + digits;
}

namespace {

std::string money(double v) {
  return format_money(v);
}

std::string period_name(const PlanPeriod& p) {
  return p.start.to_string() + ".." + p.end.to_string();
}

std::string objective_words(const Plan& plan) {
  switch (plan.spec.objective) {
    case PlanObjective::kExposure:
      return "least exposure (designated element-periods)";
    case PlanObjective::kFinish:
      return "earliest finish (the last period with work)";
    default:
      return "least cost";
  }
}

std::string objective_value_text(const Plan& plan) {
  switch (plan.spec.objective) {
    case PlanObjective::kExposure:
      return fmt::format("{:.0f} designated element-periods", plan.objective);
    case PlanObjective::kFinish:
      return plan.objective > 0
                 ? fmt::format("work ends with period {:.0f} ({})", plan.objective,
                               plan.periods[static_cast<std::size_t>(plan.objective) - 1].end.to_string())
                 : "no work";
    default:
      return fmt::format("{} {}", money(plan.objective), plan.spec.settings.currency);
  }
}

// The data caveats every format shows.
std::vector<std::string> caveats(const Plan& plan, const Inputs& inputs) {
  std::vector<std::string> out;
  if (inputs.ingest.rejected > 0) {
    out.push_back(
        fmt::format("{} of {} inventory rows were rejected and are not in the plan: the plan cannot "
                    "replace what it could not read",
                    inputs.ingest.rejected, inputs.ingest.rows_read));
  }
  if (plan.unknown_makers > 0) {
    out.push_back(
        fmt::format("{} elements have no known maker: any of them may be designated, and the plan does "
                    "not replace them",
                    plan.unknown_makers));
  }
  if (!plan.spec.settings.file.empty()) {
    out.push_back(fmt::format("Costs and limits from {}{}", plan.spec.settings.file,
                              plan.spec.settings.source.empty() ? "" : ": " + plan.spec.settings.source));
  }
  for (const std::string& a : plan.spec.settings.assumptions) out.push_back("ASSUMPTION: " + a);
  for (const std::string& n : plan.notes) out.push_back(n);
  return out;
}

}  // namespace

std::string render_plan_text(const Plan& plan, const Inputs& inputs, std::size_t max_rows) {
  std::string out;
  const PlanSpec& spec = plan.spec;
  fmt::format_to(std::back_inserter(out), "Plan from {} to {}: {} {} period{}; objective: {}\n", spec.from.to_string(),
                 plan.periods.back().end.to_string(), plan.periods.size(), period_length_name(spec.period),
                 plan.periods.size() == 1 ? "" : "s", objective_words(plan));
  if (plan.status == PlanStatus::kInfeasible || plan.status == PlanStatus::kNotFound) {
    fmt::format_to(std::back_inserter(out), "{} ({}, {:.1f} s): {}\n",
                   plan.status == PlanStatus::kInfeasible ? "INFEASIBLE" : "NO PLAN FOUND, nothing proven impossible",
                   plan.method, plan.seconds, plan.infeasibility.summary);
    if (!plan.infeasibility.unmet.empty()) out += "\nCannot be met:\n";
    for (const auto& u : plan.infeasibility.unmet) {
      fmt::format_to(
          std::back_inserter(out), "  {} at {}{}: {}\n", rule_label(inputs.packs, u.pack, u.rule), u.date.to_string(),
          u.checks > 1
              ? fmt::format(" and {} later check{} to {}", u.checks - 1, u.checks > 2 ? "s" : "", u.until.to_string())
              : "",
          u.why);
    }
  } else {
    const std::string gap = plan.status == PlanStatus::kOptimal ? "proven optimal"
                            : std::isnan(plan.gap)              ? "gap unknown: no bound"
                                                   : fmt::format("gap {:.2f}% to the best bound {}", plan.gap * 100,
                                                                 plan.spec.objective == PlanObjective::kCost
                                                                     ? money(plan.bound)
                                                                     : fmt::format("{:.0f}", plan.bound));
    if (plan.status == PlanStatus::kNothingToDo) {
      fmt::format_to(std::back_inserter(out),
                     "NOTHING TO DO ({:.1f} s): no designated element needs replacing to meet these rules in this "
                     "period ({} designated element{})\n",
                     plan.seconds, plan.candidates, plan.candidates == 1 ? "" : "s");
    } else {
      fmt::format_to(std::back_inserter(out), "PLAN FOUND ({}, {:.1f} s, {}): {}\n", plan.method, plan.seconds, gap,
                     objective_value_text(plan));
      std::uint64_t replaced = 0;
      for (const PlannedWork& w : plan.works) replaced += w.elements.size();
      fmt::format_to(std::back_inserter(out),
                     "Replaces {} of {} designated elements ({} work{} at {} site{}) for {} {}; {} outage cut{} kept "
                     "swaps apart\n",
                     replaced, plan.candidates, plan.works.size(), plan.works.size() == 1 ? "" : "s", plan.sites,
                     plan.sites == 1 ? "" : "s", money(plan.total_cost), spec.settings.currency, plan.outage_cuts,
                     plan.outage_cuts == 1 ? "" : "s");
    }
  }

  out += "\nPeriods:\n";
  fmt::format_to(std::back_inserter(out), "  {:<22} {:>14} {:>14} {:>7} {:>7} {:>10} {:>8}\n", "period", "budget",
                 "spend", "crews", "visits", "designated", "outage");
  for (const PlanPeriod& p : plan.periods) {
    fmt::format_to(std::back_inserter(out), "  {:<22} {:>14} {:>14} {:>7} {:>7} {:>10} {:>8}\n", period_name(p),
                   p.budget < 0 ? "no limit" : money(p.budget), money(p.spend),
                   p.crews < 0 ? "-" : fmt::format("{:.0f}", p.crews), p.visits, p.designated_after, p.planned_outage);
  }
  out += "  (designated: designated elements left at the period's end";
  out += plan.works.empty() ? ", with no work done" : "";
  out +=
      "; outage: elements cut off from the core while the period's swaps are down, the swapped ones not "
      "counted)\n";

  if (!plan.works.empty()) {
    fmt::format_to(
        std::back_inserter(out), "\nSchedule ({} works{}):\n", plan.works.size(),
        plan.works.size() > max_rows ? fmt::format(", the first {}; --format json or csv for all", max_rows) : "");
    for (std::size_t k = 0; k < plan.works.size() && k < max_rows; ++k) {
      const PlannedWork& w = plan.works[k];
      const Replacement& r = spec.settings.replacement[static_cast<std::size_t>(w.function)];
      std::string ids;
      for (std::size_t j = 0; j < w.elements.size() && j < 3; ++j) {
        ids += (j ? ", " : "") + std::string(inputs.store.id_of(w.elements[j]));
      }
      if (w.elements.size() > 3) ids += fmt::format(", +{}", w.elements.size() - 3);
      std::string rules;
      for (const std::string& id : w.rules) rules += (rules.empty() ? "" : ", ") + id;
      fmt::format_to(std::back_inserter(out), "  {}  {} ({})  {} x{} [{}] -> {} {}  {} {}{}\n",
                     period_name(plan.periods[w.period]), inputs.store.sites.view(w.site),
                     inputs.store.regions.view(w.region), function_name(w.function), w.elements.size(), ids, r.vendor,
                     r.model, money(w.cost), spec.settings.currency, rules.empty() ? "" : "  for " + rules);
    }
  }

  if (!plan.projection.empty()) {
    out +=
        "\nCompliance projection (the policy engine on the planned network; each rule at its first check and at "
        "the end):\n";
    std::map<std::pair<std::size_t, std::size_t>, std::vector<const RequirementCheck*>> by_rule;
    for (const RequirementCheck& c : plan.projection) by_rule[{c.pack, c.rule}].push_back(&c);
    for (const auto& [key, checks] : by_rule) {
      for (const RequirementCheck* c : checks) {
        const bool shown = c == checks.front() || c == checks.back() || c->status == RuleStatus::kViolated;
        if (!shown) continue;
        fmt::format_to(std::back_inserter(out),
                       "  {:<22} {}  without the plan: {:<9} ({:>3} element{})  with it: {} ({} element{}){}\n",
                       rule_label(inputs.packs, c->pack, c->rule), c->date.to_string(), rule_status_name(c->before),
                       c->elements_before, c->elements_before == 1 ? "" : "s", rule_status_name(c->status), c->elements,
                       c->elements == 1 ? "" : "s",
                       c->unavoidable ? "  UNAVOIDABLE: installed in breach during the plan, replaced by the end of "
                                        "that period"
                                      : "");
      }
    }
  }
  const auto notes = caveats(plan, inputs);
  if (!notes.empty()) {
    out += "\nCaveats:\n";
    for (const std::string& n : notes) out += "  " + n + "\n";
  }
  return out;
}

nlohmann::ordered_json plan_json(const Plan& plan, const Inputs& inputs) {
  using nlohmann::ordered_json;
  const PlanSpec& spec = plan.spec;
  ordered_json out;
  out["schema"] = "kitwatch-plan/1";
  out["status"] = plan_status_name(plan.status);
  out["method"] = plan.method;
  out["seconds"] = plan.seconds;
  out["objective"] = {{"name", plan_objective_name(spec.objective)},
                      {"value", plan.objective},
                      {"bound", std::isfinite(plan.bound) ? ordered_json(plan.bound) : ordered_json()},
                      {"gap", std::isnan(plan.gap) ? ordered_json() : ordered_json(plan.gap)}};
  out["from"] = spec.from.to_string();
  out["period"] = period_length_name(spec.period);
  out["currency"] = spec.settings.currency;
  out["total_cost"] = plan.total_cost;
  out["inventory"] = {{"rows_read", inputs.ingest.rows_read},
                      {"rejected", inputs.ingest.rejected},
                      {"elements", inputs.store.size()},
                      {"unknown_makers", plan.unknown_makers},
                      {"designated_candidates", plan.candidates}};
  out["model_items"] = plan.items;
  out["outage_cuts"] = plan.outage_cuts;
  ordered_json periods = ordered_json::array();
  for (const PlanPeriod& p : plan.periods) {
    periods.push_back({{"start", p.start.to_string()},
                       {"end", p.end.to_string()},
                       {"budget", p.budget < 0 ? ordered_json() : ordered_json(p.budget)},
                       {"crews", p.crews < 0 ? ordered_json() : ordered_json(p.crews)},
                       {"spend", p.spend},
                       {"visits", p.visits},
                       {"elements_replaced", p.elements},
                       {"designated_left", p.designated_after},
                       {"designated_without_plan", p.designated_without},
                       {"planned_outage", p.planned_outage}});
  }
  out["periods"] = std::move(periods);
  ordered_json works = ordered_json::array();
  for (const PlannedWork& w : plan.works) {
    const Replacement& r = spec.settings.replacement[static_cast<std::size_t>(w.function)];
    ordered_json ids = ordered_json::array();
    for (ElementIndex e : w.elements) ids.push_back(inputs.store.id_of(e));
    works.push_back({{"period", w.period},
                     {"site", inputs.store.sites.view(w.site)},
                     {"region", inputs.store.regions.view(w.region)},
                     {"function", function_name(w.function)},
                     {"elements", std::move(ids)},
                     {"replacement", {{"vendor", r.vendor}, {"model", r.model}}},
                     {"cost", w.cost},
                     {"rules", w.rules}});
  }
  out["works"] = std::move(works);
  ordered_json projection = ordered_json::array();
  for (const RequirementCheck& c : plan.projection) {
    projection.push_back({{"rule", rule_label(inputs.packs, c.pack, c.rule)},
                          {"kind", rule_kind_name(inputs.packs[c.pack].rules[c.rule].kind)},
                          {"date", c.date.to_string()},
                          {"without_plan", {{"status", rule_status_name(c.before)}, {"elements", c.elements_before}}},
                          {"with_plan",
                           {{"status", rule_status_name(c.status)},
                            {"elements", c.elements},
                            {"measured", c.measured},
                            {"limit", c.limit},
                            {"unavoidable", c.unavoidable}}}});
  }
  out["projection"] = std::move(projection);
  if (plan.status == PlanStatus::kInfeasible || plan.status == PlanStatus::kNotFound) {
    ordered_json unmet = ordered_json::array();
    for (const auto& u : plan.infeasibility.unmet) {
      unmet.push_back({{"rule", rule_label(inputs.packs, u.pack, u.rule)},
                       {"date", u.date.to_string()},
                       {"until", u.until.to_string()},
                       {"checks", u.checks},
                       {"why", u.why}});
    }
    out["infeasibility"] = {
        {"summary", plan.infeasibility.summary},
        {"unmet", std::move(unmet)},
        {"least_budget",
         plan.infeasibility.least_budget ? ordered_json(*plan.infeasibility.least_budget) : ordered_json()},
        {"least_crews",
         plan.infeasibility.least_crews ? ordered_json(*plan.infeasibility.least_crews) : ordered_json()},
        {"least_budget_proven", plan.infeasibility.least_budget_proven},
        {"least_crews_proven", plan.infeasibility.least_crews_proven}};
  }
  out["caveats"] = caveats(plan, inputs);
  out["assumptions"] = spec.settings.assumptions;
  return out;
}

std::string render_plan_csv(const Plan& plan, const Inputs& inputs) {
  CsvWriter csv(CsvCells::kSpreadsheetSafe);
  csv.header(
      "period_start,period_end,site,region,element,function,removed_vendor,removed_model,replacement_vendor,"
      "replacement_model,cost,rules,note");
  // What the plan cannot vouch for comes first, one row each, in the note column.
  for (const std::string& note : caveats(plan, inputs)) {
    for (int k = 0; k < 12; ++k) csv.plain("");
    csv.text(note);
    csv.end_row();
  }
  if (plan.status == PlanStatus::kInfeasible || plan.status == PlanStatus::kNotFound) {
    for (int k = 0; k < 12; ++k) csv.plain("");
    csv.text(std::string(plan.status == PlanStatus::kInfeasible ? "INFEASIBLE: " : "NO PLAN FOUND: ") +
             plan.infeasibility.summary);
    csv.end_row();
  }
  const ElementStore& store = inputs.store;
  for (const PlannedWork& w : plan.works) {
    const PlanPeriod& p = plan.periods[w.period];
    const Replacement& r = plan.spec.settings.replacement[static_cast<std::size_t>(w.function)];
    std::string rules;
    for (const std::string& id : w.rules) rules += (rules.empty() ? "" : ";") + id;
    for (ElementIndex e : w.elements) {
      csv.plain(p.start.to_string()).plain(p.end.to_string());
      csv.text(store.sites.view(w.site)).text(store.regions.view(w.region)).text(store.id_of(e));
      csv.plain(function_name(w.function));
      csv.text(store.vendors.view(store.declared_vendor[e])).text(store.models.view(store.model[e]));
      csv.text(r.vendor).text(r.model);
      csv.fixed(w.cost / static_cast<double>(w.elements.size()), 2);
      csv.text(rules).plain("");
      csv.end_row();
    }
  }
  return std::string(csv.view());
}

std::string render_plan_markdown(const Plan& plan, const Inputs& inputs) {
  const auto cell = [](std::string_view text) { return markdown_text(text); };
  const PlanSpec& spec = plan.spec;
  std::string out =
      fmt::format("# Removal plan from {} to {}\n\n", spec.from.to_string(), plan.periods.back().end.to_string());
  // The first lines of the text report carry the verdict.
  const std::string text = render_plan_text(plan, inputs, 0);
  std::size_t second = text.find('\n');
  std::size_t third = second == std::string::npos ? second : text.find('\n', second + 1);
  out += "**" + text.substr(second + 1, third - second - 1) + "**\n\n";
  out += fmt::format("{} {} periods; objective: {}.\n\n", plan.periods.size(), period_length_name(spec.period),
                     objective_words(plan));
  const auto notes = caveats(plan, inputs);
  if (!notes.empty()) {
    out += "## Caveats\n\n";
    for (const std::string& n : notes) out += "- " + cell(n) + "\n";
    out += "\n";
  }
  if (plan.status == PlanStatus::kInfeasible || plan.status == PlanStatus::kNotFound) {
    out += "## Cannot be met\n\n| rule | first failing check | later failing checks | why |\n|---|---|---:|---|\n";
    for (const auto& u : plan.infeasibility.unmet) {
      out += fmt::format("| {} | {} | {} | {} |\n", rule_label(inputs.packs, u.pack, u.rule), u.date.to_string(),
                         u.checks - 1, cell(u.why));
    }
    out += "\n";
  }
  out += fmt::format(
      "## Periods\n\n| period | budget ({0}) | spend ({0}) | crews | visits | replaced | designated left | "
      "outage |\n|---|---:|---:|---:|---:|---:|---:|---:|\n",
      spec.settings.currency);
  for (const PlanPeriod& p : plan.periods) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", period_name(p),
                       p.budget < 0 ? "no limit" : money(p.budget), money(p.spend),
                       p.crews < 0 ? "no limit" : fmt::format("{:.0f}", p.crews), p.visits, p.elements,
                       p.designated_after, p.planned_outage);
  }
  if (!plan.works.empty()) {
    out += fmt::format(
        "\n## Schedule\n\n| period | site | region | function | elements | replacement | cost ({}) | "
        "for rules |\n|---|---|---|---|---|---|---:|---|\n",
        spec.settings.currency);
    for (const PlannedWork& w : plan.works) {
      const Replacement& r = spec.settings.replacement[static_cast<std::size_t>(w.function)];
      std::string ids, rules;
      for (ElementIndex e : w.elements) ids += (ids.empty() ? "" : ", ") + std::string(inputs.store.id_of(e));
      for (const std::string& id : w.rules) rules += (rules.empty() ? "" : ", ") + id;
      out += fmt::format("| {} | {} | {} | {} | {} | {} {} | {} | {} |\n", period_name(plan.periods[w.period]),
                         cell(inputs.store.sites.view(w.site)), cell(inputs.store.regions.view(w.region)),
                         function_name(w.function), cell(ids), cell(r.vendor), cell(r.model), money(w.cost), rules);
    }
  }
  if (!plan.projection.empty()) {
    out +=
        "\n## Compliance projection\n\nThe policy engine on the planned network at every check date.\n\n"
        "| rule | date | without the plan | with the plan | note |\n|---|---|---|---|---|\n";
    for (const RequirementCheck& c : plan.projection) {
      out += fmt::format("| {} | {} | {} ({}) | {} ({}) | {} |\n", rule_label(inputs.packs, c.pack, c.rule),
                         c.date.to_string(), rule_status_name(c.before), c.elements_before, rule_status_name(c.status),
                         c.elements, c.unavoidable ? "unavoidable: installed in breach during the plan" : "");
    }
  }
  return out;
}

}  // namespace kitwatch
