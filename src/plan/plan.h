// The removal planner (kitwatch plan, docs/plan.md): a replacement programme for the designated
// equipment of one inventory that meets every dated requirement of the policy packs, within a
// budget and crew capacity per period, and never cuts an element off from the core because two
// swaps in the same period took down a node and the only path around it.
//
// The plan works on *work items*: the designated elements of one site that are interchangeable
// (function, region, controller, cost, first workable period, the rules they count for; a routing
// graph node is an item of its own). The plan decides how many of an item's elements to replace in
// each period; the site's work in a period is one visit.
// Requirements become linear constraints over the items (docs/plan.md "The model"); the optimum is
// found by a MILP solved with COIN-OR CBC, within a time limit, with the gap to its bound reported.
// Whatever the solver says, the plan's state at every requirement date is checked again by the
// policy engine itself (resolve + evaluate_policies on the planned inventory): the compliance
// projection in every output comes from that check, not from the model.
//
// Thread safety: make_plan only reads its inputs. CBC is run in this thread.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "model/element_store.h"
#include "policy/policy.h"
#include "run/run.h"

namespace kitwatch {

enum class PlanObjective : std::uint8_t { kCost, kExposure, kFinish };
std::string_view plan_objective_name(PlanObjective objective);
std::optional<PlanObjective> parse_plan_objective(std::string_view text);

enum class PeriodLength : std::uint8_t { kMonth, kQuarter, kHalfYear, kYear };
std::string_view period_length_name(PeriodLength length);  // monthly, quarterly, half-yearly, yearly
std::optional<PeriodLength> parse_period_length(std::string_view text);

// What replaces a function's designated equipment: a maker (as an inventory would declare it, so
// that resolution decides who it is) and a model, available lead_days after the plan starts.
struct Replacement {
  std::string vendor, model;
  std::int32_t lead_days = 0;
};

// The cost model, money and crews (a plan settings file, docs/plan.md; every value has a default,
// and a default is an illustrative assumption that every output names).
struct PlanSettings {
  std::string currency = "USD";
  std::array<double, kFunctionCount> equipment{}, labour{};  // per element replaced, by function
  double site_visit = 0;                                     // per site visit
  std::array<Replacement, kFunctionCount> replacement;       // by function
  // Money per period: empty = no limit; one value = every period; otherwise one per period (the
  // last repeats).
  std::vector<double> budget;
  std::optional<double> crews;                   // site visits per period, all regions; absent = no limit
  std::map<std::string, double> region_crews;    // site visits per period in one region
  std::vector<std::pair<Date, Date>> blackouts;  // no work on these days (inclusive)
  std::map<std::string, Date> end_of_life;       // model → its end of life: replacing then costs labour only
  std::vector<std::string> assumptions;          // which values are defaults, for every output
  std::string file;                              // where they came from ("" = defaults only)
  std::string source;                            // the file's own account of its figures
};

// The defaults alone, each named in assumptions.
PlanSettings default_plan_settings();
// Reads a plan settings YAML file's text over the defaults. Errors name file, line and column.
Result<PlanSettings> parse_plan_settings(std::string_view text, const std::string& name);
Result<PlanSettings> load_plan_settings(const std::string& path, std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

// How the plan is found: the MILP; the heuristic (with its gap to the LP relaxation's bound); or
// the MILP, falling back to the heuristic when the instance is too large or the MILP finds nothing
// in time.
enum class PlanMethod : std::uint8_t { kAuto, kMilp, kHeuristic };

struct PlanSpec {
  Date from;                  // the first period starts here
  std::optional<Date> until;  // the last period ends on or after this; default: the last rule date
  PeriodLength period = PeriodLength::kQuarter;
  PlanObjective objective = PlanObjective::kCost;
  double time_limit = 60;  // seconds for the solver
  PlanMethod method = PlanMethod::kAuto;
  PlanSettings settings = default_plan_settings();
};

struct PlanPeriod {
  Date start, end;                 // end: the period's last day
  double budget = -1, crews = -1;  // -1: no limit
  double spend = 0;
  std::uint64_t visits = 0, elements = 0;
  std::uint64_t designated_after = 0;    // designated elements present at the period's end, after its work
  std::uint64_t designated_without = 0;  // the same with no work done: the exposure the plan removes is the difference
  std::uint64_t planned_outage =
      0;  // elements cut off from the core while the period's swaps are down (swapped ones not counted)
};

// One work item scheduled: its elements are replaced in `period`.
struct PlannedWork {
  std::size_t period = 0;
  StrId site = 0, region = 0;
  Function function = Function::kOther;
  std::vector<ElementIndex> elements;
  double cost = 0;
  std::vector<std::string> rules;  // "pack/rule" ids the item counts for
};

// One requirement checked on the planned state by the policy engine.
struct RequirementCheck {
  std::size_t pack = 0, rule = 0;
  Date date;  // the checkpoint
  RuleStatus status = RuleStatus::kMet;
  double measured = 0, limit = 0;
  std::size_t elements = 0;              // elements concerned (violating), as the engine lists them
  RuleStatus before = RuleStatus::kMet;  // the same check with no work done
  std::size_t elements_before = 0;
  // Violated only by elements installed in breach during the plan (docs/plan.md): no plan can
  // prevent it; the plan replaces them by the end of the period they appear in.
  bool unavoidable = false;
};

// kInfeasible: proven that no plan meets every requirement; kNotFound: none found in the time
// limit (or by the heuristic), nothing proven.
enum class PlanStatus : std::uint8_t { kOptimal, kFeasible, kInfeasible, kNothingToDo, kNotFound };
std::string_view plan_status_name(PlanStatus status);

// Why no plan meets every requirement, found by the solver.
struct Infeasibility {
  struct Unmet {
    std::size_t pack = 0, rule = 0;
    Date date, until;        // the first and last checks it fails
    std::size_t checks = 1;  // how many of its checks fail
    std::string why;         // for people, at the first
  };
  std::vector<Unmet> unmet;            // requirements not met by the plan that comes closest
  std::optional<double> least_budget;  // per period, with the crews as given; absent: none suffices
  std::optional<double> least_crews;   // site visits per period, with the budget as given
  bool least_budget_proven = false, least_crews_proven = false;  // proven least (else: the least found in time)
  std::string summary;
};

struct Plan {
  PlanSpec spec;
  PlanStatus status = PlanStatus::kOptimal;
  std::string method;               // "MILP (COIN-OR CBC 2.10.8)" or "heuristic ..."
  double objective = 0, bound = 0;  // the objective's value and the solver's best bound
  double gap = 0;                   // (objective - bound) / |objective|, 0 when proven optimal
  double seconds = 0;
  std::vector<PlanPeriod> periods;
  std::vector<PlannedWork> works;  // by period, then site
  std::vector<RequirementCheck> projection;
  Infeasibility infeasibility;  // when status is infeasible
  double total_cost = 0;
  std::uint64_t candidates = 0, items = 0, sites = 0;  // designated elements, work items, sites with work
  std::uint64_t unknown_makers = 0;  // elements whose maker is unknown: possibly designated, not planned
  std::uint64_t outage_cuts = 0;     // sets of swaps kept apart so that nothing else is cut off
  std::vector<std::string> notes;    // rules not planned and why; assumptions; caveats
};

// Plans the inventory loaded in inputs (with its packs, and its links when given).
Result<Plan> make_plan(const Inputs& inputs, const PlanSpec& spec);

// The inventory with the plan's work done by `date` (work of periods ending before it): the replaced
// elements take the replacement's vendor and model and lose their MACs and software versions.
// uplinks are linked. For checks and for what-if.
ElementStore planned_store(const Inputs& inputs, const Plan& plan, Date date);

// 1234567.8 as "1,234,568": plans count whole currency units.
std::string format_money(double value);

std::string render_plan_text(const Plan& plan, const Inputs& inputs, std::size_t max_rows = 10);
nlohmann::ordered_json plan_json(const Plan& plan, const Inputs& inputs);
// One row per planned element: a per-site status table (location, equipment removed and its
// replacement, dates), period by period, in the shape a reimbursement programme such as the FCC's
// asks of its recipients (no programme's form is reproduced).
std::string render_plan_csv(const Plan& plan, const Inputs& inputs);
// The plan as Markdown: the verdict and the caveats first, then periods, every work, the
// compliance projection and (when no plan exists) what cannot be met.
std::string render_plan_markdown(const Plan& plan, const Inputs& inputs);

}  // namespace kitwatch
