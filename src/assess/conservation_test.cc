// Proves that each conservation check in assess() can fire: a consistent report from a real run
// passes, and each corruption of one intermediate (the kind a bug in the aggregation would make)
// is caught as an internal error (exit 4) naming the broken sum, never returned as a report.
#include <gtest/gtest.h>

#include <functional>
#include <string>

#include "assess/assess.h"
#include "ingest/ingest.h"

namespace kitwatch {

// Defined in assess.cc; the seam this test uses.
Status check_conservation(const AssessReport& report, std::size_t elements);

namespace {

class ConservationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    registry_ = std::make_unique<Result<Registry>>(Registry::builtin());
    ASSERT_TRUE(registry_->ok());
    // Designated, undesignated, unregistered and unknown makers over several functions and regions.
    const std::string csv =
        "id,function,region,vendor,traffic,subscribers\n"
        "a,core,north,Huawei,10,100\n"
        "b,access,north,zte corp,2.5,7\n"
        "c,access,south,Nokia,1,3\n"
        "d,cpe,south,Acme Widgets,0.5,1\n"
        "e,ran,,BT,4,9\n"
        "f,core,south,,0,0\n";
    ASSERT_TRUE(ingest_inventory_bytes(csv, "c.csv", {}, store_, ingest_).ok());
    const Date as_of = *Date::parse("2024-01-01");
    resolution_ = resolve(store_, registry_->value(), MacRegistry{}, as_of);
    auto report = assess(store_, registry_->value(), resolution_, AssessOptions{as_of, {}, 10});
    ASSERT_TRUE(report.ok()) << report.status().message();
    report_ = *report;
    ASSERT_FALSE(report_.designated.empty());
    ASSERT_GT(report_.total.unknown.count, 0);
  }

  // Corrupts a copy of the report and expects check_conservation to stop with an internal error
  // whose message contains what.
  void expect_fires(const std::function<void(AssessReport&)>& corrupt, const std::string& what) {
    AssessReport bad = report_;
    corrupt(bad);
    const Status s = check_conservation(bad, store_.size());
    ASSERT_FALSE(s.ok()) << what;
    EXPECT_EQ(s.kind(), ErrorKind::kInternal);
    EXPECT_NE(s.message().find("internal error: conservation check failed"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(what), std::string::npos) << s.message();
  }

  std::unique_ptr<Result<Registry>> registry_;
  ElementStore store_;
  IngestReport ingest_;
  Resolution resolution_;
  AssessReport report_;
};

TEST_F(ConservationTest, ConsistentReportPasses) {
  EXPECT_TRUE(check_conservation(report_, store_.size()).ok());
}

TEST_F(ConservationTest, EveryRowCountedOnceInTheFunctions) {
  // An element counted twice, or dropped, in one function.
  expect_fires([](AssessReport& r) { r.by_function[0].total.count += 1; }, "functions' sums");
  expect_fires([](AssessReport& r) { r.total.total.traffic += 0.5; }, "functions' sums");
  // The report says it covers a different number of elements than the store holds.
  AssessReport copy = report_;
  EXPECT_FALSE(check_conservation(copy, store_.size() + 1).ok());
}

TEST_F(ConservationTest, RegionsAddUpToTheTotal) {
  expect_fires([](AssessReport& r) { r.by_region.pop_back(); }, "regions' sums");
  expect_fires([](AssessReport& r) { r.by_region.front().scope.total.subscribers *= 2; }, "regions' sums");
}

TEST_F(ConservationTest, ManufacturersPlusUnknownAreEveryElement) {
  expect_fires([](AssessReport& r) { r.manufacturers.pop_back(); }, "manufacturers plus unknown");
}

TEST_F(ConservationTest, ControllerSharesPlusUnknownAreOne) {
  expect_fires([](AssessReport& r) { r.controllers.front().measures.traffic += 1; }, "add up to 1");
  expect_fires([](AssessReport& r) { r.controllers.push_back(r.controllers.front()); }, "add up to 1");
}

TEST_F(ConservationTest, DesignatedControllersAddUpToTheDesignatedTotal) {
  expect_fires([](AssessReport& r) { r.designated.pop_back(); }, "designated total");
  expect_fires([](AssessReport& r) { r.designated.front().measures.subscribers += 1; }, "designated total");
}

TEST(RowAccountingTest, EveryRowReadIsAcceptedOrRejectedAndEveryAcceptedRowIsStored) {
  IngestReport report;
  report.rows_read = 5;
  report.accepted = 3;
  report.rejected = 2;
  EXPECT_TRUE(check_row_accounting(report, 3).ok());
  const Status stored_twice = check_row_accounting(report, 4);
  EXPECT_EQ(stored_twice.kind(), ErrorKind::kInternal);
  report.rejected = 1;  // a row neither accepted nor rejected
  EXPECT_EQ(check_row_accounting(report, 3).kind(), ErrorKind::kInternal);
}

}  // namespace
}  // namespace kitwatch
