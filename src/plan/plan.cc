// make_plan: model → MILP with outage cuts added until no period cuts anything off → the plan,
// checked by the policy engine at every checkpoint; or, when no plan meets the requirements, the
// solver's explanation (docs/plan.md "When no plan exists").
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>

#include "base/threads.h"
#include "plan/plan_model.h"

namespace kitwatch {
namespace {

constexpr int kMaxCutRounds = 200;
// Above this many decision columns the MILP is not tried unless asked for (--method milp).
constexpr std::size_t kMaxMilpColumns = 2'000'000;

// A schedule element by element: each item's elements taken in order, period by period.
struct Assignment {
  std::size_t item = 0, period = 0;
  std::vector<ElementIndex> elements;
};
std::vector<Assignment> expand(const PlanModel& model, const Schedule& schedule) {
  std::vector<Assignment> out;
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    std::size_t next = 0;
    for (std::size_t t = 0; t < model.periods.size(); ++t) {
      const std::size_t count = std::min<std::size_t>(schedule.count[i][t], model.items[i].size() - next);
      if (count == 0) continue;
      const auto begin = model.items[i].elements.begin() + static_cast<std::ptrdiff_t>(next);
      out.push_back(Assignment{i, t, std::vector<ElementIndex>(begin, begin + static_cast<std::ptrdiff_t>(count))});
      next += count;
    }
  }
  return out;
}

// The items of each period that can take part in an outage (graph nodes, one element each).
std::vector<std::vector<std::size_t>> graph_items_by_period(const PlanModel& model, const Schedule& schedule) {
  std::vector<std::vector<std::size_t>> out(model.periods.size());
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    if (!model.items[i].on_graph) continue;
    for (std::size_t t = 0; t < model.periods.size(); ++t) {
      if (schedule.count[i][t] > 0) out[t].push_back(i);
    }
  }
  return out;
}

// Adds the cuts a schedule needs: per period whose swaps cut something off together, every pair
// of its items that does so alone, or else the period's whole set. Returns how many were added.
std::size_t add_outage_cuts(const PlanModel& model, const Schedule& schedule, OutageChecker& checker,
                            std::vector<std::vector<std::size_t>>& cuts) {
  std::size_t added = 0;
  for (const auto& items : graph_items_by_period(model, schedule)) {
    if (items.size() < 2 || checker.extra_cut_off(model, items) == 0) continue;
    bool pair = false;
    for (std::size_t a = 0; a < items.size(); ++a) {
      for (std::size_t b = a + 1; b < items.size(); ++b) {
        const std::size_t two[] = {items[a], items[b]};
        if (checker.extra_cut_off(model, two) > 0) {
          cuts.push_back({items[a], items[b]});
          pair = true;
          ++added;
        }
      }
    }
    if (!pair) {
      cuts.push_back(items);
      ++added;
    }
  }
  return added;
}

