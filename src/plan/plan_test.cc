// The planner against an independent brute force: on small networks every schedule (each designated
// element replaced in one period, or never) is enumerated and judged by the policy engine itself on
// the planned inventory at every check date, by the budget and crews, and by the topology module's
// loss analysis; the MILP's optimum must equal the best schedule's, its infeasibility explanation
// must name what the brute force cannot meet, and its least budget must be the brute force's.
#include "plan/plan.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "base/threads.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;

constexpr const char* kHuawei = "Huawei Technologies Co., Ltd.";
constexpr const char* kZte = "ZTE Corporation";
constexpr const char* kNokia = "Nokia";

struct TinyElement {
  std::string id, site, region, function, vendor, tags, uplink;
};

// A small network written to files and loaded through the engine's entry point.
struct Instance {
  std::vector<TinyElement> elements;
  std::vector<std::pair<std::string, std::string>> links;
  std::string pack;

  std::unique_ptr<Inputs> load_inputs(const std::string& name) const {
    const fs::path dir = fs::path(::testing::TempDir()) / ("kitwatch_plan_" + std::to_string(::getpid()) + "_" + name);
    fs::create_directories(dir);
    {
      std::ofstream inv(dir / "inventory.csv");
      inv << "id,site,region,function,declared_vendor,installed,tags,uplink\n";
      for (const TinyElement& e : elements) {
        inv << e.id << "," << e.site << "," << e.region << "," << e.function << ",\"" << e.vendor << "\",2020-01-01,"
            << e.tags << "," << e.uplink << "\n";
      }
      std::ofstream(dir / "pack.policy.yaml") << pack;
    }
    RunSpec spec;
    spec.inventories = {(dir / "inventory.csv").string()};
    spec.as_of = Date::parse("2024-01-01");
    spec.policies = {(dir / "pack.policy.yaml").string()};
    spec.ieee_dir = (dir / "no-ieee").string();  // no MACs in these inventories
    if (!links.empty()) {
      std::ofstream lk(dir / "links.csv");
      lk << "a,b\n";
      for (const auto& [a, b] : links) lk << a << "," << b << "\n";
      lk.close();
      spec.links = (dir / "links.csv").string();
    }
    auto inputs = load(std::move(spec));
    EXPECT_TRUE(inputs.ok()) << inputs.status().message();
    return inputs.ok() ? std::move(*inputs) : nullptr;
  }
};

// Yearly periods 2024, 2025, 2026; costs by function; the default replacement (Nokia).
PlanSpec tiny_spec(PlanObjective objective, std::vector<double> budget, double crews) {
  PlanSpec spec;
  spec.from = *Date::parse("2024-01-01");
  spec.until = *Date::parse("2026-12-31");
  spec.period = PeriodLength::kYear;
  spec.objective = objective;
  spec.time_limit = 30;
  spec.settings.equipment.fill(0);
  spec.settings.labour.fill(0);
  spec.settings.equipment[static_cast<std::size_t>(Function::kRan)] = 100;
  spec.settings.equipment[static_cast<std::size_t>(Function::kAccess)] = 10;
  spec.settings.equipment[static_cast<std::size_t>(Function::kAggregation)] = 40;
  spec.settings.labour[static_cast<std::size_t>(Function::kAccess)] = 2;
  spec.settings.site_visit = 5;
  spec.settings.budget = std::move(budget);
  if (crews > 0) spec.settings.crews = crews;
  return spec;
}

// Every schedule of the designated elements, judged without the planner's model.
class BruteForce {
 public:
  BruteForce(const Inputs& inputs, const PlanSpec& spec) : inputs_(inputs), spec_(spec) {
    for (int y = 2024; y <= 2026; ++y) {
      period_end_.push_back(*Date::from_ymd(y, 12, 31));
      period_budget_.push_back(spec.settings.budget.empty() ? -1 : spec.settings.budget.back());
    }
    for (ElementIndex e = 0; e < inputs.store.size(); ++e) {
      const std::string_view v = inputs.store.vendors.view(inputs.store.declared_vendor[e]);
      if (v == kHuawei || v == kZte) candidates_.push_back(e);
    }
    // Check dates: every rule date in the plan and every period's end.
    for (const Pack& pack : inputs.packs) {
      for (const Rule& rule : pack.rules) {
        if (rule.date && *rule.date <= *Date::parse("2027-01-01")) dates_.push_back(*rule.date);
      }
    }
    for (Date end : period_end_) dates_.push_back(Date::from_days(end.days() + 1));
    if (inputs.topology)
      graph_ = std::make_unique<TopologyGraph>(
          build_topology(inputs.store, inputs.topology->links, inputs.topology->demands));
  }

