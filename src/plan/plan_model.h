// The planner's model (docs/plan.md "The model"): periods, work items, sites and the requirements
// as linear constraints over "item i done before period p". Built from a loaded run; solved by
// plan_milp.cc; checked by project.cc. Private to src/plan.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "plan/plan.h"
#include "topology/topology.h"

namespace kitwatch {

inline constexpr std::size_t kNoPeriod = std::numeric_limits<std::size_t>::max();

// Interchangeable elements: the same site, region, function, controller, cost, first workable
// period, rule memberships (and weights, for rules measured by traffic or subscribers); a graph node
// is an item of its own, since outages depend on which node is down. The plan decides how many of
// an item's elements to replace in each period, which is as good as deciding element by element.
struct WorkItem {
  StrId site = 0, region = 0;
  Function function = Function::kOther;
  EntityIndex controller = kNoEntity;
  std::size_t first_period = 0;      // the first period it can be worked on (installed, lead time)
  std::size_t installed_period = 0;  // the period it is installed in (0 when before the plan)
  std::size_t deadline = kNoPeriod;  // it must be done in a period before this one (kNoPeriod: no deadline)
  std::size_t site_index = 0;        // into PlanModel::sites
  std::vector<ElementIndex> elements;
  double cost = 0;                       // per element: equipment and labour
  double labour = 0;                     // per element: labour alone
  std::int32_t end_of_life = INT32_MAX;  // from this day (days since 1970) the model is at its end of life
  std::vector<std::uint32_t> rules;      // flat rule indices it counts for (scope and supplier)
  std::size_t size() const { return elements.size(); }
  bool on_graph = false;  // one of its elements is a routing-graph node
};

struct ModelSite {
  StrId site = 0, region = 0;
  std::vector<std::size_t> items;
};

// Σ weight·done(item, before) ≥ need, weight per element (a cap), or at most `max` of the groups still present
// (max_suppliers: a group is one controller's items).
struct ModelRequirement {
  enum class Kind : std::uint8_t { kCap, kMaxSuppliers } kind = Kind::kCap;
  std::uint32_t rule = 0;  // flat rule index
  Date date;
  std::size_t before = 0;                             // work in periods before this one counts
  std::string group;                                  // the cap's region or site ("" = the whole scope)
  std::vector<std::pair<std::size_t, double>> terms;  // cap: item, weight
  double need = 0;
  std::vector<std::vector<std::size_t>> controllers;  // max_suppliers
  std::uint32_t max = 0;
};

// Why an item has its deadline: the first (rule, date) that requires it done.
struct DeadlineCause {
  std::uint32_t rule = 0;
  Date date;
};

struct PlanModel;
// What replacing one element of item i in period t costs: labour alone once the equipment is at its
// end of life when the period starts (it would be replaced anyway), equipment and labour before.
double element_cost(const PlanModel& model, std::size_t item, std::size_t t);

struct PlanModel {
  std::vector<PlanPeriod> periods;
  std::vector<double> open_fraction;  // per period: the share of its days outside blackouts
  std::vector<WorkItem> items;
  std::vector<DeadlineCause> deadline_cause;  // per item (meaningful when it has a deadline)
  std::vector<ModelSite> sites;
  std::vector<ModelRequirement> requirements;
  std::vector<std::pair<std::size_t, std::size_t>> rule_ids;  // flat rule → (pack, rule)
  // Every date the plan is checked at. At a checkpoint the plan answers for the elements installed
  // before the period it falls in; an element installed in that period, in breach, appears after
  // the last work the plan could do (docs/plan.md "Installed in breach") and is replaced by the end
  // of its period.
  std::vector<Date> checkpoints;
  std::vector<std::size_t> installed_period;  // per element: the period it is installed in (0: before the plan)
  std::vector<std::pair<StrId, double>> region_crews;  // region id → visits per period
  std::uint64_t candidates = 0, unknown_makers = 0;
  std::vector<std::string> notes;
  const TopologyGraph* graph = nullptr;  // when the run has links
};

// Builds the model. graph may be null (no topology: no outage constraints).
Result<PlanModel> build_plan_model(const Inputs& inputs, const PlanSpec& spec, const TopologyGraph* graph);

// What one solve of the model decided: per item and period, how many of its elements are replaced.
struct Schedule {
  std::vector<std::vector<std::uint32_t>> count;  // [item][period]
};

// One MILP solve of the model (plan_milp.cc, COIN-OR CBC).
enum class SolveMode : std::uint8_t {
  kPlan,         // the plan: every requirement met, the objective optimised
  kElastic,      // every requirement may be missed at a price: which ones a closest plan misses
  kLeastBudget,  // the least budget per period (the same every period) that meets every requirement
  kLeastCrews,   // the least site visits per period that meet every requirement
};
struct SolveOptions {
  SolveMode mode = SolveMode::kPlan;
  PlanObjective objective = PlanObjective::kCost;
  double time_limit = 60;
  std::span<const std::vector<std::size_t>> outage_cuts;  // item sets never all in one period
  bool relax = false;  // the LP relaxation: no integrality (a bound for the heuristic's gap)
};
struct SolveResult {
  bool found = false;       // a schedule meeting the constraints was found
  bool optimal = false;     // and proven optimal
  bool infeasible = false;  // proven infeasible
  double objective = 0, bound = 0;
  Schedule schedule;
  double least = 0;                // kLeastBudget / kLeastCrews: the value found
  std::vector<std::uint8_t> late;  // kElastic: per item, some of it done after its deadline or not at all
  std::vector<double> short_by;    // kElastic: per requirement, how far it is missed
  DeadlineCause failed;            // the heuristic: the requirement (rule, date) it could not meet
};
SolveResult solve_plan_milp(const PlanModel& model, const PlanSettings& settings, const SolveOptions& options);
class OutageChecker;

// The planner's heuristic (plan_heuristic.cc, docs/plan.md "The heuristic"), for instances the MILP
// cannot solve in time: requirements in date order, each met with the cheapest elements in the
// periods before it, within budget, crews and the outage rule; for the exposure objective the
// capacity left is then filled, earliest first. found is false when it could not meet one.
SolveResult solve_plan_heuristic(const PlanModel& model, const PlanSettings& settings, PlanObjective objective,
                                 OutageChecker* checker);
// The CBC version this build links.
std::string cbc_version();

// Which elements are cut off from the core when a set of elements is down (docs/definitions.md
// "Cut off": down elements are not counted; elements hanging off a cut-off or down element are).
class OutageChecker {
 public:
  explicit OutageChecker(const TopologyGraph& graph);
  // Flags (1 = cut off) for every element of the graph's store; `down` flags the down elements.
  void cut_off(std::span<const std::uint8_t> down, std::vector<std::uint8_t>& out);
  // Elements cut off with these items down that are not cut off with nothing down and are not
  // cut off by any one of the items alone: a swap that takes down the only path around another.
  std::size_t extra_cut_off(const PlanModel& model, std::span<const std::size_t> items);
  // Elements cut off with these elements down, beyond those cut off with nothing down.
  std::size_t outage(std::span<const ElementIndex> down);
  // The pairs of graph-node items that, swapped together, cut off what neither cuts off alone,
  // found up front so that the MILP starts with them: j can only pair with i when j's node is an
  // articulation point towards the core of the graph without i's node; each such candidate is
  // then checked with extra_cut_off.
  std::vector<std::vector<std::size_t>> conflicting_pairs(const PlanModel& model);

 private:
  const std::vector<ElementIndex>& alone(const PlanModel& model, std::size_t item);
  void mark_down(const PlanModel& model, std::span<const std::size_t> items, std::uint8_t value);
  const TopologyGraph& graph_;
  std::vector<std::uint8_t> baseline_, down_, cut_, mark_;
  std::vector<NodeIndex> queue_;
  std::vector<std::vector<ElementIndex>> alone_;  // per item, computed on demand
  std::vector<std::uint8_t> alone_done_;
};

}  // namespace kitwatch
