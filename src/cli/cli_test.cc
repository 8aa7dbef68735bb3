// End-to-end tests of the kitwatch binary: real files in, real output and exit codes out.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include "test_support.h"

#include <array>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace kitwatch {
namespace {

using testing_support::CommandRun;
using testing_support::run;
using testing_support::source;

nlohmann::json assess_json(const std::string& args) {
  const std::string out = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-report.json";
  const CommandRun r = run("assess " + args + " --format json -o " + out + " --quiet");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(out);
  return nlohmann::json::parse(in);
}

const nlohmann::json& function_row(const nlohmann::json& report, const std::string& name) {
  for (const auto& row : report["by_function"]) {
    if (row["function"] == name) return row;
  }
  static const nlohmann::json kNull;
  return kNull;
}

TEST(CliTest, HandCheckedInventoryGivesTheHandComputedShares) {
  // The expected numbers are worked out by hand in tests/cases/hand_checked/README.md.
  const auto r = assess_json(source("tests/cases/hand_checked/inventory.csv") + " --as-of 2024-01-01");
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
  EXPECT_EQ(r["designated_controllers"][1]["entity"], "zte");
  EXPECT_EQ(r["designated_controllers"][1]["measures"]["count"], 1);
}

TEST(CliTest, AsOfDateAndListSelectionChangeTheAnswer) {
  const std::string inv = source("tests/cases/hand_checked/inventory.csv");
  auto before = assess_json(inv + " --as-of 2022-10-12 --lists uk-tsa-designated");
  auto after = assess_json(inv + " --as-of 2022-10-13 --lists uk-tsa-designated");
  EXPECT_DOUBLE_EQ(before["total"]["designated"]["count"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(after["total"]["designated"]["count"].get<double>(), 3);
}

TEST(CliTest, TextSummaryShowsSharesAndFacts) {
  const CommandRun r = run("assess " + source("tests/cases/hand_checked/inventory.csv") + " --as-of 2024-01-01");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Read 10 rows from 1 file(s): 10 accepted, 0 rejected."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("40.0%"), std::string::npos);
  EXPECT_NE(r.out.find("uk-tsa-designated since 2022-10-13"), std::string::npos);
  EXPECT_NE(r.out.find("'BT'"), std::string::npos);
}

TEST(CliTest, MalformedInputIsLocatedAndStrictExitsTwo) {
  const std::string bad = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-bad.csv";
  std::ofstream(bad) << "id,vendor,mac\na,Nokia,aa:bb:cc:dd:ee:ff\nb,Nokia,not-a-mac\na,Cisco,\nc,\"Nokia\n";
  const CommandRun lenient = run("assess " + bad);
  EXPECT_EQ(lenient.exit_code, 2) << lenient.out;  // the unterminated quote is fatal
  EXPECT_NE(lenient.out.find("bad.csv:5:3: unterminated quoted field"), std::string::npos) << lenient.out;

  std::ofstream(bad) << "id,vendor,mac\na,Nokia,aa:bb:cc:dd:ee:ff\nb,Nokia,not-a-mac\na,Cisco,\nc,Nokia\n";
  const CommandRun counted = run("assess " + bad);
  EXPECT_EQ(counted.exit_code, 0) << counted.out;
  EXPECT_NE(counted.out.find("Read 4 rows from 1 file(s): 1 accepted, 3 rejected."), std::string::npos) << counted.out;
  EXPECT_NE(counted.out.find("bad.csv:3:9 (field 'macs'): 'not-a-mac' is not a MAC-48 address"), std::string::npos);
  EXPECT_NE(counted.out.find("bad.csv:4:1 (field 'id'): id 'a' was already used at"), std::string::npos);
  EXPECT_NE(counted.out.find("wrong column count"), std::string::npos);

  const CommandRun strict = run("assess --strict " + bad);
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.out.find("bad.csv:3:9"), std::string::npos) << strict.out;
}

TEST(CliTest, UsageErrorsExitTwo) {
  EXPECT_EQ(run("assess").exit_code, 2);
  EXPECT_EQ(run("assess /no/such/file.csv").exit_code, 2);
  const CommandRun bad_date = run("assess " + source("tests/cases/hand_checked/inventory.csv") + " --as-of 2023-02-30");
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_NE(bad_date.out.find("--as-of 2023-02-30"), std::string::npos);
  const CommandRun bad_list = run("assess " + source("tests/cases/hand_checked/inventory.csv") + " --lists nope");
  EXPECT_EQ(bad_list.exit_code, 2);
  EXPECT_NE(bad_list.out.find("unknown designation list 'nope'"), std::string::npos);
  EXPECT_EQ(run("--help").exit_code, 0);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

TEST(CliResolveTest, JsonHasOneRecordPerElementWithEvidence) {
  const std::string out = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-resolve.json";
  const CommandRun r = run("resolve " + source("tests/cases/hand_checked/inventory.csv") +
                           " --as-of 2024-01-01 --format json -q -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;
  std::ifstream in(out);
  const auto records = nlohmann::json::parse(in);
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(records[1]["id"], "core-2");
  EXPECT_EQ(records[1]["manufacturer"], "huawei");
  EXPECT_EQ(records[1]["designated"], true);
  EXPECT_FALSE(records[1]["evidence"].empty());
  EXPECT_EQ(records[6]["id"], "cpe-1");  // declared "BT", nothing else: unknown
  EXPECT_EQ(records[6]["manufacturer"], "");
}

TEST(CliResolveTest, ExplainNamesTheRowTheChainAndTheFacts) {
  const CommandRun r = run("resolve " + source("tests/cases/hand_checked/inventory.csv") +
                           " --as-of 2024-01-01 -q --explain acc-1 --lists uk-tsa-designated");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("inventory.csv:6)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("maker: Huawei Technologies Co., Ltd."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("designated: uk-tsa-designated lists Huawei Technologies Co., Ltd. since 2022-10-13"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(run("resolve " + source("tests/cases/hand_checked/inventory.csv") + " -q --explain nope").exit_code, 2);
}

TEST(CliRegistryTest, InfoListsAndShow) {
  const CommandRun info = run("registry info");
  ASSERT_EQ(info.exit_code, 0) << info.out;
  EXPECT_NE(info.out.find("designation lists"), std::string::npos);
  const CommandRun show = run("registry show huawei-device");
  ASSERT_EQ(show.exit_code, 0) << show.out;
  EXPECT_NE(show.out.find("parent: huawei"), std::string::npos) << show.out;
  const CommandRun lists = run("registry lists");
  EXPECT_NE(lists.out.find("us-bis-zte-denial-2018"), std::string::npos);
  EXPECT_NE(lists.out.find("2018-04-15 → 2018-07-13"), std::string::npos) << lists.out;
  EXPECT_EQ(run("registry show nobody").exit_code, 2);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

TEST(CliAssessTest, TopologyAndPolicySectionsJoinTheReport) {
  const std::string out = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-full.json";
  const CommandRun r = run("assess " + source("examples/small/inventory.csv") + " --links " +
                           source("examples/small/links.csv") + " --demands " + source("examples/small/demands.csv") +
                           " --policy uk-huawei-dvd --as-of 2028-01-01 --format json -q -o " + out);
  ASSERT_EQ(r.exit_code, 0) << r.out;  // assess reports violations; only `check` fails on them
  std::ifstream in(out);
  const auto report = nlohmann::json::parse(in);
  ASSERT_TRUE(report.contains("topology"));
  ASSERT_TRUE(report.contains("policy"));
  EXPECT_EQ(report["links"]["rejected"], 0);
  const CommandRun gate =
      run("check " + source("examples/small/inventory.csv") + " --policy uk-huawei-dvd --as-of 2028-01-01 -q");
  EXPECT_EQ(gate.exit_code, 1) << gate.out;
  const CommandRun compliant =
      run("check " + source("examples/small/inventory.csv") + " --policy uk-huawei-dvd --as-of 2024-01-01 -q");
  EXPECT_EQ(compliant.exit_code, 0) << compliant.out;
}

}  // namespace
}  // namespace kitwatch
