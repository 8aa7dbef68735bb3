#include "assess/assess.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "ingest/ingest.h"

namespace kitwatch {
namespace {

// A vendor spelling and the truth about it, written by hand from the registry's sources (not
// computed by kitwatch): the real maker's designation dates on the UK and US FCC lists.
struct Spelling {
  const char* declared;
  bool known;             // resolves to a manufacturer
  bool registered;        // the registry knows it (else its control is unknown)
  const char* uk_since;   // uk-tsa-designated entry of the maker's controller, or nullptr
  const char* fcc_since;  // us-fcc-covered entry, or nullptr
};
constexpr Spelling kSpellings[] = {
    {"HUAWEI TECHNOLOGIES CO.,LTD", true, true, "2022-10-13", "2021-03-12"},
    {"Huawei Device Co., Ltd.", true, true, "2022-10-13", "2021-03-12"},
    {"huawei", true, true, "2022-10-13", "2021-03-12"},
    {"zte corp", true, true, nullptr, "2021-03-12"},
    {"ZTE Corporation", true, true, nullptr, "2021-03-12"},
    {"Nokia", true, true, nullptr, nullptr},
    {"Ericsson AB", true, true, nullptr, nullptr},
    {"BT", false, false, nullptr, nullptr},
    {"", false, false, nullptr, nullptr},
    {"Acme Widgets", true, false, nullptr, nullptr},  // an unregistered maker: known, control unknown
    {"FiberHome", true, false, nullptr, nullptr},     // not in the registry (issue 21): control unknown
};

struct Row {
  Function function;
  std::size_t spelling;
  double traffic, subscribers;
};

std::string to_csv(const std::vector<Row>& rows) {
  std::string csv = "id,function,vendor,traffic,subscribers\n";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    csv += "e" + std::to_string(i) + "," + std::string(function_name(rows[i].function)) + ",\"" +
           kSpellings[rows[i].spelling].declared + "\"," + std::to_string(rows[i].traffic) + "," +
           std::to_string(rows[i].subscribers) + "\n";
  }
  return csv;
}

// The brute-force reference: the definitions of docs/definitions.md applied row by row.
ScopeSummary reference(const std::vector<Row>& rows, Function f, bool all, const std::string& list, Date as_of) {
  ScopeSummary s;
  for (const Row& r : rows) {
    if (!all && r.function != f) continue;
    const double t = std::stod(std::to_string(r.traffic)), sub = std::stod(std::to_string(r.subscribers));
    s.total.add(t, sub);
    const Spelling& sp = kSpellings[r.spelling];
    if (!sp.known) {
      s.unknown.add(t, sub);
      continue;
    }
    if (!sp.registered) {
      s.control_unknown.add(t, sub);
      continue;
    }
    const char* since = list == "uk-tsa-designated" ? sp.uk_since : sp.fcc_since;
    if (since && *Date::parse(since) <= as_of) s.designated.add(t, sub);
  }
  return s;
}

void expect_near(const Measures& a, const Measures& b, const std::string& what) {
  EXPECT_DOUBLE_EQ(a.count, b.count) << what;
  EXPECT_NEAR(a.traffic, b.traffic, 1e-6 * (1 + b.traffic)) << what;
  EXPECT_NEAR(a.subscribers, b.subscribers, 1e-6 * (1 + b.subscribers)) << what;
}

TEST(AssessTest, MatchesABruteForceReferenceOnRandomInventories) {
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 40; ++trial) {
    std::vector<Row> rows(1 + rng() % 300);
    for (Row& r : rows) {
      r.function = static_cast<Function>(rng() % kFunctionCount);
      r.spelling = rng() % std::size(kSpellings);
      r.traffic = static_cast<double>(rng() % 10000) / 100.0;
      r.subscribers = static_cast<double>(rng() % 5);
    }
    const std::string list = trial % 2 ? "uk-tsa-designated" : "us-fcc-covered";
    const Date as_of = *Date::from_ymd(2020 + trial % 5, 1 + trial % 12, 1);
    ElementStore store;
    IngestReport ingest;
    ASSERT_TRUE(ingest_inventory_bytes(to_csv(rows), "t.csv", {}, store, ingest).ok());
    ASSERT_EQ(ingest.accepted, rows.size());
    const Resolution resolution = resolve(store, *registry, MacRegistry{}, as_of);
    auto report = assess(store, *registry, resolution, AssessOptions{as_of, {list}, 10});
    ASSERT_TRUE(report.ok()) << report.status().message();
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      const ScopeSummary want = reference(rows, static_cast<Function>(f), false, list, as_of);
      const std::string what = "trial " + std::to_string(trial) + " function " + std::string(kFunctionNames[f]);
      expect_near(report->by_function[f].total, want.total, what);
      expect_near(report->by_function[f].designated, want.designated, what);
      expect_near(report->by_function[f].unknown, want.unknown, what);
      expect_near(report->by_function[f].control_unknown, want.control_unknown, what);
    }
    const ScopeSummary all = reference(rows, Function::kOther, true, list, as_of);
    expect_near(report->total.designated, all.designated, "total");
    expect_near(report->total.unknown, all.unknown, "total");
    expect_near(report->total.control_unknown, all.control_unknown, "total");
    EXPECT_DOUBLE_EQ(report->total.control_unknown_share.count, all.control_unknown.count / all.total.count);
  }
}

