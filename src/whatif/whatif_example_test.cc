// End to end: examples/zte-2018 through the real binary, checking the three outcomes the example
// exists to show, against figures worked out by hand from the example's files (README.md there).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::run;
using testing_support::source;

std::string example_args() {
  const std::string dir = source("examples/zte-2018/");
  return "whatif " + dir + "inventory.csv " + dir + "scenario.yaml --registry " + dir + "registry.yaml --policy " +
         dir + "uk-2018.policy.yaml --as-of 2018-04-14 --ieee-dir /nonexistent -q";
}

const nlohmann::json& metric(const nlohmann::json& report, const std::string& section_prefix, const std::string& name) {
  for (const auto& m : report["metrics"]) {
    if (m["section"].get<std::string>().starts_with(section_prefix) && m["metric"] == name) return m;
  }
  static const nlohmann::json kNone;
  ADD_FAILURE() << section_prefix << " / " << name;
  return kNone;
}

TEST(WhatifExampleTest, Zte2018ShowsTheThreeOutcomes) {
  const std::string out = ::testing::TempDir() + "whatif_zte2018_" + std::to_string(::getpid()) + ".json";
  const auto result = run(example_args() + " --format json -o " + out);
  ASSERT_EQ(result.exit_code, 0) << result.out;
  std::ifstream in(out);
  const nlohmann::json report = nlohmann::json::parse(in);
  std::remove(out.c_str());

  // 1. Capacity. By hand: Huawei 100 fixed + 12 access builds x 6 + 2 ran builds x 8 = 188 of 250;
  // after, ZTE adds 100 + 2 cpe builds x 2 + 3 ran builds x 8 = 128: 316 of 250.
  EXPECT_EQ(metric(report, "evaluation", "verdict")["before"], "effective");
  EXPECT_EQ(metric(report, "evaluation", "verdict")["after"], "EXCEEDED");
  EXPECT_DOUBLE_EQ(metric(report, "evaluation", "total load (analyst-days/year)")["before"].get<double>(), 188);
  EXPECT_DOUBLE_EQ(metric(report, "evaluation", "total load (analyst-days/year)")["after"].get<double>(), 316);
  EXPECT_DOUBLE_EQ(metric(report, "evaluation", "load zte")["after"].get<double>(), 128);

  // 2. The second-supplier rule: one evaluated supplier before, two after.
  const auto& rule = metric(report, "policy", "example-uk-2018 SECOND-SUPPLIER");
  EXPECT_TRUE(rule["before"].get<std::string>().starts_with("met")) << rule;
  EXPECT_TRUE(rule["after"].get<std::string>().starts_with("violated")) << rule;

  // 3. The supply shock: not in effect on 2018-04-14; on 2018-04-20 every ZTE-made element with a
  // BOM loses parts: the 1,600 BT-branded ZXHN H298A routers and the 150 proposed ZXSDR B8200.
  EXPECT_EQ(metric(report, "cascade", "in effect at the as-of date")["before"], "no");
  EXPECT_DOUBLE_EQ(metric(report, "cascade", "elements losing parts")["before"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(metric(report, "cascade", "elements losing parts")["after"].get<double>(), 1750);
  EXPECT_DOUBLE_EQ(metric(report, "cascade", "elements affected: cpe")["after"].get<double>(), 1600);
  EXPECT_DOUBLE_EQ(metric(report, "cascade", "elements affected: ran")["after"].get<double>(), 150);
}

// Kit of a maker the registry does not know raises the control-unknown share, not the designated
// one: 20 FiberHome elements added to examples/small's 2,000 are 20 of 2,020 by count.
TEST(WhatifExampleTest, AddedKitOfAnUnknownControllerIsControlUnknown) {
  const std::string dir = ::testing::TempDir() + "whatif_fh_" + std::to_string(::getpid());
  std::ofstream(dir + ".yaml") << "scenario: fh\noperations:\n  - add: {count: 20, vendor: FiberHome, function: "
                                  "access, id_prefix: fh-}\n";
  const auto result = run("whatif " + source("examples/small/inventory.csv") + " " + dir +
                          ".yaml --as-of 2028-01-01 --format json -o " + dir + ".json -q");
  ASSERT_EQ(result.exit_code, 0) << result.out;
  std::ifstream in(dir + ".json");
  const nlohmann::json report = nlohmann::json::parse(in);
  EXPECT_DOUBLE_EQ(metric(report, "control unknown share", "all (count)")["before"].get<double>(), 0);
  EXPECT_NEAR(metric(report, "control unknown share", "all (count)")["after"].get<double>(), 100 * 20.0 / 2020,
              1e-9);  // percent
  EXPECT_NEAR(metric(report, "designated share", "all (count)")["after"].get<double>(), 100 * 576.0 / 2020, 1e-9);
  std::remove((dir + ".yaml").c_str());
  std::remove((dir + ".json").c_str());
}

TEST(WhatifExampleTest, TextReportShowsBeforeAndAfter) {
  const auto result = run(example_args());
  ASSERT_EQ(result.exit_code, 0) << result.out;
  EXPECT_NE(result.out.find("EXCEEDED"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("ASSUMPTION"), std::string::npos);
}

TEST(WhatifExampleTest, MalformedScenarioExitsTwoWithLocation) {
  const std::string path = ::testing::TempDir() + "whatif_bad_" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << "scenario: bad\noperations:\n  - add: {count: 5, vendor: ZTE, function: ran, colour: red}\n";
  const auto result = run("whatif " + source("examples/zte-2018/inventory.csv") + " " + path + " -q");
  std::remove(path.c_str());
  EXPECT_EQ(result.exit_code, 2) << result.out;
  EXPECT_NE(result.out.find(path + ":3:"), std::string::npos) << result.out;
}

}  // namespace
}  // namespace kitwatch
