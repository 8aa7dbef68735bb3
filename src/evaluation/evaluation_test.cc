#include "evaluation/evaluation.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

namespace kitwatch {
namespace {

struct Kit {
  const char* vendor;
  const char* model;
  const char* version;
  Function function;
  const char* installed = nullptr;
};

ElementStore store_of(const std::vector<Kit>& kits) {
  ElementStore store;
  for (std::size_t i = 0; i < kits.size(); ++i) {
    const std::string id = "e" + std::to_string(i);
    ElementRow row;
    row.id = id;
    row.declared_vendor = kits[i].vendor;
    row.model = kits[i].model;
    row.software_version = kits[i].version;
    row.function = kits[i].function;
    if (kits[i].installed) row.installed = Date::parse(kits[i].installed)->days();
    store.append(row);
  }
  return store;
}

EvaluationSection section() {
  EvaluationSection s;
  s.capacity = 100;
  s.fixed_per_controller = 30;
  s.build_cost[static_cast<std::size_t>(Function::kCore)] = 20;
  s.build_cost[static_cast<std::size_t>(Function::kAccess)] = 5;
  s.build_cost[static_cast<std::size_t>(Function::kCpe)] = 1;
  for (Function f : {Function::kCore, Function::kAccess, Function::kCpe})
    s.in_scope[static_cast<std::size_t>(f)] = true;
  s.lists = {"us-fcc-covered"};
  return s;
}

Result<EvaluationReport> run(const std::vector<Kit>& kits, const EvaluationSection& s, const char* date) {
  static auto registry = Registry::builtin();
  const ElementStore store = store_of(kits);
  const Date as_of = *Date::parse(date);
  return evaluate_capacity(s, store, *registry, resolve(store, *registry, MacRegistry{}, as_of), as_of);
}

// Worked by hand: Huawei has 2 distinct access builds (5 + 5), one core build (20), and a CPE build
// seen twice (1): 30 + 31 = 61. ZTE has one access build: 30 + 5 = 35. Nokia is not designated;
// the Huawei transport element is out of scope; the element installed later is not counted.
TEST(EvaluationTest, HandCheckedLoads) {
  const std::vector<Kit> kits = {
      {"Huawei", "MA5800-X17", "V100R019", Function::kAccess},
      {"Huawei", "MA5800-X17", "V100R019", Function::kAccess},
      {"Huawei", "MA5800-X17", "V100R021", Function::kAccess},
      {"Huawei", "NE40E-X8", "V800R011", Function::kCore},
      {"Huawei", "HG8245H", "", Function::kCpe},
      {"Huawei", "HG8245H", "", Function::kCpe},
      {"Huawei", "OSN 8800", "V100", Function::kTransport},
      {"ZTE", "ZXA10 C300", "V2.1", Function::kAccess},
      {"ZTE", "ZXA10 C600", "V1.0", Function::kAccess, "2024-01-01"},
      {"Nokia", "7750 SR-12", "22.10", Function::kCore},
  };
  auto report = run(kits, section(), "2023-06-01");
  ASSERT_TRUE(report.ok()) << report.status().message();
  ASSERT_EQ(report->controllers.size(), 2u);
  EXPECT_EQ(report->controllers[0].id, "huawei");
  EXPECT_DOUBLE_EQ(report->controllers[0].load, 61);
  EXPECT_EQ(report->controllers[0].builds.size(), 4u);
  EXPECT_EQ(report->controllers[0].elements, 6u);
  EXPECT_EQ(report->controllers[1].id, "zte");
  EXPECT_DOUBLE_EQ(report->controllers[1].load, 35);
  EXPECT_DOUBLE_EQ(report->total_load, 96);
  EXPECT_DOUBLE_EQ(report->utilisation, 0.96);
  EXPECT_TRUE(report->effective);
  // The costliest build is listed first, with its element count.
  EXPECT_EQ(report->controllers[0].builds[0].model, "NE40E-X8");
  EXPECT_EQ(report->controllers[0].builds[1].elements, 2u);  // MA5800 V100R019 (cost 5, sorted by version)

  // Before the FCC listing nobody is designated; with less capacity the verdict flips.
  auto before = run(kits, section(), "2020-01-01");
  ASSERT_TRUE(before.ok());
  EXPECT_DOUBLE_EQ(before->total_load, 0);
  EvaluationSection small = section();
  small.capacity = 95;
  auto over = run(kits, small, "2023-06-01");
  ASSERT_TRUE(over.ok());
  EXPECT_FALSE(over->effective);
}

TEST(EvaluationTest, BuildInTwoFunctionsIsChargedOnceAtTheHigherCost) {
  auto report = run({{"Huawei", "NE40E", "V8", Function::kCore}, {"Huawei", "NE40E", "V8", Function::kAccess}},
                    section(), "2023-06-01");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->controllers.size(), 1u);
  EXPECT_DOUBLE_EQ(report->controllers[0].load, 50);
  EXPECT_EQ(report->controllers[0].builds[0].function, Function::kCore);
}

TEST(EvaluationTest, UnknownListIsAnError) {
  EvaluationSection s = section();
  s.lists = {"no-such-list"};
  EXPECT_FALSE(run({{"Huawei", "X", "1", Function::kCore}}, s, "2023-06-01").ok());
}

// Brute force: random inventories, the definition applied with plain sets.
TEST(EvaluationTest, MatchesBruteForce) {
  const char* vendors[] = {"Huawei", "ZTE", "Nokia", "Ericsson", "Huawei Device"};
  const char* models[] = {"A", "B", "C"};
  const char* versions[] = {"", "1", "2"};
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    std::vector<Kit> kits;
    const int n = 1 + static_cast<int>(rng() % 40);
    for (int i = 0; i < n; ++i) {
      kits.push_back(
          {vendors[rng() % 5], models[rng() % 3], versions[rng() % 3], static_cast<Function>(rng() % kFunctionCount)});
    }
    const EvaluationSection s = section();
    auto report = run(kits, s, "2023-06-01");
    ASSERT_TRUE(report.ok());
    // Huawei and Huawei Device share the controller huawei; ZTE is zte; the others are not listed.
    std::map<std::string, std::map<std::pair<std::string, std::string>, double>> builds;
    for (const Kit& k : kits) {
      const std::string v = k.vendor;
      const std::string controller = v == "ZTE" ? "zte" : v.starts_with("Huawei") ? "huawei" : "";
      const auto f = static_cast<std::size_t>(k.function);
      if (controller.empty() || !s.in_scope[f]) continue;
      double& cost = builds[controller][{k.model, k.version}];
      cost = std::max(cost, s.build_cost[f]);
    }
    double total = 0;
    for (const auto& [controller, b] : builds) {
      double load = s.fixed_per_controller;
      for (const auto& [key, cost] : b) load += cost;
      total += load;
      bool found = false;
      for (const ControllerLoad& c : report->controllers) {
        if (c.id != controller) continue;
        found = true;
        EXPECT_DOUBLE_EQ(c.load, load);
        EXPECT_EQ(c.builds.size(), b.size());
      }
      EXPECT_TRUE(found) << controller;
    }
    EXPECT_EQ(report->controllers.size(), builds.size());
    EXPECT_NEAR(report->total_load, total, 1e-9);
  }
}