// Why each requirement the closest plan misses is missed, and the least budget and crews.
void explain_infeasibility(const Inputs& inputs, const PlanModel& model, const PlanSpec& spec,
                           std::span<const std::vector<std::size_t>> cuts, double seconds, Plan& plan) {
  Infeasibility& out = plan.infeasibility;
  // Up to three solves share the time left.
  const double each = std::max(1.0, seconds / 3);
  SolveOptions elastic{SolveMode::kElastic, spec.objective, each, cuts};
  const SolveResult closest = solve_plan_milp(model, spec.settings, elastic);
  std::map<std::pair<std::uint32_t, std::int32_t>, std::vector<std::size_t>> late_by_cause;
  if (closest.found) {
    for (std::size_t i = 0; i < model.items.size(); ++i) {
      if (closest.late[i])
        late_by_cause[{model.deadline_cause[i].rule, model.deadline_cause[i].date.days()}].push_back(i);
    }
  }
  for (const auto& [cause, items] : late_by_cause) {
    Infeasibility::Unmet unmet;
    std::tie(unmet.pack, unmet.rule) = model.rule_ids[cause.first];
    unmet.date = Date::from_days(cause.second);
    std::size_t elements = 0, impossible = 0;
    for (std::size_t i : items) {
      elements += model.items[i].elements.size();
      bool open = false;  // some open period between its first workable one and its deadline
      for (std::size_t t = model.items[i].first_period; t < std::min(model.periods.size(), model.items[i].deadline);
           ++t) {
        open = open || model.open_fraction[t] > 0;
      }
      if (!open) impossible += model.items[i].elements.size();
    }
    unmet.why = fmt::format(
        "{} element{} due by then cannot all be replaced in time within the limits (budget, crews, lead "
        "times, blackouts, outage rule)",
        elements, elements == 1 ? "" : "s");
    if (impossible > 0) {
      unmet.why += fmt::format(
          "; {} of them whatever the budget: no open period that ends before the date can take them (the "
          "plan's first period ends {}; replacement lead times and installed dates set the first period each can "
          "be worked in; blackouts close periods)",
          impossible, model.periods.front().end.to_string());
    }
    out.unmet.push_back(std::move(unmet));
  }
  if (closest.found) {
    for (std::size_t q = 0; q < model.requirements.size(); ++q) {
      if (closest.short_by[q] <= 1e-6) continue;
      const ModelRequirement& req = model.requirements[q];
      Infeasibility::Unmet unmet;
      std::tie(unmet.pack, unmet.rule) = model.rule_ids[req.rule];
      unmet.date = req.date;
      const Rule& rule = inputs.packs[unmet.pack].rules[unmet.rule];
      unmet.why =
          req.kind == ModelRequirement::Kind::kCap
              ? fmt::format("the share{} stays over {:.2f}%: {:g} more {} would have to be replaced in time",
                            req.group.empty() ? "" : " in " + req.group, rule.limit * 100, closest.short_by[q],
                            rule.measure == Measure::kCount ? "elements" : std::string(measure_name(rule.measure)))
              : fmt::format("{:g} designated supplier{}{} too many remain", closest.short_by[q],
                            closest.short_by[q] > 1 ? "s" : "", req.group.empty() ? "" : " in " + req.group);
      out.unmet.push_back(std::move(unmet));
    }
  }
  std::sort(out.unmet.begin(), out.unmet.end(), [](const auto& a, const auto& b) {
    return std::tie(a.pack, a.rule, a.date) < std::tie(b.pack, b.rule, b.date);
  });
  // One entry per rule: its first failing check, and how many more.
  std::vector<Infeasibility::Unmet> merged;
  for (Infeasibility::Unmet& u : out.unmet) {
    u.until = u.date;
    if (!merged.empty() && merged.back().pack == u.pack && merged.back().rule == u.rule) {
      merged.back().until = u.date;
      ++merged.back().checks;
    } else {
      merged.push_back(std::move(u));
    }
  }
  out.unmet = std::move(merged);
  const bool budget_limited = !spec.settings.budget.empty();
  const bool crews_limited = spec.settings.crews.has_value();
  // What the least-budget and least-crews solves came to: a value (proven least or not), proven
  // none, or nothing found in time.
  auto outcome = [](const SolveResult& r) {
    return r.found ? (r.optimal ? "" : " (the least found in the time limit, not proven least)")
                   : (r.infeasible ? "none" : "unknown");
  };
  std::string budget_outcome, crews_outcome;
  if (budget_limited) {
    const SolveResult r = solve_plan_milp(model, spec.settings, {SolveMode::kLeastBudget, spec.objective, each, cuts});
    if (r.found) out.least_budget = std::round(r.least * 100) / 100;
    out.least_budget_proven = r.found && r.optimal;
    budget_outcome = outcome(r);
  }
  if (crews_limited) {
    const SolveResult r = solve_plan_milp(model, spec.settings, {SolveMode::kLeastCrews, spec.objective, each, cuts});
    if (r.found) out.least_crews = std::ceil(r.least - 1e-6);
    out.least_crews_proven = r.found && r.optimal;
    crews_outcome = outcome(r);
  }
  std::string s = out.unmet.empty() ? "No plan meets every requirement"
                                    : fmt::format("No plan meets every requirement: {} rule{} cannot be met",
                                                  out.unmet.size(), out.unmet.size() == 1 ? "" : "s");
  if (out.least_budget) {
    s += fmt::format("; a budget of {} {} every period would suffice{} (crews as given)",
                     format_money(*out.least_budget), spec.settings.currency, budget_outcome);
  } else if (budget_outcome == "none") {
    s += "; no budget suffices with the crews as given";
  } else if (budget_limited) {
    s += "; the least budget was not found within the time limit";
  }
  if (out.least_crews) {
    s += fmt::format("; {:.0f} site visits every period would suffice{} (budget as given)", *out.least_crews,
                     crews_outcome);
  } else if (crews_outcome == "none") {
    s += "; no crew capacity suffices with the budget as given";
  } else if (crews_limited) {
    s += "; the least crew capacity was not found within the time limit";
  }
  out.summary = s;
}

