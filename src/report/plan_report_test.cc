// The plan's HTML page (render_plan_html): one self-contained page whose data block is the plan's
// JSON, with the works cut to the limit and the full count kept, so the page can say what it left
// out. The page's drawing is checked in Chromium (tests/browser/plan_browser_test.mjs).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "plan/plan.h"
#include "report/report.h"
#include "run/run.h"
#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::source;

nlohmann::json data_block(const std::string& html) {
  const std::string open = "<script id=\"kitwatch-data\" type=\"application/json\">";
  const std::size_t begin = html.find(open) + open.size();
  return nlohmann::json::parse(html.substr(begin, html.find("</script>", begin) - begin));
}

TEST(PlanHtmlTest, DataBlockIsThePlanWithTheWorksCutAndCounted) {
  RunSpec spec;
  spec.inventories = {source("examples/small/inventory.csv")};
  spec.as_of = Date::parse("2023-01-01");
  spec.links = source("examples/small/links.csv");
  spec.policies = {"uk-huawei-dvd"};
  auto inputs = load(std::move(spec));
  ASSERT_TRUE(inputs.ok()) << inputs.status().message();
  PlanSpec plan_spec;
  plan_spec.from = *Date::parse("2023-01-01");
  plan_spec.method = PlanMethod::kHeuristic;  // the page, not the optimum, is under test
  auto plan = make_plan(**inputs, plan_spec);
  ASSERT_TRUE(plan.ok()) << plan.status().message();
  ASSERT_GE(plan->works.size(), 3u);

  auto page = render_plan_html(*plan, **inputs, 2);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->find("<script src"), std::string::npos) << "the page fetches nothing";
  EXPECT_NE(page->find("kitwatch replacement plan"), std::string::npos);
  const nlohmann::json data = data_block(*page);
  EXPECT_EQ(data["schema"], "kitwatch-plan/1");
  EXPECT_EQ(data["works"].size(), 2u);
  EXPECT_EQ(data["works_total"], plan->works.size());
  const nlohmann::ordered_json whole = plan_json(*plan, **inputs);
  EXPECT_EQ(data["works"][1].dump(), nlohmann::json(whole["works"][1]).dump()) << "the first works, as they are";
  EXPECT_EQ(data["caveats"], nlohmann::json(whole["caveats"]));
  ASSERT_EQ(data["periods"].size(), plan->periods.size());
  EXPECT_EQ(data["periods"].back()["designated_without_plan"], plan->periods.back().designated_without);

  auto all = render_plan_html(*plan, **inputs);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(data_block(*all)["works"].size(), plan->works.size());
}

}  // namespace
}  // namespace kitwatch