  struct Best {
    bool found = false;
    double objective = 0;
    std::vector<int> period;  // per candidate, -1 = never
  };

  // The best schedule under the spec's budget (or, with no_budget, the least "largest spend of a
  // period" among schedules meeting everything else).
  Best solve(bool least_budget = false) {
    const int T = static_cast<int>(period_end_.size());
    const std::size_t k = candidates_.size();
    std::vector<int> period(k, -1);
    Best best;
    std::size_t total = 1;
    for (std::size_t i = 0; i < k; ++i) total *= static_cast<std::size_t>(T + 1);
    for (std::size_t code = 0; code < total; ++code) {
      std::size_t c = code;
      for (std::size_t i = 0; i < k; ++i) {
        period[i] = static_cast<int>(c % static_cast<std::size_t>(T + 1)) - 1;
        c /= static_cast<std::size_t>(T + 1);
      }
      double largest_spend = 0;
      if (!within_limits(period, least_budget, largest_spend)) continue;
      if (!rules_hold(period) || !nothing_cut_off(period)) continue;
      const double value = least_budget ? largest_spend : objective(period);
      if (!best.found || value < best.objective - 1e-9) best = Best{true, value, period};
    }
    return best;
  }

  // The spec's objective for a schedule, as docs/plan.md defines it.
  double objective(const std::vector<int>& period) const {
    const int T = static_cast<int>(period_end_.size());
    double value = 0;
    if (spec_.objective == PlanObjective::kFinish) {
      for (int p : period) value = std::max(value, static_cast<double>(p + 1));
    } else if (spec_.objective == PlanObjective::kExposure) {
      for (int p : period) value += p < 0 ? T : p;
    } else {
      std::map<std::pair<StrId, int>, int> visits;
      for (std::size_t i = 0; i < period.size(); ++i) {
        if (period[i] < 0) continue;
        value += cost_of(candidates_[i]);
        visits[{inputs_.store.site[candidates_[i]], period[i]}] = 1;
      }
      value += spec_.settings.site_visit * static_cast<double>(visits.size());
    }
    return value;
  }

  // The schedule of a plan, in the brute force's terms.
  std::vector<int> schedule_of(const Plan& plan) const {
    std::vector<int> period(candidates_.size(), -1);
    for (const PlannedWork& w : plan.works) {
      for (ElementIndex e : w.elements) {
        const auto at = std::find(candidates_.begin(), candidates_.end(), e);
        EXPECT_NE(at, candidates_.end());
        if (at != candidates_.end())
          period[static_cast<std::size_t>(at - candidates_.begin())] = static_cast<int>(w.period);
      }
    }
    return period;
  }

  bool feasible(const std::vector<int>& period) {
    double largest = 0;
    return within_limits(period, false, largest) && rules_hold(period) && nothing_cut_off(period);
  }
  bool rules_hold_for(const std::vector<int>& period) { return rules_hold(period); }
  bool nothing_cut_off_for(const std::vector<int>& period) { return nothing_cut_off(period); }
  std::size_t candidates() const { return candidates_.size(); }
  ElementIndex candidate(std::size_t k) const { return candidates_[k]; }

 private:
  double cost_of(ElementIndex e) const {
    const auto f = static_cast<std::size_t>(inputs_.store.function[e]);
    return spec_.settings.equipment[f] + spec_.settings.labour[f];
  }

