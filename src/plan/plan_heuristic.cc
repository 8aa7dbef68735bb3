// The planner's heuristic (docs/plan.md "The heuristic"): for instances the MILP cannot solve
// within its time limit. Every requirement becomes a demand at the period before which it must be
// met (an item's deadline; a cap's or max_suppliers' checkpoint); demands are met in that order,
// earliest first (earliest-deadline-first), each with the elements that cost least per unit of
// what the requirement measures, in the periods before it: for least cost the latest such period
// with room, preferring periods in which the site is visited anyway; for least exposure or earliest
// finish the earliest. A period has room when its budget, crews (and the site's region's crews)
// allow the work and the outage rule holds. For the exposure objective the room left is then
// filled with the remaining designated elements, cheapest first. The result is a feasible plan or
// none; its gap to the LP relaxation's bound is reported by the caller.
#include <algorithm>
#include <cmath>
#include <numeric>

#include "plan/plan_model.h"

namespace kitwatch {
namespace {

class Scheduler {
 public:
  Scheduler(const PlanModel& model, const PlanSettings& settings, PlanObjective objective, OutageChecker* checker)
      : model_(model), settings_(settings), objective_(objective), checker_(checker), T_(model.periods.size()) {
    count_.assign(model.items.size(), std::vector<std::uint32_t>(T_, 0));
    left_.resize(model.items.size());
    for (std::size_t i = 0; i < model.items.size(); ++i) left_[i] = static_cast<std::uint32_t>(model.items[i].size());
    spend_.assign(T_, 0);
    visits_.assign(T_, 0);
    visited_.assign(model.sites.size() * T_, 0);
    graph_items_.resize(T_);
    region_of_site_.assign(model.sites.size(), kNoRegion);
    for (std::size_t s = 0; s < model.sites.size(); ++s) {
      for (std::size_t r = 0; r < model.region_crews.size(); ++r) {
        if (model.region_crews[r].first == model.sites[s].region) region_of_site_[s] = r;
      }
    }
    region_visits_.assign(model.region_crews.size() * T_, 0);
    visits_limited_ = !model.region_crews.empty() || std::any_of(model.periods.begin(), model.periods.end(),
                                                                 [](const PlanPeriod& p) { return p.crews >= 0; });
  }

  bool run() {
    // Demands in order of the period before which they must be met.
    struct Demand {
      std::size_t before;
      int kind;  // 0 item deadline, 1 requirement
      std::size_t index;
    };
    std::vector<Demand> demands;
    for (std::size_t i = 0; i < model_.items.size(); ++i) {
      if (model_.items[i].deadline != kNoPeriod) demands.push_back({model_.items[i].deadline, 0, i});
    }
    for (std::size_t q = 0; q < model_.requirements.size(); ++q) {
      demands.push_back({model_.requirements[q].before, 1, q});
    }
    std::stable_sort(demands.begin(), demands.end(),
                     [](const Demand& a, const Demand& b) { return a.before < b.before; });
    for (const Demand& d : demands) {
      const bool met =
          d.kind == 0 ? place(d.index, left_[d.index], std::min(d.before, T_)) : meet(model_.requirements[d.index]);
      if (!met) {
        failed_ = d.kind == 0 ? model_.deadline_cause[d.index].rule : model_.requirements[d.index].rule;
        failed_date_ = d.kind == 0 ? model_.deadline_cause[d.index].date : model_.requirements[d.index].date;
        return false;
      }
    }
    if (objective_ == PlanObjective::kExposure) fill();
    return true;
  }

  Schedule schedule() const { return Schedule{count_}; }
  std::uint32_t failed_rule() const { return failed_; }
  Date failed_date() const { return failed_date_; }

 private:
  static constexpr std::size_t kNoRegion = static_cast<std::size_t>(-1);

  // Elements of item i done before period `before`.
  std::uint32_t done_before(std::size_t i, std::size_t before) const {
    std::uint32_t n = 0;
    for (std::size_t t = 0; t < std::min(before, T_); ++t) n += count_[i][t];
    return n;
  }

  // Can k more elements of item i go in period t?
  bool fits(std::size_t i, std::uint32_t k, std::size_t t) {
    const WorkItem& item = model_.items[i];
    if (t < item.first_period || model_.open_fraction[t] <= 0) return false;
    if (item.deadline != kNoPeriod && t >= item.deadline) return false;
    const std::size_t s = item.site_index;
    const bool new_visit = !visited_[s * T_ + t];
    const double cost = element_cost(model_, i, t) * k + (new_visit ? settings_.site_visit : 0);
    const PlanPeriod& p = model_.periods[t];
    if (p.budget >= 0 && spend_[t] + cost > p.budget + 1e-6) return false;
    if (new_visit) {
      if (p.crews >= 0 && static_cast<double>(visits_[t] + 1) > p.crews + 1e-9) return false;
      const std::size_t r = region_of_site_[s];
      if (r != kNoRegion && static_cast<double>(region_visits_[r * T_ + t] + 1) >
                                std::floor(model_.region_crews[r].second * model_.open_fraction[t] + 1e-9) + 1e-9) {
        return false;
      }
    }
    if (item.on_graph && checker_ && !graph_items_[t].empty() && count_[i][t] == 0) {
      std::vector<std::size_t> together = graph_items_[t];
      together.push_back(i);
      if (checker_->extra_cut_off(model_, together) > 0) return false;
    }
    return true;
  }