// The main objective's value of a schedule (the tie-break left out).
double objective_value(const PlanModel& model, const PlanSettings& settings, PlanObjective objective,
                       const std::vector<Assignment>& assigned) {
  const std::size_t T = model.periods.size();
  double value = 0;
  if (objective == PlanObjective::kFinish) {
    for (const Assignment& a : assigned) value = std::max(value, static_cast<double>(a.period + 1));
    return value;
  }
  if (objective == PlanObjective::kExposure) {
    // Every candidate counts T periods, less those after its replacement.
    for (const WorkItem& item : model.items) value += static_cast<double>(item.size() * T);
    for (const Assignment& a : assigned) value -= static_cast<double>(a.elements.size() * (T - a.period));
    return value;
  }
  std::vector<std::vector<std::uint8_t>> visited(model.sites.size(), std::vector<std::uint8_t>(T, 0));
  for (const Assignment& a : assigned) {
    value += element_cost(model, a.item, a.period) * static_cast<double>(a.elements.size());
    std::uint8_t& v = visited[model.items[a.item].site_index][a.period];
    if (!v) value += settings.site_visit;
    v = 1;
  }
  return value;
}

// Designated elements left at each period's end (present by then, not yet replaced), and present with
// no work done; done_in: the period each element is replaced in (kNoPeriod: not replaced).
void designated_left(const Inputs& inputs, const PlanModel& model, const std::vector<std::size_t>& done_in,
                     Plan& plan) {
  for (std::size_t t = 0; t < plan.periods.size(); ++t) {
    std::uint64_t left = 0, present = 0;
    for (const WorkItem& item : model.items) {
      for (ElementIndex e : item.elements) {
        const std::int32_t installed = inputs.store.installed[e];
        if (installed != kNoDate && installed > plan.periods[t].end.days()) continue;
        ++present;
        left += done_in[e] == kNoPeriod || done_in[e] > t;
      }
    }
    plan.periods[t].designated_after = left;
    plan.periods[t].designated_without = present;
  }
}

// The policy engine on the planned state at every checkpoint, and on the unchanged inventory.
void project(const Inputs& inputs, const PlanModel& model, Plan& plan) {
  const unsigned threads = worker_threads(inputs.spec.threads);
  for (Date date : model.checkpoints) {
    std::vector<std::size_t> unavoidable_checks;  // indices into plan.projection
    const ElementStore after = planned_store(inputs, plan, date);
    const Resolution resolved = resolve(after, *inputs.registry, *inputs.macs, date);
    auto now = evaluate_policies(inputs.packs, PolicyContext{after, *inputs.registry, resolved, date, threads});
    auto before = evaluate_policies(inputs.packs,
                                    PolicyContext{inputs.store, *inputs.registry, inputs.resolution, date, threads});
    if (!now.ok() || !before.ok()) continue;                 // the same selectors compiled when the model was built
    for (std::size_t k = 0; k < now->results.size(); ++k) {  // results are in flat rule order
      const RuleResult& r = now->results[k];
      const Rule& rule = inputs.packs[r.pack].rules[r.rule];
      if (rule.kind == RuleKind::kRequireEvidence || !r.in_force) continue;
      RequirementCheck check;
      check.pack = r.pack;
      check.rule = r.rule;
      check.date = date;
      check.status = r.status;
      check.measured = r.measured;
      check.limit = r.limit;
      check.elements = r.elements.size();
      check.before = before->results[k].status;
      check.elements_before = before->results[k].elements.size();
      if (r.status == RuleStatus::kViolated) unavoidable_checks.push_back(plan.projection.size());
      plan.projection.push_back(check);
    }
    // A violation the plan could not prevent: met once the elements installed in the checkpoint's
    // own period (after the last work the plan could finish) are left out.
    if (unavoidable_checks.empty()) continue;
    std::vector<ElementIndex> answered;
    const auto done_before = static_cast<std::size_t>(
        std::count_if(plan.periods.begin(), plan.periods.end(), [&](const PlanPeriod& p) { return p.end < date; }));
    for (ElementIndex e = 0; e < after.size(); ++e) {
      if (model.installed_period[e] < done_before) answered.push_back(e);
    }
    ElementStore earlier = ElementStore::subset(after, answered);
    earlier.link_uplinks();
    const Resolution earlier_resolved = resolve(earlier, *inputs.registry, *inputs.macs, date);
    auto then =
        evaluate_policies(inputs.packs, PolicyContext{earlier, *inputs.registry, earlier_resolved, date, threads});
    if (!then.ok()) continue;
    for (std::size_t index : unavoidable_checks) {
      RequirementCheck& check = plan.projection[index];
      for (const RuleResult& r : then->results) {
        if (r.pack == check.pack && r.rule == check.rule) check.unavoidable = r.status != RuleStatus::kViolated;
      }
    }
  }
}

}  // namespace