  bool within_limits(const std::vector<int>& period, bool ignore_budget, double& largest_spend) const {
    for (int t = 0; t < static_cast<int>(period_end_.size()); ++t) {
      double spend = 0;
      std::vector<StrId> sites;
      for (std::size_t i = 0; i < period.size(); ++i) {
        if (period[i] != t) continue;
        spend += cost_of(candidates_[i]);
        const StrId s = inputs_.store.site[candidates_[i]];
        if (std::find(sites.begin(), sites.end(), s) == sites.end()) sites.push_back(s);
      }
      spend += spec_.settings.site_visit * static_cast<double>(sites.size());
      largest_spend = std::max(largest_spend, spend);
      if (!ignore_budget && period_budget_[static_cast<std::size_t>(t)] >= 0 &&
          spend > period_budget_[static_cast<std::size_t>(t)] + 1e-9) {
        return false;
      }
      if (spec_.settings.crews && static_cast<double>(sites.size()) > *spec_.settings.crews) return false;
    }
    return true;
  }

  // The policy engine on the inventory with the schedule's work done by each check date.
  bool rules_hold(const std::vector<int>& period) {
    for (Date date : dates_) {
      std::uint64_t mask = 0;
      for (std::size_t i = 0; i < period.size(); ++i) {
        if (period[i] >= 0 && period_end_[static_cast<std::size_t>(period[i])] < date) mask |= std::uint64_t{1} << i;
      }
      auto [it, inserted] = verdicts_.try_emplace({date.days(), mask}, false);
      if (inserted) it->second = engine_says_met(mask, date);
      if (!it->second) return false;
    }
    return true;
  }

  bool engine_says_met(std::uint64_t mask, Date date) const {
    ElementStore store;
    for (ElementIndex e = 0; e < inputs_.store.size(); ++e) {
      ElementRow row = inputs_.store.row(e);
      const auto at = std::find(candidates_.begin(), candidates_.end(), e);
      if (at != candidates_.end() && ((mask >> (at - candidates_.begin())) & 1)) {
        row.declared_vendor = kNokia;
        row.model = "replacement";
      }
      store.append(row);
    }
    store.link_uplinks();
    const Resolution resolution = resolve(store, *inputs_.registry, *inputs_.macs, date);
    auto report = evaluate_policies(inputs_.packs, PolicyContext{store, *inputs_.registry, resolution, date, 1});
    EXPECT_TRUE(report.ok());
    for (const RuleResult& r : report->results) {
      if (r.status == RuleStatus::kViolated) return false;
    }
    return true;
  }

  // No period's swaps cut off, together, an element that no one of them cuts off alone: the cut-off
  // sets by a plain search written here, their sizes checked against the topology module's.
  bool nothing_cut_off(const std::vector<int>& period) {
    if (!graph_) return true;
    for (int t = 0; t < static_cast<int>(period_end_.size()); ++t) {
      std::vector<ElementIndex> down;
      for (std::size_t i = 0; i < period.size(); ++i) {
        if (period[i] == t) down.push_back(candidates_[i]);
      }
      if (down.size() < 2) continue;
      const std::vector<std::uint8_t> together = cut_off(down);
      std::vector<std::uint8_t> alone(together.size(), 0);
      for (ElementIndex d : down) {
        const std::vector<std::uint8_t> one = cut_off({d});
        for (std::size_t e = 0; e < one.size(); ++e) alone[e] |= one[e];
      }
      for (std::size_t e = 0; e < together.size(); ++e) {
        if (together[e] && !alone[e]) return false;
      }
    }
    return true;
  }