TEST(AssessTest, DesignationDatesDecideAsOf) {
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  ElementStore store;
  IngestReport ingest;
  ASSERT_TRUE(ingest_inventory_bytes("id,function,vendor\na,core,zte corp\n", "z.csv", {}, store, ingest).ok());
  auto share_on = [&](const char* date, std::vector<std::string> lists) {
    const Date d = *Date::parse(date);
    auto report = assess(store, *registry, resolve(store, *registry, MacRegistry{}, d), AssessOptions{d, lists, 10});
    return report->total.designated.count;
  };
  // The 2018 denial order: active from 2018-04-15 until it was terminated on 2018-07-13.
  EXPECT_EQ(share_on("2018-04-14", {"us-bis-zte-denial-2018"}), 0);
  EXPECT_EQ(share_on("2018-04-15", {"us-bis-zte-denial-2018"}), 1);
  EXPECT_EQ(share_on("2018-07-13", {"us-bis-zte-denial-2018"}), 0);
  EXPECT_EQ(share_on("2021-03-11", {"us-fcc-covered"}), 0);
  EXPECT_EQ(share_on("2021-03-12", {"us-fcc-covered"}), 1);
  EXPECT_EQ(share_on("2030-01-01", {"uk-tsa-designated"}), 0);  // ZTE is not designated in the UK
}

TEST(AssessTest, DesignatedElementsAgreeWithTheAssessment) {
  auto registry = Registry::builtin();
  ElementStore store;
  IngestReport ingest;
  ASSERT_TRUE(
      ingest_inventory_bytes("id,vendor\na,Huawei\nb,Nokia\nc,zte corp\nd,BT\n", "d.csv", {}, store, ingest).ok());
  const Date d = *Date::parse("2024-01-01");
  const Resolution r = resolve(store, *registry, MacRegistry{}, d);
  auto uk = designated_elements(store, *registry, r, {"uk-tsa-designated"}, d);
  ASSERT_TRUE(uk.ok());
  EXPECT_EQ(*uk, (std::vector<std::uint8_t>{1, 0, 0, 0}));
  auto all = designated_elements(store, *registry, r, {}, d);
  EXPECT_EQ(*all, (std::vector<std::uint8_t>{1, 0, 1, 0}));
  EXPECT_FALSE(designated_elements(store, *registry, r, {"nope"}, d).ok());
}

TEST(AssessTest, UnknownListIsAUsageError) {
  auto registry = Registry::builtin();
  ElementStore store;
  const Resolution r = resolve(store, *registry, MacRegistry{}, Date());
  auto report = assess(store, *registry, r, AssessOptions{Date(), {"no-such-list"}, 10});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().kind(), ErrorKind::kUsage);
  EXPECT_NE(report.status().message().find("us-fcc-covered"), std::string::npos);
}

TEST(AssessTest, DesignatedControllerCarriesTheFactsBehindIt) {
  auto registry = Registry::builtin();
  ElementStore store;
  IngestReport ingest;
  ASSERT_TRUE(
      ingest_inventory_bytes("id,vendor\na,Huawei Device\nb,huawei\nc,Nokia\n", "h.csv", {}, store, ingest).ok());
  const Date d = *Date::parse("2024-01-01");
  auto report = assess(store, *registry, resolve(store, *registry, MacRegistry{}, d),
                       AssessOptions{d, {"uk-tsa-designated"}, 10});
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->designated.size(), 1u);
  EXPECT_EQ(registry->entity(report->designated[0].entity).id, "huawei");
  EXPECT_EQ(report->designated[0].measures.count, 2);
  ASSERT_EQ(report->designated[0].designations.size(), 1u);
  EXPECT_EQ(registry->lists()[report->designated[0].designations[0].list].id, "uk-tsa-designated");
  EXPECT_EQ(report->manufacturers.size(), 3u);
}

// Who controls each spelling's maker, by hand from the registry's sources (nullptr: unresolved).
constexpr const char* kControllerOfSpelling[] = {"huawei",   "huawei", "huawei", "zte",  "zte",      "nokia",
                                                 "ericsson", nullptr,  nullptr,  "acme", "fiberhome"};