  void commit(std::size_t i, std::uint32_t k, std::size_t t) {
    const WorkItem& item = model_.items[i];
    const std::size_t s = item.site_index;
    if (!visited_[s * T_ + t]) {
      visited_[s * T_ + t] = 1;
      ++visits_[t];
      spend_[t] += settings_.site_visit;
      if (region_of_site_[s] != kNoRegion) ++region_visits_[region_of_site_[s] * T_ + t];
    }
    spend_[t] += element_cost(model_, i, t) * k;
    if (item.on_graph && count_[i][t] == 0) graph_items_[t].push_back(i);
    count_[i][t] += k;
    left_[i] -= k;
  }

  // The periods before `before` in the order the objective prefers: for cost the latest first,
  // those with the site visited already before the others; otherwise the earliest first.
  std::vector<std::size_t> periods_for(std::size_t i, std::size_t before) const {
    std::vector<std::size_t> order(std::min(before, T_));
    std::iota(order.begin(), order.end(), 0);
    if (objective_ == PlanObjective::kCost) {
      const std::size_t s = model_.items[i].site_index;
      std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const bool va = visited_[s * T_ + a], vb = visited_[s * T_ + b];
        return va != vb ? va : a > b;
      });
    }
    return order;
  }

  // Places k of item i's remaining elements in periods before `before`, as many per period as fit.
  bool place(std::size_t i, std::uint32_t k, std::size_t before) {
    k = std::min(k, left_[i]);
    for (std::size_t t : periods_for(i, before)) {
      if (k == 0) break;
      // The most elements of k that fit in t (budget allowing), found by halving.
      std::uint32_t take = k;
      while (take > 0 && !fits(i, take, t)) take /= 2;
      if (take == 0) continue;
      commit(i, take, t);
      k -= take;
    }
    return k == 0;
  }

  bool meet(const ModelRequirement& req) {
    if (req.kind == ModelRequirement::Kind::kCap) {
      double done = 0;
      for (auto [i, w] : req.terms) done += w * done_before(i, req.before);
      if (done >= req.need - 1e-9) return true;
      // Cheapest per unit weight first, a site visit shared among the item's remaining elements
      // (so that a site with many elements to do goes before a visit for one; crews count visits).
      std::vector<std::pair<std::size_t, double>> terms = req.terms;
      const auto unit_cost = [&](const std::pair<std::size_t, double>& t) {
        const double share = settings_.site_visit / std::max<std::uint32_t>(left_[t.first], 1);
        return (model_.items[t.first].cost + share) / std::max(t.second, 1e-12);
      };
      // With crews limited, visits are the scarce thing: the items with the most weight left first.
      std::stable_sort(terms.begin(), terms.end(), [&](const auto& a, const auto& b) {
        if (visits_limited_) {
          const double wa = a.second * left_[a.first], wb = b.second * left_[b.first];
          if (wa != wb) return wa > wb;
        }
        return unit_cost(a) < unit_cost(b);
      });
      for (auto [i, w] : terms) {
        if (done >= req.need - 1e-9) break;
        if (w <= 0 || left_[i] == 0) continue;
        const auto want =
            static_cast<std::uint32_t>(std::min<double>(left_[i], std::ceil((req.need - done) / w - 1e-9)));
        const std::uint32_t before_count = done_before(i, req.before);
        place(i, want, req.before);
        done += w * (done_before(i, req.before) - before_count);
      }
      return done >= req.need - 1e-9;
    }
    // max_suppliers: the controllers still present; remove the cheapest ones beyond the limit.
    struct Present {
      std::size_t group;
      double cost;
    };
    std::vector<Present> present;
    for (std::size_t g = 0; g < req.controllers.size(); ++g) {
      double cost = 0;
      bool any = false;
      for (std::size_t i : req.controllers[g]) {
        const std::uint32_t left = static_cast<std::uint32_t>(model_.items[i].size()) - done_before(i, req.before);
        any = any || left > 0;
        cost += model_.items[i].cost * left;
      }
      if (any) present.push_back({g, cost});
    }
    if (present.size() <= req.max) return true;
    std::stable_sort(present.begin(), present.end(),
                     [](const Present& a, const Present& b) { return a.cost < b.cost; });
    for (std::size_t k = 0; k < present.size() - req.max; ++k) {
      for (std::size_t i : req.controllers[present[k].group]) {
        if (!place(i, left_[i], req.before)) return false;
      }
    }
    return true;
  }

  // Exposure: the remaining designated elements, cheapest first, as early as room allows.
  void fill() {
    std::vector<std::size_t> order(model_.items.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return model_.items[a].cost < model_.items[b].cost; });
    for (std::size_t i : order) {
      if (left_[i] > 0) place(i, left_[i], T_);
    }
  }

  const PlanModel& model_;
  const PlanSettings& settings_;
  PlanObjective objective_;
  OutageChecker* checker_;
  std::size_t T_;
  std::vector<std::vector<std::uint32_t>> count_;
  std::vector<std::uint32_t> left_;
  std::vector<double> spend_;
  std::vector<std::uint32_t> visits_, region_visits_;
  std::vector<std::uint8_t> visited_;
  std::vector<std::vector<std::size_t>> graph_items_;
  std::vector<std::size_t> region_of_site_;
  std::uint32_t failed_ = 0;
  Date failed_date_;
  bool visits_limited_ = false;
};

}  // namespace

SolveResult solve_plan_heuristic(const PlanModel& model, const PlanSettings& settings, PlanObjective objective,
                                 OutageChecker* checker) {
  Scheduler scheduler(model, settings, objective, checker);
  SolveResult result;
  result.found = scheduler.run();
  if (result.found) {
    result.schedule = scheduler.schedule();
  } else {
    result.failed = DeadlineCause{scheduler.failed_rule(), scheduler.failed_date()};
  }
  return result;
}

}  // namespace kitwatch