  std::vector<std::uint8_t> cut_off(const std::vector<ElementIndex>& down) {
    const ElementStore& store = inputs_.store;
    std::vector<std::uint8_t> is_down(store.size(), 0), reached(store.size(), 0), out(store.size(), 0);
    for (ElementIndex d : down) is_down[d] = 1;
    std::vector<std::vector<ElementIndex>> adjacent(store.size());
    for (std::size_t l = 0; l < inputs_.topology->links.size(); ++l) {
      adjacent[inputs_.topology->links.a[l]].push_back(inputs_.topology->links.b[l]);
      adjacent[inputs_.topology->links.b[l]].push_back(inputs_.topology->links.a[l]);
    }
    for (ElementIndex e = 0; e < store.size(); ++e) {  // uplinks are links too
      if (store.uplink[e] != kNoElement) {
        adjacent[e].push_back(store.uplink[e]);
        adjacent[store.uplink[e]].push_back(e);
      }
    }
    std::vector<ElementIndex> queue;
    for (ElementIndex e = 0; e < store.size(); ++e) {
      if (store.function[e] == Function::kCore && !is_down[e]) {
        reached[e] = 1;
        queue.push_back(e);
      }
    }
    for (std::size_t h = 0; h < queue.size(); ++h) {
      for (ElementIndex v : adjacent[queue[h]]) {
        if (!reached[v] && !is_down[v]) {
          reached[v] = 1;
          queue.push_back(v);
        }
      }
    }
    std::uint64_t count = 0;
    for (ElementIndex e = 0; e < store.size(); ++e) {
      out[e] = !reached[e] && !is_down[e];
      count += out[e];
    }
    std::vector<std::uint8_t> removed(store.size(), 0);
    for (ElementIndex d : down) removed[d] = 1;
    const LossReport loss = analyse_loss(*graph_, inputs_.topology->demands, removed, "check");
    EXPECT_DOUBLE_EQ(loss.cut_off_total.count, static_cast<double>(count));
    return out;
  }

  const Inputs& inputs_;
  const PlanSpec& spec_;
  std::vector<Date> period_end_, dates_;
  std::vector<double> period_budget_;
  std::vector<ElementIndex> candidates_;
  std::map<std::pair<std::int32_t, std::uint64_t>, bool> verdicts_;
  std::unique_ptr<TopologyGraph> graph_;
};

// Four sites: Huawei and ZTE in RAN (5G) and full-fibre access, a Nokia core.
Instance mixed_network() {
  Instance in;
  in.elements = {
      {"H1", "S1", "R1", "ran", kHuawei, "5g", ""},     {"H2", "S1", "R1", "access", kHuawei, "fttp", ""},
      {"N1", "S1", "R1", "access", kNokia, "fttp", ""}, {"H3", "S2", "R1", "access", kHuawei, "fttp", ""},
      {"Z1", "S2", "R1", "access", kZte, "fttp", ""},   {"N2", "S2", "R1", "access", kNokia, "fttp", ""},
      {"H4", "S3", "R2", "ran", kHuawei, "5g", ""},     {"N3", "S3", "R2", "ran", kNokia, "5g", ""},
      {"Z2", "S4", "R2", "ran", kZte, "4g", ""},        {"N4", "S4", "R2", "core", kNokia, "", ""},
  };
  in.pack =
      "pack: tiny\ntitle: t\nsuppliers: entity.lists has [uk-tsa-designated, uk-ncsc-zte-2018]\nrules:\n"
      "  - {id: OUT5G, kind: remove_by, by: 2026-01-01, scope: tags has 5g, source: test}\n"
      "  - {id: CAP, kind: cap, limit: 40%, measure: count, from: 2025-01-01, scope: tags has fttp, source: test}\n"
      "  - {id: ONE, kind: max_suppliers, max: 1, from: 2026-07-01, source: test}\n";
  return in;
}

void expect_plan_matches_brute_force(const Instance& in, const PlanSpec& spec, const std::string& name) {
  auto inputs = in.load_inputs(name);
  ASSERT_NE(inputs, nullptr);
  auto plan = make_plan(*inputs, spec);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  BruteForce brute(*inputs, spec);
  const BruteForce::Best best = brute.solve();
  ASSERT_TRUE(best.found) << name;
  ASSERT_NE(plan->status, PlanStatus::kInfeasible) << name << ": " << plan->infeasibility.summary;
  EXPECT_EQ(plan->status, PlanStatus::kOptimal) << name;
  EXPECT_NEAR(plan->objective, best.objective, 1e-6) << name;
  const std::vector<int> schedule = brute.schedule_of(*plan);
  EXPECT_TRUE(brute.feasible(schedule)) << name << ": the plan's schedule breaks a rule, a limit or cuts something off";
  EXPECT_NEAR(brute.objective(schedule), plan->objective, 1e-6) << name;
  for (const RequirementCheck& c : plan->projection) EXPECT_NE(c.status, RuleStatus::kViolated) << name;
  // The exposure curve: every element here was installed in 2020, so every designated element is
  // there from the start, and the plan takes away exactly what it has replaced so far.
  std::uint64_t replaced = 0;
  for (const PlanPeriod& p : plan->periods) {
    replaced += p.elements;
    EXPECT_EQ(p.designated_without, plan->candidates) << name;
    EXPECT_EQ(p.designated_without - p.designated_after, replaced) << name << " by " << p.end.to_string();
  }
}

