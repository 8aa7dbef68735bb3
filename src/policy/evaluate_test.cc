// Each rule kind at its edges: exactly at a cap and one element over, the day before and the day
// of an effective date, empty scopes; and parallel evaluation equal to serial.
#include <gtest/gtest.h>

#include "base/csv_reader.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

struct Row {
  std::string id, function, vendor, tags, region = "London", installed = "2020-01-01";
  double traffic = 1, subscribers = 0;
};

class PolicyEvaluateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto reg = Registry::builtin();
    ASSERT_TRUE(reg.ok()) << reg.status().message();
    registry_ = std::make_unique<Registry>(std::move(*reg));
    auto macs = MacRegistry::load("/nonexistent-ieee-dir");
    ASSERT_TRUE(macs.ok());
    macs_ = std::make_unique<MacRegistry>(std::move(*macs));
  }

  void add(const Row& r) {
    ElementRow row;
    row.id = r.id;
    row.function = *parse_function(r.function);
    row.declared_vendor = r.vendor;
    row.tags = r.tags;
    row.region = r.region;
    const std::string site = r.region + "-1";  // must outlive append(): rows hold views
    row.site = site;
    row.installed = r.installed.empty() ? kNoDate : Date::parse(r.installed)->days();
    row.traffic = r.traffic;
    row.subscribers = r.subscribers;
    ASSERT_NE(store_.append(row), kNoElement);
  }
  // n elements of one vendor, ids prefix0..prefixN-1.
  void add_many(int n, const std::string& prefix, const std::string& vendor, const std::string& function,
                const std::string& tags = "") {
    for (int i = 0; i < n; ++i) add(Row{prefix + std::to_string(i), function, vendor, tags});
  }

  // Evaluates one pack (YAML text) as of a date; fails the test on an error.
  PolicyReport run(const std::string& yaml, const std::string& as_of, unsigned threads = 2) {
    auto pack = parse_pack(PackSource{"test.policy.yaml", yaml});
    EXPECT_TRUE(pack.ok()) << pack.status().message();
    const Date date = *Date::parse(as_of);
    resolution_ = resolve(store_, *registry_, *macs_, date);
    auto report = evaluate_policies({*pack}, PolicyContext{store_, *registry_, resolution_, date, threads});
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? std::move(*report) : PolicyReport{};
  }
  Status run_error(const std::string& yaml) {
    auto pack = parse_pack(PackSource{"test.policy.yaml", yaml});
    if (!pack.ok()) return pack.status();
    const Date date = *Date::parse("2024-01-01");
    resolution_ = resolve(store_, *registry_, *macs_, date);
    auto report = evaluate_policies({*pack}, PolicyContext{store_, *registry_, resolution_, date, 1});
    return report.ok() ? Status() : report.status();
  }

  std::unique_ptr<Registry> registry_;
  std::unique_ptr<MacRegistry> macs_;
  ElementStore store_;
  Resolution resolution_;
};

std::string pack_with(const std::string& rule) {
  return "pack: t\nsuppliers: entity.lists has uk-tsa-designated\nrules:\n" + rule;
}

TEST_F(PolicyEvaluateTest, CapExactlyAtTheLimitIsCompliantAndOneElementOverIsAViolation) {
  add_many(7, "h", "Huawei", "ran", "5g");
  add_many(13, "n", "Nokia", "ran", "5g");  // 7 / 20 = 35% exactly
  const std::string yaml =
      pack_with("  - {id: C, kind: cap, scope: tags has 5g, limit: 35%, from: 2023-07-31, source: s}\n");
  PolicyReport at = run(yaml, "2024-01-01");
  ASSERT_EQ(at.results.size(), 1u);
  EXPECT_EQ(at.results[0].status, RuleStatus::kMet);
  EXPECT_DOUBLE_EQ(at.results[0].measured, 0.35);
  EXPECT_TRUE(at.results[0].elements.empty());

  add(Row{"h7", "ran", "Huawei", "5g"});  // 8 / 21 = 38.1%
  PolicyReport over = run(yaml, "2024-01-01");
  EXPECT_EQ(over.results[0].status, RuleStatus::kViolated);
  EXPECT_NEAR(over.results[0].measured, 8.0 / 21.0, 1e-12);
  EXPECT_EQ(over.results[0].elements.size(), 8u);
  EXPECT_EQ(over.failing(), 1u);
}

