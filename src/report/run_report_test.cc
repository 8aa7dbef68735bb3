// A loaded run's report (assess_context + write_report): the JSON a run gives for the
// hand-checked case, dates and lists that change the answer, and the sections that join it.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "report/report.h"
#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::source;

nlohmann::json report_json(RunSpec spec) {
  auto inputs = load(std::move(spec));
  EXPECT_TRUE(inputs.ok()) << inputs.status().message();
  if (!inputs.ok()) return {};
  auto analysis = analyse(**inputs);
  EXPECT_TRUE(analysis.ok()) << analysis.status().message();
  if (!analysis.ok()) return {};
  std::ostringstream out;
  EXPECT_TRUE(write_report(assess_context(**inputs, *analysis), "json", out).ok());
  return nlohmann::json::parse(out.str());
}

RunSpec hand_checked(const char* as_of, std::vector<std::string> lists = {}) {
  RunSpec spec;
  spec.inventories = {source("tests/cases/hand_checked/inventory.csv")};
  spec.as_of = Date::parse(as_of);
  spec.lists = std::move(lists);
  return spec;
}

const nlohmann::json& function_row(const nlohmann::json& report, const std::string& name) {
  for (const auto& row : report["by_function"]) {
    if (row["function"] == name) return row;
  }
  static const nlohmann::json kNull;
  return kNull;
}

TEST(RunReportTest, HandCheckedInventoryGivesTheHandComputedShares) {
  // The expected numbers are worked out by hand in tests/cases/hand_checked/README.md.
  const auto r = report_json(hand_checked("2024-01-01"));
  EXPECT_EQ(r["schema_version"], "1.0");
  EXPECT_EQ(r["ingest"]["rows_read"], 10);
  EXPECT_EQ(r["ingest"]["accepted"], 10);
  const auto& total = r["total"];
  EXPECT_DOUBLE_EQ(total["total"]["count"].get<double>(), 10);
  EXPECT_DOUBLE_EQ(total["designated_share"]["count"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(total["designated_share"]["traffic"].get<double>(), 332.0 / 860.0);
  EXPECT_DOUBLE_EQ(total["designated_share"]["subscribers"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(total["unknown_share"]["count"].get<double>(), 0.2);
  EXPECT_DOUBLE_EQ(total["unknown_share"]["traffic"].get<double>(), 5.0 / 860.0);
  EXPECT_DOUBLE_EQ(function_row(r, "core")["designated_share"]["traffic"].get<double>(), 200.0 / 600.0);
  EXPECT_DOUBLE_EQ(function_row(r, "access")["designated_share"]["subscribers"].get<double>(), 0.6);
  EXPECT_DOUBLE_EQ(function_row(r, "cpe")["designated_share"]["count"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(function_row(r, "cpe")["unknown_share"]["count"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(function_row(r, "cpe")["unknown_share"]["subscribers"].get<double>(), 0.4);
  ASSERT_EQ(r["designated_controllers"].size(), 2u);
  EXPECT_EQ(r["designated_controllers"][0]["entity"], "huawei");
  EXPECT_EQ(r["designated_controllers"][0]["measures"]["count"], 3);
  EXPECT_DOUBLE_EQ(r["designated_controllers"][0]["share"]["count"].get<double>(), 0.3);
  EXPECT_EQ(r["designated_controllers"][1]["entity"], "zte");
  EXPECT_EQ(r["designated_controllers"][1]["measures"]["count"], 1);
}

TEST(RunReportTest, AsOfDateAndListSelectionChangeTheAnswer) {
  auto before = report_json(hand_checked("2022-10-12", {"uk-tsa-designated"}));
  auto after = report_json(hand_checked("2022-10-13", {"uk-tsa-designated"}));
  EXPECT_DOUBLE_EQ(before["total"]["designated"]["count"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(after["total"]["designated"]["count"].get<double>(), 3);
}

TEST(RunReportTest, TopologyAndPolicySectionsJoinTheReport) {
  RunSpec spec;
  spec.inventories = {source("examples/small/inventory.csv")};
  spec.links = source("examples/small/links.csv");
  spec.demands = source("examples/small/demands.csv");
  spec.policies = {"uk-huawei-dvd"};
  spec.as_of = Date::parse("2028-01-01");
  const auto report = report_json(std::move(spec));
  ASSERT_TRUE(report.contains("topology"));
  ASSERT_TRUE(report.contains("policy"));
  EXPECT_EQ(report["links"]["rejected"], 0);
}

}  // namespace
}  // namespace kitwatch