TEST(PlanTest, LeastCostEqualsTheBestOfEverySchedule) {
  expect_plan_matches_brute_force(mixed_network(), tiny_spec(PlanObjective::kCost, {150}, 2), "cost");
}

TEST(PlanTest, LeastExposureEqualsTheBestOfEverySchedule) {
  expect_plan_matches_brute_force(mixed_network(), tiny_spec(PlanObjective::kExposure, {130}, 2), "exposure");
}

TEST(PlanTest, EarliestFinishEqualsTheBestOfEverySchedule) {
  expect_plan_matches_brute_force(mixed_network(), tiny_spec(PlanObjective::kFinish, {230}, 2), "finish");
}

TEST(PlanTest, InfeasibleNamesTheRuleAndTheLeastBudget) {
  // 90 a year buys no RAN replacement (100 + a visit): OUT5G cannot be met, nor ONE (ZTE's Z2 and
  // Huawei's H1 and H4 are RAN); CAP can (full-fibre access costs 12).
  const Instance in = mixed_network();
  const PlanSpec spec = tiny_spec(PlanObjective::kCost, {90}, 0);
  auto inputs = in.load_inputs("infeasible");
  ASSERT_NE(inputs, nullptr);
  auto plan = make_plan(*inputs, spec);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_EQ(plan->status, PlanStatus::kInfeasible);
  BruteForce brute(*inputs, spec);
  EXPECT_FALSE(brute.solve().found);
  std::vector<std::string> unmet;
  for (const auto& u : plan->infeasibility.unmet) unmet.push_back(inputs->packs[u.pack].rules[u.rule].id);
  EXPECT_EQ(unmet, (std::vector<std::string>{"OUT5G", "ONE"})) << plan->infeasibility.summary;
  const BruteForce::Best least = brute.solve(/*least_budget=*/true);
  ASSERT_TRUE(least.found);
  ASSERT_TRUE(plan->infeasibility.least_budget.has_value()) << plan->infeasibility.summary;
  EXPECT_NEAR(*plan->infeasibility.least_budget, least.objective, 1e-6);
  // And with exactly that budget a plan exists.
  auto enough = make_plan(*inputs, tiny_spec(PlanObjective::kCost, {least.objective}, 0));
  ASSERT_TRUE(enough.ok());
  EXPECT_NE(enough->status, PlanStatus::kInfeasible);
}

// Two Huawei aggregation nodes give an access node its two paths to the core: swapping both in
// one period would cut it (and the CPE behind it) off.
Instance dual_homed(unsigned seed) {
  Instance in;
  in.elements = {{"C1", "SC", "R1", "core", kNokia, "", ""},
                 {"A1", "SA1", "R1", "aggregation", kHuawei, "5g", ""},
                 {"A2", "SA2", "R1", "aggregation", kHuawei, "5g", ""},
                 {"X1", "SX", "R1", "access", kNokia, "", ""},
                 {"P1", "SX", "R1", "cpe", kNokia, "", "X1"},
                 {"H5", "SH", "R1", "access", kHuawei, "5g", ""}};
  in.links = {{"C1", "A1"}, {"C1", "A2"}, {"A1", "X1"}, {"A2", "X1"}, {"A1", "H5"}};
  // Random extra nodes and links (seeded), so that other shapes are tried too.
  std::mt19937 rng(seed);
  const int extra = static_cast<int>(rng() % 4);
  std::vector<std::string> nodes = {"C1", "A1", "A2", "X1", "H5"};
  for (int k = 0; k < extra; ++k) {
    const std::string id = "E" + std::to_string(k);
    const bool designated = rng() % 2 == 0;
    in.elements.push_back({id, "SE" + std::to_string(k), "R1", "access", designated ? kHuawei : kNokia, "5g", ""});
    in.links.emplace_back(id, nodes[rng() % nodes.size()]);
    if (rng() % 2) in.links.emplace_back(id, nodes[rng() % nodes.size()]);
    nodes.push_back(id);
  }
  in.pack =
      "pack: tiny\ntitle: t\nsuppliers: entity.lists has uk-tsa-designated\nrules:\n"
      "  - {id: OUT, kind: remove_by, by: 2027-01-01, scope: tags has 5g, source: test}\n";
  return in;
}

