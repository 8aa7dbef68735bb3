// The planner's MILP (docs/plan.md "The MILP"), solved with COIN-OR CBC through its C interface.
//
// Variables: x[i,t] = 1 when item i is replaced in period t (only periods from the item's first
// workable one, open, and before its deadline); y[s,t] = 1 when site s is visited in period t.
// Rows: each item at most once (exactly once when it has a deadline); x[i,t] ≤ y[s(i),t]; spend
// and visits per period within the budget and crews; every cap and max_suppliers requirement;
// every outage cut. The objective is the user's (cost; exposure = designated element-periods;
// finish = the last period with work), with cost as a tie-break far below one unit of it.
#include <coin/Cbc_C_Interface.h>
#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <memory>

#include "plan/plan_model.h"

namespace kitwatch {
namespace {

// CBC's infinity (COIN_DBL_MAX).
constexpr double kInfinity = std::numeric_limits<double>::max();

// The model, gathered row by row and handed to CBC whole (adding rows to CBC one at a time
// copies its matrix each time: quadratic in the rows).
class CbcProblem {
 public:
  int column(double lb, double ub, double objective, bool integer) {
    lower_.push_back(lb);
    upper_.push_back(ub);
    objective_.push_back(objective);
    integer_.push_back(integer);
    return static_cast<int>(lower_.size() - 1);
  }
  // sense: 'L' (≤), 'G' (≥) or 'E' (=).
  void row(const std::vector<int>& cols, const std::vector<double>& coefs, char sense, double rhs) {
    if (cols.empty()) return;
    const int r = static_cast<int>(row_lower_.size());
    row_lower_.push_back(sense == 'L' ? -kInfinity : rhs);
    row_upper_.push_back(sense == 'G' ? kInfinity : rhs);
    for (std::size_t k = 0; k < cols.size(); ++k) entries_.push_back(Entry{cols[k], r, coefs[k]});
  }
  int columns() const { return static_cast<int>(lower_.size()); }
  // Builds the CBC model (column-major matrix).
  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> build(bool relax) const {
    std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), &Cbc_deleteModel);
    Cbc_setLogLevel(model.get(), 0);
    Cbc_setParameter(model.get(), "threads", "1");
    const std::size_t n = lower_.size();
    std::vector<CoinBigIndex> start(n + 1, 0);
    for (const Entry& e : entries_) ++start[static_cast<std::size_t>(e.col) + 1];
    for (std::size_t c = 0; c < n; ++c) start[c + 1] += start[c];
    std::vector<CoinBigIndex> fill(start.begin(), start.end() - 1);
    std::vector<int> index(entries_.size());
    std::vector<double> value(entries_.size());
    for (const Entry& e : entries_) {
      const auto at = static_cast<std::size_t>(fill[static_cast<std::size_t>(e.col)]++);
      index[at] = e.row;
      value[at] = e.value;
    }
    Cbc_loadProblem(model.get(), static_cast<int>(n), static_cast<int>(row_lower_.size()), start.data(), index.data(),
                    value.data(), lower_.data(), upper_.data(), objective_.data(), row_lower_.data(),
                    row_upper_.data());
    for (std::size_t c = 0; c < n; ++c) {
      if (integer_[c] && !relax) Cbc_setInteger(model.get(), static_cast<int>(c));
    }
    return model;
  }

 private:
  struct Entry {
    int col, row;
    double value;
  };
  std::vector<double> lower_, upper_, objective_, row_lower_, row_upper_;
  std::vector<bool> integer_;
  std::vector<Entry> entries_;
};

}  // namespace

std::string cbc_version() {
  return Cbc_getVersion();
}