std::string_view plan_status_name(PlanStatus status) {
  switch (status) {
    case PlanStatus::kFeasible:
      return "feasible";
    case PlanStatus::kInfeasible:
      return "infeasible";
    case PlanStatus::kNothingToDo:
      return "nothing to do";
    case PlanStatus::kNotFound:
      return "no plan found";
    default:
      return "optimal";
  }
}

ElementStore planned_store(const Inputs& inputs, const Plan& plan, Date date) {
  const ElementStore& store = inputs.store;
  std::vector<std::int8_t> function_of(store.size(), -1);
  for (const PlannedWork& w : plan.works) {
    if (plan.periods[w.period].end >= date) continue;
    for (ElementIndex e : w.elements) function_of[e] = static_cast<std::int8_t>(w.function);
  }
  ElementStore out;
  out.reserve(store.size());
  out.source_files = store.source_files;
  for (ElementIndex e = 0; e < store.size(); ++e) {
    ElementRow row = store.row(e);
    if (function_of[e] >= 0) {
      const Replacement& r = plan.spec.settings.replacement[static_cast<std::size_t>(function_of[e])];
      row.declared_vendor = r.vendor;
      row.model = r.model;
      row.software_version = {};
      row.macs = {};
    }
    out.append(row);
  }
  out.link_uplinks();
  return out;
}

