// `kitwatch cascade` end to end on the tests/data/bom fixtures: JSON figures, both sides of the
// date window, the topology section, and exit 2 with a location for bad input.
#include <nlohmann/json.hpp>

#include <string>

#include "test_support.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

using testing_support::run;
using testing_support::source;

std::string fixture(const std::string& name) {
  return source("tests/data/bom/" + name);
}

std::string cascade_args(const std::string& as_of) {
  return "cascade " + fixture("inventory.csv") + " --bom " + fixture("zte-zxr10.cdx.json") + " --bom " +
         fixture("zte-h298a.cdx.json") + " --bom " + fixture("others.csv") +
         " --stop-supplier US --to zte --from 2018-04-15 --until 2018-07-13 --as-of " + as_of;
}

// The JSON document printed to stdout (the run's stderr is mixed in after it, if any).
nlohmann::json json_of(const std::string& out) {
  const auto end = out.rfind("\n}");
  return nlohmann::json::parse(out.substr(0, end + 2));
}

TEST(CascadeCommand, JsonNamesTheAffectedElementsInsideTheWindow) {
  const auto r = run(cascade_args("2018-05-01") + " --format json --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json_of(r.out);
  EXPECT_EQ(j["kind"], "kitwatch-cascade/1");
  EXPECT_TRUE(j["in_effect"].get<bool>());
  EXPECT_EQ(j["total"]["affected"]["count"], 5);
  EXPECT_EQ(j["by_function"]["cpe"]["loses_updates"]["count"], 3);
  std::vector<std::string> ids;
  for (const auto& e : j["elements"]) ids.push_back(e["id"]);
  EXPECT_EQ(ids, (std::vector<std::string>{"agg-2", "agg-3", "cpe-1", "cpe-2", "cpe-3"}));
  EXPECT_EQ(j["elements"][0]["product"], "ZTE Corporation ZXR10 M6000-8S");
  EXPECT_EQ(j["links"]["unlinked_elements"], 4);
  // Each affected product says which component path and which supplier fact.
  const auto& cause = j["products"][1]["causes"][0];
  EXPECT_EQ(cause["path"].size(), 3u);
  EXPECT_EQ(cause["path"][2]["ref"], "fpga");
  EXPECT_EQ(cause["supplier"], "ExampleFPGA Inc");
}

TEST(CascadeCommand, NothingIsAffectedTheDayAfterTheWindow) {
  const auto r = run(cascade_args("2018-07-14"));
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("NOT in effect"), std::string::npos) << r.out;
  const auto j = json_of(run(cascade_args("2018-07-14") + " --format json --quiet").out);
  EXPECT_EQ(j["total"]["affected"]["count"], 0);
  EXPECT_TRUE(j["elements"].empty());
}

TEST(CascadeCommand, TopologySaysWhatIsCutOff) {
  const auto r = run(cascade_args("2018-05-01") + " --links " + fixture("links.csv") + " --demands " +
                     fixture("demands.csv") + " --format json --quiet");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const auto j = json_of(r.out);
  // Without agg-2, acc-2 reaches no core node; its demand to core-1 is lost; acc-1's is not.
  EXPECT_EQ(j["topology"]["cut_off"]["count"], 1);
  EXPECT_EQ(j["topology"]["demands_disconnected"], 1);
  EXPECT_DOUBLE_EQ(j["topology"]["volume_lost"].get<double>(), 10);
}

TEST(CascadeCommand, BadInputExitsTwoWithALocation) {
  auto r = run("cascade " + fixture("inventory.csv") + " --bom " + fixture("bad/cycle.cdx.json") +
               " --stop-supplier US --to zte --from 2018-04-15");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("cycle.cdx.json:11:5"), std::string::npos) << r.out;
  r = run("cascade " + fixture("inventory.csv") + " --bom " + fixture("others.csv") +
          " --stop-supplier US --designate zte --list x --from 2018-04-15");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("either --stop-supplier"), std::string::npos) << r.out;
  r = run("cascade " + fixture("inventory.csv") + " --bom " + fixture("others.csv") +
          " --designate zte --list no-such-list --from 2018-04-15");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("unknown designation list 'no-such-list'"), std::string::npos) << r.out;
  r = run("cascade " + fixture("inventory.csv") + " --bom " + fixture("others.csv") +
          " --stop-supplier US --to zte --from 2018-02-30");
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace kitwatch