TEST(PlanTest, NoPeriodCutsAnythingOffThatNoSingleSwapWould) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Instance in = dual_homed(seed);
    const PlanSpec spec = tiny_spec(PlanObjective::kExposure, {}, 0);
    auto inputs = in.load_inputs("outage" + std::to_string(seed));
    ASSERT_NE(inputs, nullptr);
    auto plan = make_plan(*inputs, spec);
    ASSERT_TRUE(plan.ok()) << plan.status().message();
    BruteForce brute(*inputs, spec);
    const BruteForce::Best best = brute.solve();
    ASSERT_TRUE(best.found);
    EXPECT_NEAR(plan->objective, best.objective, 1e-6) << "seed " << seed;
    const std::vector<int> schedule = brute.schedule_of(*plan);
    EXPECT_TRUE(brute.nothing_cut_off_for(schedule)) << "seed " << seed;
    EXPECT_TRUE(brute.rules_hold_for(schedule)) << "seed " << seed;
    if (seed == 1) {
      // The optimum without the outage rule would swap A1 and A2 together in the first year.
      EXPECT_GE(plan->outage_cuts, 1u);
      EXPECT_NE(schedule[0], schedule[1]);  // candidates in store order: A1, A2, H5
    }
  }
}

TEST(PlanTest, SettingsErrorsNameFileLineAndColumn) {
  auto bad = parse_plan_settings("costs:\n  equipment:\n    radio: 5\n", "s.yaml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("s.yaml:3:5"), std::string::npos) << bad.status().message();
  auto negative = parse_plan_settings("budget: -3\n", "s.yaml");
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("s.yaml:1:9"), std::string::npos) << negative.status().message();
  auto order = parse_plan_settings("blackouts:\n  - {from: 2024-02-01, until: 2024-01-01}\n", "s.yaml");
  ASSERT_FALSE(order.ok());
  EXPECT_NE(order.status().message().find("before its 'from'"), std::string::npos);
}

TEST(PlanTest, SettingsOverrideDefaultsAndOnlyRemainingDefaultsStayAssumptions) {
  auto s = parse_plan_settings(
      "currency: GBP\ncosts:\n  site_visit: 900\n  equipment: {ran: 20000}\n  labour: {ran: 3000}\n"
      "replacements:\n  default: {vendor: Ericsson, model: AIR 3268, lead_days: 90}\nbudget: [1000, 2000]\n"
      "crews: 12\nregion_crews: {London: 3}\nend_of_life: {BBU3900: 2024-06-30}\n",
      "s.yaml");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->currency, "GBP");
  EXPECT_EQ(s->site_visit, 900);
  EXPECT_EQ(s->equipment[static_cast<std::size_t>(Function::kRan)], 20000);
  EXPECT_EQ(s->replacement[static_cast<std::size_t>(Function::kCore)].vendor, "Ericsson");
  EXPECT_EQ(s->replacement[static_cast<std::size_t>(Function::kCore)].lead_days, 90);
  EXPECT_EQ(s->budget, (std::vector<double>{1000, 2000}));
  EXPECT_EQ(s->region_crews.at("London"), 3);
  for (const std::string& a : s->assumptions) {
    EXPECT_EQ(a.find("replacement"), std::string::npos) << a;  // replacements were given
    EXPECT_EQ(a.find("site visit"), std::string::npos) << a;
  }
  EXPECT_FALSE(s->assumptions.empty());  // equipment for other functions is still the default
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

