#include "whatif/whatif.h"

#include <gtest/gtest.h>

#include <unistd.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "assess/assess.h"

namespace kitwatch {
namespace {

// One inventory row as the test keeps it: the reference model the after-state is checked against.
struct Row {
  std::string id, vendor, model, version, region;
  Function function;
  double traffic, subscribers;
};

// Designated on us-fcc-covered from 2021-03-12: Huawei and ZTE (written from lists.yaml by hand).
bool fcc_listed(const Row& r, const std::string& date) {
  return (r.vendor == "Huawei" || r.vendor == "ZTE") && date >= "2021-03-12";
}

std::vector<Row> base_rows() {
  std::vector<Row> rows;
  const char* regions[] = {"North", "South", "West"};
  for (int i = 0; i < 30; ++i) {
    const Function f = i % 3 == 0 ? Function::kAccess : i % 3 == 1 ? Function::kRan : Function::kCore;
    const char* vendor = i % 5 == 0 ? "Nokia" : i % 5 == 1 ? "Ericsson" : i % 5 == 2 ? "ZTE" : "Huawei";
    rows.push_back(Row{"e" + std::to_string(i), vendor, std::string(vendor) + "-M" + std::to_string(i % 2),
                       "v" + std::to_string(i % 3), regions[i % 3], f, 1.0 + i, 10.0 * i});
  }
  return rows;
}

ElementStore store_of(const std::vector<Row>& rows) {
  ElementStore store;
  for (const Row& r : rows) {
    ElementRow row;
    row.id = r.id;
    row.declared_vendor = r.vendor;
    row.model = r.model;
    row.software_version = r.version;
    row.region = r.region;
    row.function = r.function;
    row.traffic = r.traffic;
    row.subscribers = r.subscribers;
    store.append(row);
  }
  store.link_uplinks();
  return store;
}

struct Fixture {
  std::vector<Row> rows = base_rows();
  ElementStore store = store_of(rows);
  std::unique_ptr<Registry> registry = std::make_unique<Registry>(std::move(*Registry::builtin()));
  MacRegistry macs;
  Date as_of = *Date::parse("2023-06-01");
  Resolution resolution = resolve(store, *registry, macs, as_of);
  NetworkState before{&store, registry.get(), &resolution, as_of, nullptr, nullptr};