static_assert(std::size(kControllerOfSpelling) == std::size(kSpellings));

// docs/definitions.md "HHI" by brute force: sum over controllers of (share in percent)^2, shares of the
// scope's whole total.
double reference_hhi(const std::vector<Row>& rows, int function, std::vector<double>* shares = nullptr) {
  std::map<std::string, double> by_controller;
  double total = 0;
  for (const Row& r : rows) {
    if (function >= 0 && static_cast<int>(r.function) != function) continue;
    total += 1;
    if (kControllerOfSpelling[r.spelling]) by_controller[kControllerOfSpelling[r.spelling]] += 1;
  }
  double hhi = 0;
  for (const auto& [name, count] : by_controller) {
    hhi += (100 * count / total) * (100 * count / total);
    if (shares) shares->push_back(count / total);
  }
  if (shares) std::sort(shares->rbegin(), shares->rend());
  return total > 0 ? hhi : 0;
}

TEST(AssessTest, ConcentrationMatchesABruteForceHhi) {
  auto registry = Registry::builtin();
  ASSERT_TRUE(registry.ok());
  std::mt19937_64 rng(7);
  const Date as_of = *Date::parse("2024-01-01");
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<Row> rows(1 + rng() % 200);
    for (Row& r : rows) {
      r.function = static_cast<Function>(rng() % 3);
      r.spelling = rng() % (trial % 3 == 0 ? 3 : std::size(kSpellings));  // some trials are one controller
      r.traffic = 1;
      r.subscribers = 0;
    }
    ElementStore store;
    IngestReport ingest;
    ASSERT_TRUE(ingest_inventory_bytes(to_csv(rows), "hhi.csv", {}, store, ingest).ok());
    auto report =
        assess(store, *registry, resolve(store, *registry, MacRegistry{}, as_of), AssessOptions{as_of, {}, 10});
    ASSERT_TRUE(report.ok()) << report.status().message();
    std::vector<double> shares;
    EXPECT_NEAR(report->concentration.hhi.count, reference_hhi(rows, -1, &shares), 1e-6) << trial;
    EXPECT_NEAR(report->concentration.hhi.traffic, report->concentration.hhi.count, 1e-6);  // traffic 1 each
    EXPECT_EQ(report->concentration.hhi.subscribers, 0);                                    // no subscribers
    ASSERT_FALSE(shares.empty());
    EXPECT_NEAR(report->concentration.top1.count, shares[0], 1e-12);
    double top5 = 0;
    for (std::size_t i = 0; i < shares.size() && i < 5; ++i) top5 += shares[i];
    EXPECT_NEAR(report->concentration.top5.count, top5, 1e-12);
    EXPECT_EQ(report->concentration.controllers, shares.size());
    for (int f = 0; f < 3; ++f) {
      EXPECT_NEAR(report->concentration_by_function[f].hhi.count, reference_hhi(rows, f), 1e-6) << trial << " " << f;
    }
    if (trial % 3 == 0) {
      EXPECT_NEAR(report->concentration.hhi.count, 10000, 1e-6);  // Huawei alone
    }
  }
}

TEST(AssessTest, RegionsPartitionTheNetwork) {
  auto registry = Registry::builtin();
  ElementStore store;
  IngestReport ingest;
  ASSERT_TRUE(ingest_inventory_bytes("id,vendor,region,traffic\na,Huawei,North,2\nb,Nokia,North,3\nc,BT,South,5\n"
                                     "d,huawei,South,7\ne,Ericsson,,1\n",
                                     "regions.csv", {}, store, ingest)
                  .ok());
  const Date d = *Date::parse("2024-01-01");
  auto report = assess(store, *registry, resolve(store, *registry, MacRegistry{}, d),
                       AssessOptions{d, {"uk-tsa-designated"}, 10});
  ASSERT_TRUE(report.ok());
  std::map<std::string, ScopeSummary> by_name;
  for (const RegionSummary& r : report->by_region) by_name[r.name] = r.scope;
  ASSERT_EQ(by_name.size(), 3u);
  EXPECT_EQ(by_name["North"].total.traffic, 5);
  EXPECT_EQ(by_name["North"].designated.traffic, 2);
  EXPECT_EQ(by_name["South"].total.traffic, 12);
  EXPECT_EQ(by_name["South"].designated.traffic, 7);
  EXPECT_EQ(by_name["South"].unknown.traffic, 5);
  EXPECT_EQ(by_name[""].total.count, 1);
  EXPECT_EQ(report->by_region.front().scope.total.count, 2);  // largest first
}

}  // namespace
}  // namespace kitwatch