TEST(EvaluationTest, PackSectionIsParsedStrictly) {
  const std::string head = "pack: p\nrules:\n  - {id: r, kind: prohibit, source: s, suppliers: 'entity.id == x'}\n";
  auto pack = parse_pack(PackSource{"p.policy.yaml", head + R"(evaluation:
  capacity: 300
  fixed_per_controller: 50
  build_cost: {core: 10, ran: 4}
  lists: [us-fcc-covered]
)"});
  ASSERT_TRUE(pack.ok()) << pack.status().message();
  ASSERT_TRUE(pack->evaluation);
  EXPECT_DOUBLE_EQ(pack->evaluation->capacity, 300);
  EXPECT_DOUBLE_EQ(pack->evaluation->build_cost[static_cast<std::size_t>(Function::kRan)], 4);
  EXPECT_TRUE(pack->evaluation->in_scope[static_cast<std::size_t>(Function::kCore)]);
  EXPECT_FALSE(pack->evaluation->in_scope[static_cast<std::size_t>(Function::kCpe)]);
  EXPECT_EQ(pack->evaluation->lists, std::vector<std::string>{"us-fcc-covered"});

  const std::pair<const char*, const char*> bad[] = {
      {"evaluation:\n  capacity: 1\n  fixed_per_controller: 1\n  build_cost: {core: 1}\n  colour: red\n",
       "p.policy.yaml:8:3"},
      {"evaluation:\n  capacity: -1\n  fixed_per_controller: 1\n  build_cost: {core: 1}\n", "p.policy.yaml:5:"},
      {"evaluation:\n  capacity: 1\n  fixed_per_controller: 1\n  build_cost: {radio: 1}\n", "p.policy.yaml:7:"},
      {"evaluation:\n  capacity: 1\n  build_cost: {core: 1}\n", "p.policy.yaml:"},
  };
  for (const auto& [text, where] : bad) {
    auto parsed = parse_pack(PackSource{"p.policy.yaml", head + text});
    ASSERT_FALSE(parsed.ok()) << text;
    EXPECT_NE(parsed.status().message().find(where), std::string::npos) << parsed.status().message();
  }
}

}  // namespace
}  // namespace kitwatch