  std::unique_ptr<AfterState> apply(const std::string& yaml, const std::string& file = "test.yaml") {
    auto scenario = parse_scenario(yaml, file);
    EXPECT_TRUE(scenario.ok()) << scenario.status().message();
    scenario_ = std::move(*scenario);
    auto after = apply_scenario(scenario_, before, ApplyOptions{*registry_sources({}), &macs});
    EXPECT_TRUE(after.ok()) << after.status().message();
    return after.ok() ? std::move(*after) : nullptr;
  }
  Scenario scenario_;
};

// The measures of rows that the reference says are designated, and of all rows.
struct Expected {
  Measures total, designated;
};
Expected expected(const std::vector<Row>& rows, const std::string& date) {
  Expected e;
  for (const Row& r : rows) {
    e.total.add(r.traffic, r.subscribers);
    if (fcc_listed(r, date)) e.designated.add(r.traffic, r.subscribers);
  }
  return e;
}

void expect_state(const NetworkState& s, const std::vector<Row>& rows, const std::string& date) {
  auto report = assess(*s.store, *s.registry, *s.resolution, AssessOptions{s.as_of, {"us-fcc-covered"}, 10});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const Expected e = expected(rows, date);
  EXPECT_EQ(s.store->size(), rows.size());
  EXPECT_DOUBLE_EQ(report->total.total.count, e.total.count);
  EXPECT_DOUBLE_EQ(report->total.total.traffic, e.total.traffic);
  EXPECT_DOUBLE_EQ(report->total.total.subscribers, e.total.subscribers);
  EXPECT_DOUBLE_EQ(report->total.designated.count, e.designated.count);
  EXPECT_DOUBLE_EQ(report->total.designated.traffic, e.designated.traffic);
  EXPECT_DOUBLE_EQ(report->total.designated.subscribers, e.designated.subscribers);
  for (const Row& r : rows) {
    const ElementIndex e = s.store->find(r.id);
    ASSERT_NE(e, kNoElement) << r.id;
    EXPECT_EQ(s.store->vendors.view(s.store->declared_vendor[e]), r.vendor);
    EXPECT_EQ(s.store->software_versions.view(s.store->software_version[e]), r.version);
    EXPECT_DOUBLE_EQ(s.store->traffic[e], r.traffic);
  }
}

TEST(WhatifTest, AddAppendsResolvedElements) {
  Fixture f;
  auto after = f.apply(R"(scenario: t
operations:
  - add: {count: 7, vendor: ZTE, model: ZXSDR B8200, function: ran, region: East, id_prefix: z-,
          software_versions: [a, b], traffic: 2.5, subscribers: 4})");
  ASSERT_TRUE(after);
  std::vector<Row> rows = f.rows;
  for (int i = 1; i <= 7; ++i) {
    rows.push_back(
        Row{"z-" + std::to_string(i), "ZTE", "ZXSDR B8200", i % 2 ? "a" : "b", "East", Function::kRan, 2.5, 4});
  }
  expect_state(after->state, rows, "2023-06-01");
  EXPECT_EQ(after->added, 7u);
  // The before state is untouched.
  expect_state(f.before, f.rows, "2023-06-01");
}

TEST(WhatifTest, RemoveInScope) {
  Fixture f;
  auto after = f.apply("scenario: t\noperations:\n  - remove: {manufacturer: huawei, function: access}\n");
  ASSERT_TRUE(after);
  std::vector<Row> rows;
  for (const Row& r : f.rows) {
    if (!(r.vendor == "Huawei" && r.function == Function::kAccess)) rows.push_back(r);
  }
  ASSERT_LT(rows.size(), f.rows.size());
  expect_state(after->state, rows, "2023-06-01");
  EXPECT_EQ(after->removed, f.rows.size() - rows.size());
}

TEST(WhatifTest, ReplaceKeepsIdsAndMeasures) {
  Fixture f;
  auto after = f.apply(R"(scenario: t
operations:
  - replace:
      manufacturer: huawei
      region: South
      where: 'function in [ran, core]'
      with: {vendor: Nokia, model: AirScale, software_versions: [n1]})");
  ASSERT_TRUE(after);
  std::vector<Row> rows = f.rows;
  std::size_t changed = 0;
  for (Row& r : rows) {
    if (r.vendor == "Huawei" && r.region == "South" && r.function != Function::kAccess) {
      r.vendor = "Nokia";
      r.model = "AirScale";
      r.version = "n1";
      ++changed;
    }
  }
  ASSERT_GT(changed, 0u);
  expect_state(after->state, rows, "2023-06-01");
  EXPECT_EQ(after->replaced, changed);
}

TEST(WhatifTest, DesignateExtendsACopyOfTheRegistry) {
  Fixture f;
  auto after =
      f.apply("scenario: t\noperations:\n  - designate: {entity: nokia, list: us-fcc-covered, from: 2023-01-01}\n");
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->registry);
  EXPECT_EQ(after->state.store, f.before.store);  // nothing added or removed: the store is shared
  auto report = assess(*after->state.store, *after->state.registry, *after->state.resolution,
                       AssessOptions{f.as_of, {"us-fcc-covered"}, 10});
  ASSERT_TRUE(report.ok());
  double expected_count = 0;
  for (const Row& r : f.rows) expected_count += fcc_listed(r, "2023-06-01") || r.vendor == "Nokia";
  EXPECT_DOUBLE_EQ(report->total.designated.count, expected_count);
  // The loaded registry is unchanged.
  auto unchanged = assess(f.store, *f.registry, f.resolution, AssessOptions{f.as_of, {"us-fcc-covered"}, 10});
  EXPECT_DOUBLE_EQ(unchanged->total.designated.count, expected(f.rows, "2023-06-01").designated.count);
}

TEST(WhatifTest, AsOfMovesTheDate) {
  Fixture f;
  auto after = f.apply("scenario: t\noperations:\n  - as_of: 2020-06-01\n");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->state.as_of, *Date::parse("2020-06-01"));
  expect_state(after->state, f.rows, "2020-06-01");  // before the FCC listing: nothing designated
}

TEST(WhatifTest, OperationsApplyInOrder) {
  Fixture f;
  // The added ZTE elements are removed again with the loaded ones.
  auto after = f.apply(R"(scenario: t
operations:
  - add: {count: 3, vendor: ZTE, model: X, function: core, id_prefix: n-}
  - remove: {manufacturer: zte}
  - add: {count: 2, vendor: Huawei, model: Y, function: core, id_prefix: h-, software_versions: [s]})");
  ASSERT_TRUE(after);
  std::vector<Row> rows;
  for (const Row& r : f.rows) {
    if (r.vendor != "ZTE") rows.push_back(r);
  }
  rows.push_back(Row{"h-1", "Huawei", "Y", "s", "", Function::kCore, 0, 0});
  rows.push_back(Row{"h-2", "Huawei", "Y", "s", "", Function::kCore, 0, 0});
  expect_state(after->state, rows, "2023-06-01");
}

TEST(WhatifTest, LinksFollowTheElements) {
  Fixture f;
  LinkTable links;
  for (ElementIndex e = 0; e + 1 < f.store.size(); ++e) {
    links.a.push_back(e);
    links.b.push_back(e + 1);
    links.cost.push_back(1);
    links.capacity.push_back(0);
  }
  f.before.links = &links;
  auto after = f.apply("scenario: t\noperations:\n  - remove: {manufacturer: ericsson}\n");
  ASSERT_TRUE(after);
  ASSERT_TRUE(after->links);
  std::size_t expected_links = 0;
  for (std::size_t i = 0; i + 1 < f.rows.size(); ++i) {
    expected_links += f.rows[i].vendor != "Ericsson" && f.rows[i + 1].vendor != "Ericsson";
  }
  EXPECT_EQ(after->links->size(), expected_links);
  for (std::size_t i = 0; i < after->links->size(); ++i) {
    const std::string a(after->state.store->id_of(after->links->a[i]));
    const std::string b(after->state.store->id_of(after->links->b[i]));
    EXPECT_EQ(std::stoi(b.substr(1)), std::stoi(a.substr(1)) + 1);
  }
}

