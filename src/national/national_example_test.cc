// examples/uk-2018-national, end to end through the command line: four operators' signed returns,
// the national merge and the ZTE proposal give the figures its README works out by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_support.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing_support::run;
using testing_support::source;

json read_json(const fs::path& path) {
  std::ifstream in(path);
  return json::parse(in);
}

const json& metric(const json& whatif, const std::string& section, const std::string& name) {
  for (const json& m : whatif["metrics"]) {
    if (m["section"] == section && m["metric"] == name) return m;
  }
  static const json kMissing;
  ADD_FAILURE() << "no metric " << section << " / " << name;
  return kMissing;
}

TEST(NationalExampleTest, OneOperatorsHarmlessProposalExceedsTheNationalCapacity) {
  const fs::path work = fs::temp_directory_path() / ("kitwatch-uk-2018-national-" + std::to_string(::getpid()));
  fs::remove_all(work);
  fs::create_directories(work);
  const std::string registry = " --registry " + source("examples/zte-2018/registry.yaml");
  const std::string pack = source("examples/zte-2018/uk-2018.policy.yaml");
  std::string returns;
  for (const std::string op : {"albion", "brigantia", "caledonia", "dumnonia"}) {
    auto keys = run("keygen --operator " + op + " -o " + (work / "keys").string());
    ASSERT_EQ(keys.exit_code, 0) << keys.out;
    const std::string out = (work / (op + ".return.json")).string();
    auto made = run("return " + source("examples/uk-2018-national/" + op + ".csv") + " --operator " + op +
                    " --as-of 2018-04-20" + registry + " --policy " + pack + " --sign " +
                    (work / "keys" / (op + ".key")).string() + " -o " + out + " -q");
    ASSERT_EQ(made.exit_code, 0) << made.out;
    returns += " " + out;
  }
  const std::string national = "national" + returns + " --trust " + (work / "keys").string() + registry +
                               " --capacity " + pack + " --format json -q";

  auto merged = run(national + " -o " + (work / "national.json").string());
  ASSERT_EQ(merged.exit_code, 0) << merged.out;
  const json n = read_json(work / "national.json");
  EXPECT_TRUE(n["caveats"].empty()) << n["caveats"];  // every return signed and verified
  const json& e = n["evaluation"];
  EXPECT_DOUBLE_EQ(e["total_load"].get<double>(), 216);  // 100 + 12×6 + 2×6 + 4×8
  EXPECT_DOUBLE_EQ(e["utilisation"].get<double>(), 216.0 / 250);
  EXPECT_TRUE(e["effective"].get<bool>());
  EXPECT_EQ(e["shared_builds"].get<int>(), 4);
  EXPECT_DOUBLE_EQ(e["operators_load_sum"].get<double>(), 440);  // 172 + 132 + 136
  EXPECT_DOUBLE_EQ(n["total"]["designated_share"]["count"].get<double>(), 450.0 / 5012);

  auto proposal = run(national + " --scenario " + source("examples/uk-2018-national/scenario.yaml") + " -o " +
                      (work / "whatif.json").string());
  ASSERT_EQ(proposal.exit_code, 0) << proposal.out;
  const json w = read_json(work / "whatif.json");
  const json& verdict = metric(w, "national evaluation load", "verdict");
  EXPECT_EQ(verdict["before"], "EFFECTIVE");
  EXPECT_EQ(verdict["after"], "EXCEEDED");
  const json& load = metric(w, "national evaluation load", "load (analyst-days a year)");
  EXPECT_DOUBLE_EQ(load["after"].get<double>(), 340);  // 216 + 100 + 3×8
  // Dumnonia's own figures look harmless: its load alone fits the capacity, its share is small.
  const json& own = metric(w, "operators: own evaluation load (as if alone)", "dumnonia");
  EXPECT_DOUBLE_EQ(own["before"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(own["after"].get<double>(), 124);
  const json& share = metric(w, "operators: designated share (count)", "dumnonia");
  EXPECT_NEAR(share["after"].get<double>(), 100.0 * 120 / 2630, 1e-9);
  EXPECT_NEAR(metric(w, "national designated share", "all (count)")["after"].get<double>(), 100.0 * 570 / 5132, 1e-9);
  fs::remove_all(work);
}

}  // namespace
}  // namespace kitwatch
