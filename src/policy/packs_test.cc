// The shipped packs (read from the source tree, as the build may not embed them yet), the UK pack
// on the bundled example against hand-checked figures, and kitwatch check's exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include "test_support.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "ingest/ingest.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

using testing_support::CommandRun;
using testing_support::run;
using testing_support::source;

std::vector<Pack> shipped_from_source_tree() {
  std::vector<Pack> packs;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(source("data/policies"))) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::stringstream text;
    text << in.rdbuf();
    auto pack = parse_pack(PackSource{f.string(), text.str()});
    EXPECT_TRUE(pack.ok()) << pack.status().message();
    if (pack.ok()) packs.push_back(std::move(*pack));
  }
  return packs;
}

TEST(PolicyPacksTest, EveryShippedRuleCitesASourceAndRequiredPacksAreThere) {
  const auto packs = shipped_from_source_tree();
  std::vector<std::string> names;
  for (const Pack& p : packs) {
    names.push_back(p.name);
    for (const Rule& r : p.rules) EXPECT_FALSE(r.source.empty()) << p.name << " " << r.id;
  }
  for (const char* n : {"uk-huawei-dvd", "us-fcc-covered", "eu-5g-toolbox", "se-pts-2020", "de-5g-2024"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), n), names.end()) << n;
  }
}

TEST(PolicyPacksTest, UkPackHasR1ToR9WithTheDirectionsDatesAndR9MarkedAsAnAssumption) {
  const auto packs = shipped_from_source_tree();
  const auto uk = std::find_if(packs.begin(), packs.end(), [](const Pack& p) { return p.name == "uk-huawei-dvd"; });
  ASSERT_NE(uk, packs.end());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"R1", "2022-10-13"}, {"R2", "2027-12-31"}, {"R3", "2023-12-31"}, {"R4", "2023-10-31"}, {"R5", "2023-07-31"},
      {"R6", "2023-01-28"}, {"R7", "2022-10-13"}, {"R8", "2025-12-31"}, {"R9", "2023-01-28"}};
  ASSERT_EQ(uk->rules.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(uk->rules[i].id, expected[i].first);
    EXPECT_EQ(uk->rules[i].date->to_string(), expected[i].second) << expected[i].first;
  }
  EXPECT_NE(uk->rules[8].assumption.find("unverified"), std::string::npos);
  EXPECT_DOUBLE_EQ(uk->rules[3].limit, 0.35);
}

// Figures checked independently by tests/data/policy/verify_uk_small.py (plain Python over the CSV).
TEST(PolicyPacksTest, UkPackOnTheExampleMatchesTheHandCheckedFigures) {
  const auto packs = shipped_from_source_tree();
  const auto uk = std::find_if(packs.begin(), packs.end(), [](const Pack& p) { return p.name == "uk-huawei-dvd"; });
  ASSERT_NE(uk, packs.end());
  ElementStore store;
  IngestReport ingest;
  IngestOptions options;
  ASSERT_TRUE(ingest_inventory(source("examples/small/inventory.csv"), options, store, ingest).ok());
  ASSERT_TRUE(finish_inventory(options, store, ingest).ok());
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  auto macs = MacRegistry::load(kDefaultIeeeDir);
  ASSERT_TRUE(macs.ok());
  if (!macs->available()) GTEST_SKIP() << "needs Debian's ieee-data for the white-label CPE";
  struct Expected {
    std::string as_of;
    std::size_t r1, r2, r3_scope;
    double r4, r5;
    std::size_t failing;
  };
  for (const Expected& x : {Expected{"2023-01-01", 0, 4, 3, 120.0 / 638, 4.0 / 17, 0},
                            Expected{"2024-01-01", 0, 4, 4, 131.0 / 701, 4.0 / 28, 0},
                            Expected{"2028-01-01", 2, 6, 4, 171.0 / 923, 6.0 / 56, 2}}) {
    const Date date = *Date::parse(x.as_of);
    const Resolution resolution = resolve(store, *registry, *macs, date);
    auto report = evaluate_policies({*uk}, PolicyContext{store, *registry, resolution, date, 2});
    ASSERT_TRUE(report.ok()) << report.status().message();
    const auto& r = report->results;
    EXPECT_EQ(r[0].elements.size(), x.r1) << x.as_of;
    EXPECT_EQ(r[1].elements.size(), x.r2) << x.as_of;
    EXPECT_EQ(r[2].elements.size(), 0u) << x.as_of;
    EXPECT_EQ(r[2].scope_elements, x.r3_scope) << x.as_of;
    EXPECT_NEAR(r[3].measured, x.r4, 1e-12) << x.as_of;
    EXPECT_NEAR(r[4].measured, x.r5, 1e-12) << x.as_of;
    EXPECT_EQ(report->failing(), x.failing) << x.as_of;
  }
}

TEST(PolicyCliTest, CheckExitsZeroWhenCompliantAndOneOnViolations) {
  const std::string inv = source("tests/cases/hand_checked/inventory.csv");
  const std::string pack = source("tests/data/policy/core_ban.policy.yaml");
  CommandRun before = run("check " + inv + " --policy " + pack + " --as-of 2022-10-12 -q");
  CommandRun after = run("check " + inv + " --policy " + pack + " --as-of 2022-10-13 -q --format json");
  EXPECT_EQ(before.exit_code, 0) << before.out;
  EXPECT_EQ(after.exit_code, 1) << after.out;
  EXPECT_NE(after.out.find("\"elements\": [\n            \"core-2\""), std::string::npos) << after.out;
  EXPECT_NE(after.out.find("\"list\": \"uk-tsa-designated\""), std::string::npos) << after.out;
}

TEST(PolicyCliTest, BrokenPacksGiveALocatedErrorAndExitTwo) {
  const std::string inv = source("examples/small/inventory.csv");
  for (const auto& [file, message] : std::vector<std::pair<std::string, std::string>>{
           {"bad_syntax", "bad_syntax.policy.yaml:5:7: invalid YAML"},
           {"unknown_kind", "unknown_kind.policy.yaml:5:11: unknown rule kind 'ban'"},
           {"bad_date", "bad_date.policy.yaml:6:11: '2023-31-12' is not a real date"}}) {
    CommandRun r = run("check " + inv + " --policy " + source("tests/data/policy/" + file + ".policy.yaml"));
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find(message), std::string::npos) << r.out;
  }
  CommandRun unknown = run("check " + inv + " --policy no-such-pack");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_NE(unknown.out.find("no shipped pack of that name"), std::string::npos) << unknown.out;
}

TEST(PolicyCliTest, PolicyListAndShow) {
  CommandRun list = run("policy list");
  EXPECT_EQ(list.exit_code, 0) << list.out;
  EXPECT_NE(list.out.find("uk-huawei-dvd"), std::string::npos) << list.out;
  CommandRun show = run("policy show uk-huawei-dvd");
  EXPECT_EQ(show.exit_code, 0) << show.out;
  EXPECT_NE(show.out.find("ASSUMPTION: The date is unverified"), std::string::npos) << show.out;
}

}  // namespace
}  // namespace kitwatch
