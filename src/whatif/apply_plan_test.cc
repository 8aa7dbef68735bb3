// The apply_plan operation: the network a plan (kitwatch plan --format json) reaches by a date,
// read back from the plan's own JSON as kitwatch plan writes it.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "plan/plan.h"
#include "test_support.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using testing_support::source;

struct Planned {
  std::unique_ptr<Inputs> inputs;
  Plan plan;
  fs::path dir;
};

Planned plan_small_example() {
  Planned out;
  RunSpec spec;
  spec.inventories = {source("examples/small/inventory.csv")};
  spec.as_of = Date::parse("2023-01-01");
  spec.policies = {"uk-huawei-dvd"};
  auto inputs = load(std::move(spec));
  EXPECT_TRUE(inputs.ok()) << inputs.status().message();
  out.inputs = std::move(*inputs);
  PlanSpec plan_spec;
  plan_spec.from = *Date::parse("2023-01-01");
  plan_spec.objective = PlanObjective::kFinish;
  plan_spec.settings.crews = 1;  // one site a quarter: the work spreads over several periods
  auto plan = make_plan(*out.inputs, plan_spec);
  EXPECT_TRUE(plan.ok()) << plan.status().message();
  out.plan = std::move(*plan);
  out.dir = fs::path(::testing::TempDir()) / ("kitwatch_apply_plan_" + std::to_string(::getpid()));
  fs::create_directories(out.dir);
  std::ofstream(out.dir / "plan.json") << plan_json(out.plan, *out.inputs).dump(2);
  return out;
}

Result<std::unique_ptr<AfterState>> apply_at(const Planned& p, const std::string& at, const std::string& plan_file) {
  const std::string text = "scenario: s\noperations:\n  - apply_plan: {plan: " + plan_file + ", at: " + at + "}\n";
  auto scenario = parse_scenario(text, (p.dir / "s.yaml").string());
  EXPECT_TRUE(scenario.ok()) << scenario.status().message();
  return apply_scenario(*scenario, p.inputs->state(), ApplyOptions{p.inputs->registry_sources, p.inputs->macs.get()});
}

TEST(ApplyPlanTest, ReplacesExactlyTheWorkDoneBeforeTheDate) {
  const Planned p = plan_small_example();
  ASSERT_GT(p.plan.works.size(), 2u);
  // After the first period with work, before the last one.
  const Date at = Date::from_days(p.plan.periods[p.plan.works.front().period].end.days() + 1);
  ASSERT_LT(p.plan.works.front().period, p.plan.works.back().period);
  std::map<std::string, std::string> expected;  // element id -> replacement vendor
  for (const PlannedWork& w : p.plan.works) {
    if (p.plan.periods[w.period].end >= at) continue;
    for (ElementIndex e : w.elements) expected[std::string(p.inputs->store.id_of(e))] = "Nokia";
  }
  ASSERT_FALSE(expected.empty());
  auto after = apply_at(p, at.to_string(), "plan.json");
  ASSERT_TRUE(after.ok()) << after.status().message();
  EXPECT_EQ((*after)->replaced, expected.size());
  const ElementStore& store = *(*after)->state.store;
  std::size_t checked = 0;
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const auto it = expected.find(std::string(store.id_of(e)));
    const std::string vendor(store.vendors.view(store.declared_vendor[e]));
    if (it != expected.end()) {
      EXPECT_EQ(vendor, it->second);
      ++checked;
    } else {
      const ElementIndex before = p.inputs->store.find(store.id_of(e));
      ASSERT_NE(before, kNoElement);
      EXPECT_EQ(vendor, p.inputs->store.vendors.view(p.inputs->store.declared_vendor[before]));
    }
  }
  EXPECT_EQ(checked, expected.size());
}

TEST(ApplyPlanTest, APlanForAnotherInventoryOrNotAPlanIsRefusedAtTheOperation) {
  const Planned p = plan_small_example();
  auto json = plan_json(p.plan, *p.inputs);
  json["works"][0]["elements"][0] = "NO-SUCH-ELEMENT";
  std::ofstream(p.dir / "other.json") << json.dump();
  auto other = apply_at(p, "2030-01-01", "other.json");
  ASSERT_FALSE(other.ok());
  EXPECT_NE(other.status().message().find("s.yaml:3:5"), std::string::npos) << other.status().message();
  EXPECT_NE(other.status().message().find("'NO-SUCH-ELEMENT'"), std::string::npos) << other.status().message();
  std::ofstream(p.dir / "not.json") << "{\"schema\": \"kitwatch-assess/1\"}";
  auto not_plan = apply_at(p, "2030-01-01", "not.json");
  ASSERT_FALSE(not_plan.ok());
  EXPECT_NE(not_plan.status().message().find("not a kitwatch-plan/1 plan"), std::string::npos);
  auto missing = apply_at(p, "2030-01-01", "missing.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), ErrorKind::kIo);
}

}  // namespace
}  // namespace kitwatch
