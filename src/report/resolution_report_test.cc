// kitwatch resolve's outputs: one JSON record per element with its evidence, and an element's
// explanation naming its row, control chain and the facts that make it designated.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/report.h"
#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::source;

std::unique_ptr<Inputs> hand_checked() {
  RunSpec spec;
  spec.inventories = {source("tests/cases/hand_checked/inventory.csv")};
  spec.as_of = Date::parse("2024-01-01");
  auto inputs = load(std::move(spec));
  EXPECT_TRUE(inputs.ok()) << inputs.status().message();
  return inputs.ok() ? std::move(*inputs) : nullptr;
}

TEST(ResolutionReportTest, JsonHasOneRecordPerElementWithEvidence) {
  auto in = hand_checked();
  ASSERT_NE(in, nullptr);
  auto active = active_designations(*in->registry, {}, in->as_of);
  ASSERT_TRUE(active.ok());
  const auto records = nlohmann::json::parse(render_resolution_json(*in, *active));
  ASSERT_EQ(records.size(), 10u);
  EXPECT_EQ(records[1]["id"], "core-2");
  EXPECT_EQ(records[1]["manufacturer"], "huawei");
  EXPECT_EQ(records[1]["designated"], true);
  EXPECT_FALSE(records[1]["evidence"].empty());
  EXPECT_EQ(records[6]["id"], "cpe-1");  // declared "BT", nothing else: unknown
  EXPECT_EQ(records[6]["manufacturer"], "");
  EXPECT_EQ(records[6]["designated"], false);
}

TEST(ResolutionReportTest, ExplanationNamesTheRowTheChainAndTheFacts) {
  auto in = hand_checked();
  ASSERT_NE(in, nullptr);
  auto active = active_designations(*in->registry, {"uk-tsa-designated"}, in->as_of);
  ASSERT_TRUE(active.ok());
  const ElementIndex e = in->store.find("acc-1");
  ASSERT_NE(e, kNoElement);
  const std::string out = render_explanation(*in, e, *active);
  EXPECT_NE(out.find("inventory.csv:6)"), std::string::npos) << out;
  EXPECT_NE(out.find("maker: Huawei Technologies Co., Ltd."), std::string::npos) << out;
  EXPECT_NE(out.find("designated: uk-tsa-designated lists Huawei Technologies Co., Ltd. since 2022-10-13"),
            std::string::npos)
      << out;
}

TEST(ResolutionReportTest, TableCountsEveryElementOnce) {
  auto in = hand_checked();
  ASSERT_NE(in, nullptr);
  const std::string out = render_resolution_text(*in, 100);
  EXPECT_NE(out.find("10 elements, " + std::to_string(in->resolution.decisions.size()) + " distinct evidence keys"),
            std::string::npos)
      << out;
  // With one row kept, the rest are counted, not dropped silently.
  const std::string capped = render_resolution_text(*in, 1);
  EXPECT_NE(capped.find(std::to_string(in->resolution.decisions.size() - 1) + " more keys"), std::string::npos)
      << capped;
}

}  // namespace
}  // namespace kitwatch