TEST_F(PolicyEvaluateTest, CapByTrafficPerRegionFlagsOnlyTheRegionOver) {
  add(Row{"a", "ran", "Huawei", "5g", "London", "2020-01-01", 40});
  add(Row{"b", "ran", "Nokia", "5g", "London", "2020-01-01", 60});  // London 40%
  add(Row{"c", "ran", "Huawei", "5g", "Wales", "2020-01-01", 10});
  add(Row{"d", "ran", "Nokia", "5g", "Wales", "2020-01-01", 90});  // Wales 10%
  PolicyReport r =
      run(pack_with("  - {id: C, kind: cap, limit: 0.35, measure: traffic, per: region, source: s}\n"), "2024-01-01");
  ASSERT_EQ(r.results[0].groups.size(), 2u);
  EXPECT_EQ(r.results[0].groups[0].name, "London");
  EXPECT_TRUE(r.results[0].groups[0].over);
  EXPECT_FALSE(r.results[0].groups[1].over);
  ASSERT_EQ(r.results[0].elements.size(), 1u);
  EXPECT_EQ(store_.id_of(r.results[0].elements[0]), "a");
}

TEST_F(PolicyEvaluateTest, ProhibitIsPendingTheDayBeforeItsDateAndViolatedOnTheDay) {
  add_many(2, "h", "Huawei", "core");
  add_many(3, "n", "Nokia", "core");
  const std::string yaml =
      pack_with("  - {id: P, kind: prohibit, scope: function == core, from: 2023-12-31, source: s}\n");
  PolicyReport before = run(yaml, "2023-12-30");
  EXPECT_EQ(before.results[0].status, RuleStatus::kPending);
  EXPECT_EQ(before.results[0].days_left, 1);
  EXPECT_EQ(before.results[0].elements.size(), 2u);  // what would violate
  PolicyReport on = run(yaml, "2023-12-31");
  EXPECT_EQ(on.results[0].status, RuleStatus::kViolated);
  EXPECT_EQ(on.results[0].days_left, 0);
  EXPECT_EQ(on.failing(), 1u);
}