SolveResult solve_plan_milp(const PlanModel& model, const PlanSettings& settings, const SolveOptions& options) {
  SolveResult result;
  CbcProblem cbc;
  const std::size_t T = model.periods.size();
  const bool elastic = options.mode == SolveMode::kElastic;
  double total_cost = 1;
  for (const WorkItem& item : model.items)
    total_cost += item.cost * static_cast<double>(item.size()) + settings.site_visit;
  // The tie-break weight keeps the whole cost below one unit of the main objective (and, in the
  // elastic solve, below one missed requirement).
  const double tie = options.objective == PlanObjective::kCost && !elastic ? 1.0 : 0.5 / total_cost;

  // x columns.
  std::vector<std::vector<int>> x(model.items.size(), std::vector<int>(T, -1));
  std::vector<std::vector<int>> y(model.sites.size(), std::vector<int>(T, -1));
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    const WorkItem& item = model.items[i];
    const std::size_t last = elastic ? T : std::min(T, item.deadline);
    for (std::size_t t = item.first_period; t < last; ++t) {
      if (model.open_fraction[t] <= 0) continue;
      double obj = 0;
      if (options.mode == SolveMode::kPlan || elastic) {
        obj = tie * element_cost(model, i, t);
        if (options.objective == PlanObjective::kExposure && !elastic) obj -= static_cast<double>(T - t);
      }
      x[i][t] = cbc.column(0, static_cast<double>(item.size()), obj, true);
      int& site = y[item.site_index][t];
      if (site < 0) {
        const bool paid = options.mode == SolveMode::kPlan || elastic;
        site = cbc.column(0, 1, paid ? tie * settings.site_visit : 0, true);
      }
    }
  }
  // Each element at most once; every one by the item's deadline unless elastic.
  std::vector<int> late(model.items.size(), -1);
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    std::vector<int> cols;
    std::vector<double> ones;
    for (std::size_t t = 0; t < T; ++t) {
      if (x[i][t] >= 0) {
        cols.push_back(x[i][t]);
        ones.push_back(1);
      }
    }
    const bool due = model.items[i].deadline != kNoPeriod;
    const auto n = static_cast<double>(model.items[i].size());
    if (due && elastic) {
      late[i] = cbc.column(0, 1, 1, true);
      std::vector<int> by;
      std::vector<double> by_ones;
      for (std::size_t t = 0; t < std::min(T, model.items[i].deadline); ++t) {
        if (x[i][t] >= 0) {
          by.push_back(x[i][t]);
          by_ones.push_back(1);
        }
      }
      by.push_back(late[i]);
      by_ones.push_back(n);
      cbc.row(by, by_ones, 'G', n);
      cbc.row(cols, ones, 'L', n);
    } else if (due) {
      if (cols.empty()) {  // no period can hold it: the caller explains this (elastic) before solving
        result.infeasible = true;
        return result;
      }
      cbc.row(cols, ones, 'E', n);
    } else {
      cbc.row(cols, ones, 'L', n);
    }
    for (std::size_t t = 0; t < T; ++t) {
      if (x[i][t] >= 0) cbc.row({x[i][t], y[model.items[i].site_index][t]}, {1, -n}, 'L', 0);
    }
  }
  // Budget and crews per period.
  int least = -1;
  if (options.mode == SolveMode::kLeastBudget) least = cbc.column(0, 1e18, 1, false);
  if (options.mode == SolveMode::kLeastCrews) least = cbc.column(0, 1e9, 1, true);
  for (std::size_t t = 0; t < T; ++t) {
    std::vector<int> spend_cols, visit_cols;
    std::vector<double> spend, visits;
    for (std::size_t i = 0; i < model.items.size(); ++i) {
      if (x[i][t] >= 0) {
        spend_cols.push_back(x[i][t]);
        spend.push_back(element_cost(model, i, t));
      }
    }
    for (std::size_t s = 0; s < model.sites.size(); ++s) {
      if (y[s][t] >= 0) {
        spend_cols.push_back(y[s][t]);
        spend.push_back(settings.site_visit);
        visit_cols.push_back(y[s][t]);
        visits.push_back(1);
      }
    }
    if (spend_cols.empty()) continue;
    const PlanPeriod& p = model.periods[t];
    if (options.mode == SolveMode::kLeastBudget) {
      spend_cols.push_back(least);
      spend.push_back(-1);
      cbc.row(spend_cols, spend, 'L', 0);
    } else if (p.budget >= 0) {
      cbc.row(spend_cols, spend, 'L', p.budget);
    }
    if (options.mode == SolveMode::kLeastCrews) {
      visit_cols.push_back(least);
      visits.push_back(-model.open_fraction[t]);
      cbc.row(visit_cols, visits, 'L', 0);
    } else if (p.crews >= 0) {
      cbc.row(visit_cols, visits, 'L', p.crews);
    }
    for (auto [region, capacity] : model.region_crews) {
      std::vector<int> cols;
      std::vector<double> ones;
      for (std::size_t s = 0; s < model.sites.size(); ++s) {
        if (y[s][t] >= 0 && model.sites[s].region == region) {
          cols.push_back(y[s][t]);
          ones.push_back(1);
        }
      }
      cbc.row(cols, ones, 'L', std::floor(capacity * model.open_fraction[t] + 1e-9));
    }
  }
  // Requirements.
  std::vector<int> slack(model.requirements.size(), -1);
  for (std::size_t q = 0; q < model.requirements.size(); ++q) {
    const ModelRequirement& req = model.requirements[q];
    auto done_terms = [&](std::size_t i, double w, std::vector<int>& cols, std::vector<double>& coefs) {
      for (std::size_t t = 0; t < std::min(T, req.before); ++t) {
        if (x[i][t] >= 0) {
          cols.push_back(x[i][t]);
          coefs.push_back(w);
        }
      }
    };
    if (req.kind == ModelRequirement::Kind::kCap) {
      std::vector<int> cols;
      std::vector<double> coefs;
      for (auto [i, w] : req.terms) done_terms(i, w, cols, coefs);
      if (elastic) {
        slack[q] = cbc.column(0, req.need, 1.0 / req.need, false);
        cols.push_back(slack[q]);
        coefs.push_back(1);
      }
      if (cols.empty()) {
        result.infeasible = true;
        return result;
      }
      cbc.row(cols, coefs, 'G', req.need);
    } else {
      std::vector<int> present_cols;
      std::vector<double> ones;
      for (const auto& group : req.controllers) {
        // u = 1 while any of the controller's elements remains: N·u + done ≥ N.
        const int u = cbc.column(0, 1, 0, true);
        present_cols.push_back(u);
        ones.push_back(1);
        double all = 0;
        for (std::size_t i : group) all += static_cast<double>(model.items[i].size());
        std::vector<int> cols{u};
        std::vector<double> coefs{all};
        for (std::size_t i : group) done_terms(i, 1, cols, coefs);
        cbc.row(cols, coefs, 'G', all);
      }
      if (elastic) {
        slack[q] = cbc.column(0, 1e9, 1, false);
        present_cols.push_back(slack[q]);
        ones.push_back(-1);
      }
      cbc.row(present_cols, ones, 'L', req.max);
    }
  }
  // Outage cuts.
  for (const auto& cut : options.outage_cuts) {
    for (std::size_t t = 0; t < T; ++t) {
      std::vector<int> cols;
      std::vector<double> ones;
      for (std::size_t i : cut) {
        if (x[i][t] >= 0) {
          cols.push_back(x[i][t]);
          ones.push_back(1);
        }
      }
      if (cols.size() == cut.size()) cbc.row(cols, ones, 'L', static_cast<double>(cut.size() - 1));
    }
  }
  // The finish objective: F ≥ (t + 1)·y[s,t].
  if (options.mode == SolveMode::kPlan && options.objective == PlanObjective::kFinish) {
    const int finish = cbc.column(0, static_cast<double>(T), 1, false);
    for (std::size_t s = 0; s < model.sites.size(); ++s) {
      for (std::size_t t = 0; t < T; ++t) {
        if (y[s][t] >= 0) cbc.row({y[s][t], finish}, {static_cast<double>(t + 1), -1}, 'L', 0);
      }
    }
  }

  result.schedule.count.assign(model.items.size(), std::vector<std::uint32_t>(T, 0));
  if (cbc.columns() == 0) {  // nothing to decide
    result.found = result.optimal = true;
    return result;
  }
  auto solver = cbc.build(options.relax);
  Cbc_setMaximumSeconds(solver.get(), std::max(0.1, options.time_limit));
  // Exposure and finish are whole numbers and the cost tie-break adds less than 0.5: a plan within
  // 0.5 of the bound is optimal by the main objective, so the search may stop there.
  if (options.mode == SolveMode::kPlan && options.objective != PlanObjective::kCost && !options.relax) {
    Cbc_setAllowableGap(solver.get(), 0.5);
  }
  Cbc_solve(solver.get());
  result.infeasible = Cbc_isProvenInfeasible(solver.get()) != 0;
  // A pure LP (the relaxation) has no integer solution to report: its column solution is the answer.
  const double* solution = options.relax
                               ? (Cbc_isProvenOptimal(solver.get()) ? Cbc_getColSolution(solver.get()) : nullptr)
                               : Cbc_bestSolution(solver.get());
  if (solution == nullptr || result.infeasible) return result;
  result.found = true;
  result.optimal = Cbc_isProvenOptimal(solver.get()) != 0;
  result.objective = Cbc_getObjValue(solver.get());
  result.bound = result.optimal ? result.objective : Cbc_getBestPossibleObjValue(solver.get());
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    for (std::size_t t = 0; t < T; ++t) {
      if (x[i][t] >= 0) result.schedule.count[i][t] = static_cast<std::uint32_t>(std::lround(solution[x[i][t]]));
    }
  }
  if (least >= 0) result.least = solution[least];
  if (elastic) {
    result.late.assign(model.items.size(), 0);
    for (std::size_t i = 0; i < model.items.size(); ++i) {
      if (late[i] >= 0 && solution[late[i]] > 0.5) result.late[i] = 1;
    }
    result.short_by.assign(model.requirements.size(), 0);
    for (std::size_t q = 0; q < model.requirements.size(); ++q) {
      if (slack[q] >= 0) result.short_by[q] = solution[slack[q]];
    }
  }
  return result;
}

}  // namespace kitwatch