Result<Plan> make_plan(const Inputs& inputs, const PlanSpec& spec) {
  const auto started = std::chrono::steady_clock::now();
  Plan plan;
  plan.spec = spec;
  std::unique_ptr<TopologyGraph> graph;
  if (inputs.topology) {
    graph =
        std::make_unique<TopologyGraph>(build_topology(inputs.store, inputs.topology->links, inputs.topology->demands));
  }
  auto built = build_plan_model(inputs, spec, graph.get());
  if (!built.ok()) return built.status();
  PlanModel& model = *built;
  plan.periods = model.periods;
  plan.candidates = model.candidates;
  plan.items = model.items.size();
  plan.unknown_makers = model.unknown_makers;
  plan.notes = model.notes;
  plan.method = fmt::format("MILP (COIN-OR CBC {})", cbc_version());

  std::vector<std::vector<std::size_t>> cuts;
  std::optional<OutageChecker> checker;
  if (graph) checker.emplace(*graph);
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(); };
  std::size_t columns = 0;  // x columns the MILP would have
  for (const WorkItem& item : model.items) {
    const std::size_t last = std::min(model.periods.size(), item.deadline);
    if (last > item.first_period) columns += last - item.first_period;
  }
  bool heuristic =
      spec.method == PlanMethod::kHeuristic || (spec.method == PlanMethod::kAuto && columns > kMaxMilpColumns);
  // auto: the heuristic first (it is quick), kept when the MILP finds no plan in time.
  std::optional<SolveResult> quick;
  if (spec.method == PlanMethod::kAuto) {
    quick = solve_plan_heuristic(model, spec.settings, spec.objective, checker ? &*checker : nullptr);
  }
  SolveResult solved;
  if (!heuristic) {
    if (checker) cuts = checker->conflicting_pairs(model);
    for (int round = 0;; ++round) {
      solved = solve_plan_milp(model, spec.settings,
                               {SolveMode::kPlan, spec.objective, std::max(1.0, spec.time_limit - elapsed()), cuts});
      if (!solved.found || !checker) break;
      if (add_outage_cuts(model, solved.schedule, *checker, cuts) == 0) break;
      if (round == kMaxCutRounds) {
        return Status::internal(
            fmt::format("plan: {} rounds of outage cuts did not separate the swaps", kMaxCutRounds));
      }
    }
    plan.outage_cuts = cuts.size();
    if (!solved.found && !solved.infeasible && spec.method == PlanMethod::kAuto) {
      plan.notes.push_back(
          fmt::format("The MILP found no plan within the time limit ({:g} s): the heuristic planned "
                      "instead",
                      spec.time_limit));
      heuristic = true;
    }
  }
  if (heuristic) {
    solved = quick ? std::move(*quick)
                   : solve_plan_heuristic(model, spec.settings, spec.objective, checker ? &*checker : nullptr);
    plan.method = "heuristic (earliest deadline first; docs/plan.md), gap to the LP relaxation's bound (COIN-OR CBC " +
                  cbc_version() + ")";
    if (!solved.found) {
      plan.status = PlanStatus::kNotFound;
      plan.infeasibility.summary = fmt::format(
          "The heuristic found no plan: it could not meet {} at {} within the budget, crews and outage rule; that "
          "does not prove that no plan exists (try --method milp with a longer --time-limit)",
          rule_label(inputs.packs, model.rule_ids[solved.failed.rule].first, model.rule_ids[solved.failed.rule].second),
          solved.failed.date.to_string());
      designated_left(inputs, model, std::vector<std::size_t>(inputs.store.size(), kNoPeriod), plan);
      plan.seconds = elapsed();
      return plan;
    }
    SolveOptions lp{SolveMode::kPlan, spec.objective, std::max(1.0, spec.time_limit - elapsed()), {}};
    lp.relax = true;
    const SolveResult relaxed = solve_plan_milp(model, spec.settings, lp);
    solved.optimal = false;
    solved.bound = relaxed.found ? relaxed.objective : -std::numeric_limits<double>::infinity();
    if (!relaxed.found) plan.notes.push_back("The LP relaxation was not solved in time: the gap is unknown");
  }
  if (!solved.found) {
    plan.status = solved.infeasible ? PlanStatus::kInfeasible : PlanStatus::kNotFound;
    if (!solved.infeasible) {
      plan.notes.push_back(
          fmt::format("The solver found no plan within {:g} s (time limit): no plan was proven impossible either",
                      spec.time_limit));
    }
    explain_infeasibility(inputs, model, spec, cuts, spec.time_limit - elapsed(), plan);
    designated_left(inputs, model, std::vector<std::size_t>(inputs.store.size(), kNoPeriod), plan);
    plan.seconds = elapsed();
    return plan;
  }
  plan.status = solved.optimal ? PlanStatus::kOptimal : PlanStatus::kFeasible;
  const std::vector<Assignment> assigned = expand(model, solved.schedule);
  plan.objective = objective_value(model, spec.settings, spec.objective, assigned);
  // The solver's bound includes the tie-break (below 0.5 in all) and, for exposure, less a constant:
  // the main objective is a whole number then, so the bound on it rounds up.
  if (solved.optimal) {
    plan.bound = plan.objective;
  } else if (spec.objective == PlanObjective::kCost) {
    plan.bound = solved.bound;
  } else {
    double constant = 0;
    if (spec.objective == PlanObjective::kExposure) {
      for (const WorkItem& item : model.items) constant += static_cast<double>(item.elements.size());
      constant *= static_cast<double>(model.periods.size());
    }
    plan.bound = std::ceil(solved.bound + constant - 0.5 - 1e-6);
  }
  if (spec.objective == PlanObjective::kFinish && !solved.optimal) {
    // Work that must be done cannot end before the first period it can be done in: a bound the
    // LP relaxation is far weaker than.
    for (const WorkItem& item : model.items) {
      if (item.deadline != kNoPeriod) plan.bound = std::max(plan.bound, static_cast<double>(item.first_period + 1));
    }
    // Nor before the budgets of the periods up to it add up to the least any plan must spend (the
    // cost LP relaxation's bound).
    if (!spec.settings.budget.empty() && plan.bound < plan.objective) {
      SolveOptions lp{SolveMode::kPlan, PlanObjective::kCost, std::max(1.0, spec.time_limit - elapsed()), cuts};
      lp.relax = true;
      const SolveResult least_spend = solve_plan_milp(model, spec.settings, lp);
      if (least_spend.found) {
        double budget = 0;
        std::size_t k = 0;
        while (k < model.periods.size() && budget < least_spend.objective - 1e-6) budget += model.periods[k++].budget;
        plan.bound = std::max(plan.bound, static_cast<double>(k));
      }
    }
    if (plan.bound >= plan.objective) {
      solved.optimal = true;
      plan.status = PlanStatus::kOptimal;
    }
  }
  plan.gap = solved.optimal || plan.objective == 0
                 ? 0
                 : std::max(0.0, (plan.objective - plan.bound) / std::abs(plan.objective));
  if (!std::isfinite(plan.bound)) plan.gap = std::numeric_limits<double>::quiet_NaN();

  // The works, period by period and site by site.
  std::vector<std::vector<std::uint8_t>> visited(model.sites.size(),
                                                 std::vector<std::uint8_t>(model.periods.size(), 0));
  std::vector<std::uint8_t> site_seen(model.sites.size(), 0);
  std::vector<std::vector<ElementIndex>> down(model.periods.size());
  std::vector<std::size_t> done_in(inputs.store.size(), kNoPeriod);
  for (const Assignment& a : assigned) {
    const WorkItem& item = model.items[a.item];
    const double cost = element_cost(model, a.item, a.period) * static_cast<double>(a.elements.size());
    PlannedWork w{a.period, item.site, item.region, item.function, a.elements, cost, {}};
    for (std::uint32_t r : item.rules)
      w.rules.push_back(rule_label(inputs.packs, model.rule_ids[r].first, model.rule_ids[r].second));
    plan.works.push_back(std::move(w));
    PlanPeriod& p = plan.periods[a.period];
    p.spend += cost;
    p.elements += a.elements.size();
    if (!visited[item.site_index][a.period]) {
      visited[item.site_index][a.period] = 1;
      ++p.visits;
      p.spend += spec.settings.site_visit;
    }
    if (!site_seen[item.site_index]) {
      site_seen[item.site_index] = 1;
      ++plan.sites;
    }
    down[a.period].insert(down[a.period].end(), a.elements.begin(), a.elements.end());
    for (ElementIndex e : a.elements) done_in[e] = a.period;
  }
  if (checker) {
    for (std::size_t t = 0; t < plan.periods.size(); ++t) {
      if (!down[t].empty()) plan.periods[t].planned_outage = checker->outage(down[t]);
    }
  }
  std::stable_sort(plan.works.begin(), plan.works.end(), [&](const PlannedWork& a, const PlannedWork& b) {
    return std::make_pair(a.period, inputs.store.sites.view(a.site)) <
           std::make_pair(b.period, inputs.store.sites.view(b.site));
  });
  designated_left(inputs, model, done_in, plan);
  for (const PlanPeriod& p : plan.periods) plan.total_cost += p.spend;
  if (plan.works.empty()) plan.status = PlanStatus::kNothingToDo;
  project(inputs, model, plan);
  for (const RequirementCheck& c : plan.projection) {
    const Rule& rule = inputs.packs[c.pack].rules[c.rule];
    if (c.status == RuleStatus::kViolated && !c.unavoidable) {
      plan.notes.push_back(fmt::format(
          "CHECK FAILED: the policy engine finds {}/{} violated on the planned network at {} ({} elements), which "
          "the plan's model did not foresee; do not rely on this plan (please report it)",
          inputs.packs[c.pack].name, rule.id, c.date.to_string(), c.elements));
    }
  }
  plan.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return plan;
}

}  // namespace kitwatch