// The per-element CSV (`kitwatch check --format csv`) opens in a spreadsheet as data: an id that
// a spreadsheet would run as a formula is written as text, and quoting keeps every cell in place.
TEST_F(PolicyEvaluateTest, CsvCellsCannotRunAsSpreadsheetFormulas) {
  const std::vector<std::pair<std::string, std::string>> ids = {
      {"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
      {"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
      {"@SUM(A1)", "'@SUM(A1)"},
      {"-12.5", "-12.5"},  // a plain number is data
      {"core, west", "core, west"}};
  store_.source_files.push_back("inv.csv");  // the source column names the file of each row
  for (const auto& [id, cell] : ids) add(Row{id, "core", "Huawei", ""});
  const PolicyReport report = run(
      pack_with("  - {id: P, kind: prohibit, scope: function == core, from: 2023-01-01, source: s}\n"), "2024-01-01");
  const std::string csv =
      render_policy_csv(report, PolicyContext{store_, *registry_, resolution_, *Date::parse("2024-01-01")});
  CsvReader reader(csv, ',');
  CsvRecord record;
  ASSERT_EQ(reader.next(record), CsvReader::Next::kRecord);
  ASSERT_EQ(record.fields[4].text, "element");
  std::vector<std::string> cells;
  while (reader.next(record) == CsvReader::Next::kRecord) {
    ASSERT_EQ(record.fields.size(), 10u);
    cells.emplace_back(record.fields[4].text);
  }
  ASSERT_EQ(cells.size(), ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) EXPECT_EQ(cells[i], ids[i].second) << ids[i].first;
}

TEST_F(PolicyEvaluateTest, RemoveByReportsWhatRemainsAndDaysLeftBeforeTheDeadline) {
  add(Row{"h0", "ran", "Huawei", "5g", "London", "2020-01-01", 1, 100});
  add(Row{"h1", "ran", "Huawei", "5g", "London", "2020-01-01", 1, 50});
  const std::string yaml =
      pack_with("  - {id: R, kind: remove_by, scope: tags has 5g, measure: subscribers, by: 2027-12-31, source: s}\n");
  PolicyReport before = run(yaml, "2027-12-30");
  EXPECT_EQ(before.results[0].status, RuleStatus::kPending);
  EXPECT_DOUBLE_EQ(before.results[0].measured, 150);
  EXPECT_EQ(before.results[0].days_left, 1);
  EXPECT_EQ(run(yaml, "2027-12-31").results[0].status, RuleStatus::kViolated);
}

TEST_F(PolicyEvaluateTest, DesignationsAreTakenAtTheAsOfDate) {
  add_many(1, "h", "Huawei", "core");  // uk-tsa-designated lists Huawei from 2022-10-13
  const std::string yaml = pack_with("  - {id: P, kind: prohibit, source: s}\n");
  EXPECT_EQ(run(yaml, "2022-10-12").results[0].status, RuleStatus::kMet);
  EXPECT_EQ(run(yaml, "2022-10-13").results[0].status, RuleStatus::kViolated);
}

TEST_F(PolicyEvaluateTest, NoNewCountsInstallsFromTheDateAndSkipsElementsInstalledAfterTheAsOfDate) {
  add(Row{"old", "ran", "Huawei", "5g", "London", "2022-10-12"});
  add(Row{"new", "ran", "Huawei", "5g", "London", "2022-10-13"});
  add(Row{"later", "ran", "Huawei", "5g", "London", "2024-06-01"});
  add(Row{"undated", "ran", "Huawei", "5g", "London", ""});
  const std::string yaml = pack_with("  - {id: N, kind: no_new, scope: tags has 5g, from: 2022-10-13, source: s}\n");
  PolicyReport r = run(yaml, "2024-01-01");
  EXPECT_EQ(r.results[0].status, RuleStatus::kViolated);
  ASSERT_EQ(r.results[0].elements.size(), 1u);
  EXPECT_EQ(store_.id_of(r.results[0].elements[0]), "new");
  EXPECT_EQ(r.results[0].undated, 1u);
  EXPECT_EQ(r.installed_later, 1u);
  EXPECT_EQ(run(yaml, "2022-10-12").results[0].status, RuleStatus::kPending);
}

TEST_F(PolicyEvaluateTest, EmptyScopeIsCompliantForEveryKind) {
  add_many(3, "h", "Huawei", "ran", "4g");
  const std::string yaml = pack_with(
      "  - {id: P, kind: prohibit, scope: tags has sensitive-site, source: s}\n"
      "  - {id: C, kind: cap, scope: tags has sensitive-site, limit: 0, source: s}\n"
      "  - {id: R, kind: remove_by, scope: tags has sensitive-site, by: 2020-01-01, source: s}\n"
      "  - {id: N, kind: no_new, scope: tags has sensitive-site, from: 2020-01-01, source: s}\n"
      "  - {id: M, kind: max_suppliers, scope: tags has sensitive-site, max: 0, source: s}\n"
      "  - {id: E, kind: require_evidence, scope: tags has sensitive-site, min_confidence: 1, source: s}\n");
  PolicyReport r = run(yaml, "2024-01-01");
  ASSERT_EQ(r.results.size(), 6u);
  for (const RuleResult& result : r.results) {
    EXPECT_EQ(result.status, RuleStatus::kMet) << r.packs[0].rules[result.rule].id;
    EXPECT_EQ(result.scope_elements, 0u);
  }
}

TEST_F(PolicyEvaluateTest, MaxSuppliersCountsDistinctDesignatedControllers) {
  add_many(2, "h", "Huawei", "access");
  const std::string yaml =
      "pack: t\nsuppliers: entity.lists has [uk-ncsc-zte-2018, uk-tsa-designated]\nrules:\n"
      "  - {id: M, kind: max_suppliers, max: 1, source: s}\n";
  EXPECT_EQ(run(yaml, "2024-01-01").results[0].status, RuleStatus::kMet);
  add_many(1, "z", "ZTE", "cpe");  // the seed's second supplier
  PolicyReport r = run(yaml, "2024-01-01");
  EXPECT_EQ(r.results[0].status, RuleStatus::kViolated);
  EXPECT_DOUBLE_EQ(r.results[0].measured, 2);
  EXPECT_EQ(r.results[0].elements.size(), 3u);
}

TEST_F(PolicyEvaluateTest, RequireEvidenceFlagsUnknownMakersInTheCore) {
  add_many(2, "n", "Nokia", "core");
  add_many(1, "u", "", "core");
  add_many(1, "x", "", "cpe");
  PolicyReport r = run(pack_with("  - {id: E, kind: require_evidence, scope: function == core, "
                                 "min_confidence: 0.8, source: s}\n"),
                       "2024-01-01");
  EXPECT_EQ(r.results[0].status, RuleStatus::kViolated);
  ASSERT_EQ(r.results[0].elements.size(), 1u);
  EXPECT_EQ(store_.id_of(r.results[0].elements[0]), "u0");
}

TEST_F(PolicyEvaluateTest, SelectorsOverEntityFieldsAndTags) {
  add(Row{"a", "core", "Huawei", "5g;fttp", "London"});
  add(Row{"b", "transport", "ZTE", "", "London"});
  add(Row{"c", "transport", "Nokia", "", "London"});
  add(Row{"d", "core", "ZTE", "", "Wales"});
  const std::string yaml =
      "pack: t\nsuppliers: entity.country == CN\nrules:\n"
      "  - {id: A, kind: prohibit, scope: 'function in [core, transport] and region == \"London\"', source: s}\n"
      "  - {id: B, kind: prohibit, scope: 'tags has \"5g\" and not (vendor == zte)', source: s}\n"
      "  - {id: C, kind: prohibit, suppliers: entity.ids has zte and entity.lists has us-fcc-covered, source: s}\n"
      "  - {id: D, kind: prohibit, scope: region != London and installed < 2021-01-01, source: s}\n";
  PolicyReport r = run(yaml, "2024-01-01", 1);
  EXPECT_EQ(r.results[0].elements.size(), 2u);  // a, b
  EXPECT_EQ(r.results[1].elements.size(), 1u);  // a
  EXPECT_EQ(r.results[2].elements.size(), 2u);  // b, d
  EXPECT_EQ(r.results[3].elements.size(), 1u);  // d
}

TEST_F(PolicyEvaluateTest, ParallelEvaluationEqualsSerial) {
  for (int i = 0; i < 9000; ++i) {
    add(Row{"e" + std::to_string(i), i % 3 ? "ran" : "core", i % 5 ? "Nokia" : "Huawei", i % 2 ? "5g" : "4g"});
  }
  const std::string yaml = pack_with(
      "  - {id: C, kind: cap, scope: tags has 5g, limit: 0.1, per: region, source: s}\n"
      "  - {id: P, kind: prohibit, scope: function == core, source: s}\n");
  PolicyReport one = run(yaml, "2024-01-01", 1);
  PolicyReport four = run(yaml, "2024-01-01", 4);
  for (std::size_t i = 0; i < one.results.size(); ++i) {
    EXPECT_EQ(one.results[i].elements, four.results[i].elements);
    EXPECT_DOUBLE_EQ(one.results[i].measured, four.results[i].measured);
  }
}

TEST_F(PolicyEvaluateTest, UnknownListInASelectorIsAnErrorAtItsPosition) {
  add_many(1, "h", "Huawei", "core");
  const Status s = run_error(
      "pack: t\nrules:\n  - id: P\n    kind: prohibit\n    source: s\n"
      "    suppliers: entity.lists has nope-list\n");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), ErrorKind::kInput);
  EXPECT_NE(s.message().find("test.policy.yaml:6:33"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("unknown designation list 'nope-list'"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace kitwatch