TEST(WhatifTest, CascadeIsMeasuredOnBothStates) {
  Fixture f;
  f.rows.push_back(Row{"hub-1", "BT", "ZXHN H298A", "1", "North", Function::kCpe, 0, 1});
  f.rows.push_back(Row{"hub-2", "BT", "ZXHN H298A", "1", "South", Function::kCpe, 0, 1});
  f.store = store_of(f.rows);
  f.as_of = *Date::parse("2018-04-01");
  f.resolution = resolve(f.store, *f.registry, f.macs, f.as_of);
  f.before = NetworkState{&f.store, f.registry.get(), &f.resolution, f.as_of, nullptr, nullptr};
  const std::string dir = ::testing::TempDir() + "whatif_cascade_" + std::to_string(::getpid());
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/hub.csv") << "product,component,supplier,country,manufacturer,model,type\n"
                                     "ZXHN H298A,SoC,Broadcom,US,ZTE,ZXHN H298A,hardware\n";
  auto after = f.apply(R"(scenario: t
operations:
  - as_of: 2018-04-20
  - cascade: {boms: [hub.csv], suppliers: [US], target: zte, from: 2018-04-15, until: 2018-07-12})",
                       dir + "/scenario.yaml");
  ASSERT_TRUE(after);
  auto comparison = compare_states(f.scenario_, f.before, *after, CompareOptions{});
  ASSERT_TRUE(comparison.ok()) << comparison.status().message();
  const auto row = [&](const std::string& name) {
    for (const MetricRow& r : comparison->rows) {
      if (r.section.starts_with("cascade") && r.name == name) return r;
    }
    ADD_FAILURE() << name;
    return MetricRow{};
  };
  // Every ZTE-made element (2 hubs + the ZTE rows of the base) is linked only when its model has a
  // BOM: here just the hubs.
  EXPECT_DOUBLE_EQ(row("elements losing parts").before, 0);
  EXPECT_DOUBLE_EQ(row("elements losing parts").after, 2);
  EXPECT_EQ(row("in effect at the as-of date").after_text, "yes");
  std::filesystem::remove_all(dir);
}

struct BadScenario {
  const char* text;
  const char* where;  // file:line:column expected in the message
  const char* says;
};

TEST(WhatifTest, MalformedScenariosAreLocated) {
  const BadScenario cases[] = {
      {"scenario: t\noperations:\n  - add: {count: 1, vendor: ZTE, function: ran, colour: red}\n",
       "s.yaml:3:", "colour"},
      {"scenario: t\noperations:\n  - add: {count: 0, vendor: ZTE, function: ran}\n", "s.yaml:3:", "count"},
      {"scenario: t\noperations:\n  - add: {count: 2, vendor: ZTE, function: radio}\n", "s.yaml:3:", "radio"},
      {"scenario: t\noperations:\n  - as_of: 2018-02-30\n", "s.yaml:3:", "date"},
      {"scenario: t\noperations:\n  - remove: {where: 'function = core'}\n", "s.yaml:3:", "selector"},
      {"scenario: t\noperations:\n  - remove: {}\n", "s.yaml:3:", "at least one"},
      {"scenario: t\noperations:\n  - explode: {}\n", "s.yaml:3:5", "explode"},
      {"scenario: t\nextra: 1\noperations:\n  - as_of: 2018-01-01\n", "s.yaml:2:1", "extra"},
      {"scenario: t\noperations: []\n", "s.yaml:2:", "operations"},
      {"scenario: t\noperations:\n  - designate: {entity: zte, list: l, from: 2018-01-01, until: 2017-01-01}\n",
       "s.yaml:3:", "until"},
      {"scenario: t\noperations:\n  - cascade: {boms: [a.csv], target: zte, from: 2018-01-01}\n",
       "s.yaml:3:", "suppliers"},
      {"scenario: [unclosed\n", "s.yaml:", "YAML"},
  };
  for (const BadScenario& c : cases) {
    auto parsed = parse_scenario(c.text, "s.yaml");
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_NE(parsed.status().message().find(c.where), std::string::npos) << parsed.status().message();
    EXPECT_NE(parsed.status().message().find(c.says), std::string::npos) << parsed.status().message();
  }
}

TEST(WhatifTest, UnknownEntityIsLocatedAtItsOperation) {
  Fixture f;
  auto scenario =
      parse_scenario("scenario: t\noperations:\n  - designate: {entity: acme, list: x, from: 2020-01-01}\n", "s.yaml");
  ASSERT_TRUE(scenario.ok());
  auto after = apply_scenario(*scenario, f.before, ApplyOptions{*registry_sources({}), &f.macs});
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("s.yaml:3:"), std::string::npos) << after.status().message();
}

}  // namespace
}  // namespace kitwatch