TEST(PlanTest, LeadTimesAndBlackoutsKeepWorkOutOfTheirPeriods) {
  const Instance in = mixed_network();
  auto inputs = in.load_inputs("lead");
  ASSERT_NE(inputs, nullptr);
  // RAN kit arrives 300 days after the start (2024-10-27): no RAN work in 2024. 2025 is closed by
  // a blackout, so OUT5G (due 2026-01-01) cannot be met.
  PlanSpec spec = tiny_spec(PlanObjective::kExposure, {}, 0);
  spec.settings.replacement[static_cast<std::size_t>(Function::kRan)].lead_days = 300;
  auto late = make_plan(*inputs, spec);
  ASSERT_TRUE(late.ok()) << late.status().message();
  ASSERT_NE(late->status, PlanStatus::kInfeasible) << late->infeasibility.summary;
  for (const PlannedWork& w : late->works) {
    if (w.function == Function::kRan) {
      EXPECT_GE(w.period, 1u);
    }
  }
  spec.settings.blackouts = {{*Date::parse("2025-01-01"), *Date::parse("2025-12-31")}};
  auto closed = make_plan(*inputs, spec);
  ASSERT_TRUE(closed.ok());
  ASSERT_EQ(closed->status, PlanStatus::kInfeasible);
  ASSERT_FALSE(closed->infeasibility.unmet.empty());
  EXPECT_EQ(inputs->packs[0].rules[closed->infeasibility.unmet[0].rule].id, "OUT5G");
  EXPECT_NE(closed->infeasibility.unmet[0].why.find("whatever the budget"), std::string::npos)
      << closed->infeasibility.unmet[0].why;
  // Kit that arrives after the plan's last period: proven infeasible (not "no plan found"), with
  // the reason.
  spec.settings.blackouts.clear();
  spec.settings.replacement[static_cast<std::size_t>(Function::kRan)].lead_days = 1100;
  auto never = make_plan(*inputs, spec);
  ASSERT_TRUE(never.ok());
  ASSERT_EQ(never->status, PlanStatus::kInfeasible) << never->infeasibility.summary;
  ASSERT_FALSE(never->infeasibility.unmet.empty());
  EXPECT_NE(never->infeasibility.unmet[0].why.find("whatever the budget"), std::string::npos);
}

}  // namespace
}  // namespace kitwatch

#include "plan/plan_model.h"

namespace kitwatch {
namespace {

TEST(PlanTest, ConflictingPairsFoundUpFrontAreExactlyThePairsThatCutSomethingOff) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    const Instance in = dual_homed(seed);
    const PlanSpec spec = tiny_spec(PlanObjective::kExposure, {}, 0);
    auto inputs = in.load_inputs("pairs" + std::to_string(seed));
    ASSERT_NE(inputs, nullptr);
    const TopologyGraph graph = build_topology(inputs->store, inputs->topology->links, inputs->topology->demands);
    auto model = build_plan_model(*inputs, spec, &graph);
    ASSERT_TRUE(model.ok()) << model.status().message();
    OutageChecker checker(graph);
    std::set<std::pair<ElementIndex, ElementIndex>> found;
    for (const auto& pair : checker.conflicting_pairs(*model)) {
      const ElementIndex a = model->items[pair[0]].elements.front(), b = model->items[pair[1]].elements.front();
      found.insert({std::min(a, b), std::max(a, b)});
    }
    // Every pair of designated graph nodes, swapped alone together, judged by the plain search.
    BruteForce brute(*inputs, spec);
    std::set<std::pair<ElementIndex, ElementIndex>> expected;
    std::vector<ElementIndex> nodes;
    for (const WorkItem& item : model->items) {
      if (item.on_graph) nodes.push_back(item.elements.front());
    }
    for (std::size_t x = 0; x < nodes.size(); ++x) {
      for (std::size_t y = x + 1; y < nodes.size(); ++y) {
        std::vector<int> schedule(brute.candidates(), -1);
        for (std::size_t k = 0; k < brute.candidates(); ++k) {
          if (brute.candidate(k) == nodes[x] || brute.candidate(k) == nodes[y]) schedule[k] = 0;
        }
        if (!brute.nothing_cut_off_for(schedule)) {
          expected.insert({std::min(nodes[x], nodes[y]), std::max(nodes[x], nodes[y])});
        }
      }
    }
    EXPECT_EQ(found, expected) << "seed " << seed;
    if (seed == 1) {
      EXPECT_FALSE(expected.empty());
    }
  }
}

}  // namespace
}  // namespace kitwatch
