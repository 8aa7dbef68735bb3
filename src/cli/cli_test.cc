// End-to-end tests of the kitwatch binary: real files in, the summary, the messages and the exit
// codes out. What the outputs hold is tested beside the code that makes them (report/, run/).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

namespace kitwatch {
namespace {

using testing_support::CommandRun;
using testing_support::run;
using testing_support::source;

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

// An ESC in an inventory id cannot reach the terminal through an error message (issue 25): shown
// as \x1b. (Reports to a terminal are escaped the same way; to a pipe they stay as written.)
TEST(CliTest, ErrorMessagesShowControlCharactersEscaped) {
  const std::string bad = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-esc.csv";
  std::ofstream(bad) << "id,vendor\nA\x1b]0;pwned\x07,Nokia\nA\x1b]0;pwned\x07,Nokia\n";
  const CommandRun strict = run("assess --strict " + bad);
  EXPECT_EQ(strict.exit_code, 2) << strict.out;
  EXPECT_NE(strict.out.find("id 'A\\x1b]0;pwned\\x07' was already used"), std::string::npos) << strict.out;
  EXPECT_EQ(strict.out.find('\x1b'), std::string::npos) << "a raw ESC reached the output";
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

TEST(CliTest, AMisspeltCommandOrOptionIsRefusedWithWhatWasMeant) {
  const CommandRun command = run("asess " + source("examples/small/inventory.csv"));
  EXPECT_EQ(command.exit_code, 2);
  EXPECT_NE(command.out.find("no command 'asess'; did you mean 'assess'?"), std::string::npos) << command.out;
  const CommandRun nested = run("registry shwo zte");
  EXPECT_EQ(nested.exit_code, 2);
  EXPECT_NE(nested.out.find("no command 'shwo'; did you mean 'show'? (kitwatch registry --help"), std::string::npos)
      << nested.out;
  // Before: "--fromat json" took json for an inventory file ("File does not exist: json").
  const CommandRun option = run("assess --fromat json " + source("examples/small/inventory.csv"));
  EXPECT_EQ(option.exit_code, 2);
  EXPECT_NE(option.out.find("unknown option '--fromat'; did you mean '--format'?"), std::string::npos) << option.out;
  const CommandRun with_value = run("serve --tls-crt=cert.pem");
  EXPECT_NE(with_value.out.find("did you mean '--tls-cert'?"), std::string::npos) << with_value.out;
  // Nothing close: no guess.
  const CommandRun far = run("frobnicate");
  EXPECT_EQ(far.exit_code, 2);
  EXPECT_NE(far.out.find("no command 'frobnicate' (kitwatch --help lists them)"), std::string::npos) << far.out;
}

TEST(CliTest, DashAsAnInventoryIsStandardInputNamedAsSuch) {
  const std::string inventory = source("examples/small/inventory.csv");
  const CommandRun file = run("assess " + inventory + " --as-of 2028-01-01 --format json");
  const CommandRun piped = run("assess - --as-of 2028-01-01 --format json < " + inventory);
  EXPECT_EQ(piped.exit_code, 0) << piped.out;
  // The same report but for the input's name.
  nlohmann::json a = nlohmann::json::parse(file.out, nullptr, false),
                 b = nlohmann::json::parse(piped.out, nullptr, false);
  ASSERT_FALSE(a.is_discarded() || b.is_discarded());
  EXPECT_EQ(b["ingest"]["files"], nlohmann::json::array({"<stdin>"})) << b["ingest"].dump();
  a["ingest"].erase("files");
  b["ingest"].erase("files");
  EXPECT_EQ(a, b);
  // Messages say <stdin>, never the temporary copy; '-' twice is refused.
  const CommandRun bad =
      run("assess - < /dev/null; printf 'id,vendor\\n\"X,Huawei\\n' | " + std::string(KITWATCH_BINARY) + " assess -");
  EXPECT_NE(bad.out.find("<stdin>:2:1: unterminated quoted field"), std::string::npos) << bad.out;
  EXPECT_EQ(bad.out.find("kitwatch-stdin-"), std::string::npos) << bad.out;
  const CommandRun twice = run("assess - - < " + inventory);
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.out.find("can be given once"), std::string::npos) << twice.out;
}

TEST(CliTest, DashAsTheOutputIsStandardOutput) {
  const std::string inventory = source("examples/small/inventory.csv");
  const CommandRun json = run("assess " + inventory + " --as-of 2028-01-01 --format json -o -");
  EXPECT_EQ(json.exit_code, 0) << json.out;
  EXPECT_TRUE(nlohmann::json::accept(json.out)) << json.out.substr(0, 300);  // the report alone
  EXPECT_FALSE(std::ifstream("-").good());                                   // no file named '-'
  // A return on standard output: only the return there, its summary on standard error.
  // (Through a pipe, so that only standard output is collected: the harness adds 2>&1 to cat.)
  const CommandRun ret = run("return " + inventory + " --operator albion --as-of 2028-01-01 -o - | cat");
  EXPECT_EQ(ret.exit_code, 0);
  const nlohmann::json parsed = nlohmann::json::parse(ret.out, nullptr, false);
  ASSERT_FALSE(parsed.is_discarded()) << ret.out.substr(0, 300);
  EXPECT_EQ(parsed["format"], "kitwatch-return/1");
  // CSV is a folder of tables: '-' is refused.
  const CommandRun csv = run("assess " + inventory + " --format csv -o -");
  EXPECT_EQ(csv.exit_code, 2);
  EXPECT_NE(csv.out.find("give a folder with -o DIR"), std::string::npos) << csv.out;
}

TEST(CliResolveAndRegistryTest, UnknownNamesExitTwo) {
  // What the outputs say is tested beside them (report/resolution_report_test.cc,
  // registry/describe_test.cc); here, that the tool runs them and refuses unknown names.
  const std::string inv = source("tests/cases/hand_checked/inventory.csv");
  EXPECT_EQ(run("resolve " + inv + " -q --explain acc-1").exit_code, 0);
  EXPECT_EQ(run("resolve " + inv + " -q --explain nope").exit_code, 2);
  EXPECT_EQ(run("registry info").exit_code, 0);
  EXPECT_EQ(run("registry show nobody").exit_code, 2);
}

TEST(CliCheckTest, TheGateFailsOnViolationsOnly) {
  // assess reports violations (exit 0); only `check` fails on them.
  const std::string inv = source("examples/small/inventory.csv");
  EXPECT_EQ(run("assess " + inv + " --policy uk-huawei-dvd --as-of 2028-01-01 -q").exit_code, 0);
  const CommandRun gate = run("check " + inv + " --policy uk-huawei-dvd --as-of 2028-01-01 -q");
  EXPECT_EQ(gate.exit_code, 1) << gate.out;
  const CommandRun compliant = run("check " + inv + " --policy uk-huawei-dvd --as-of 2024-01-01 -q");
  EXPECT_EQ(compliant.exit_code, 0) << compliant.out;
}

TEST(CliTest, PolicyAndRegistryShowAsJson) {
  const CommandRun pack = run("policy show uk-huawei-dvd --format json");
  ASSERT_EQ(pack.exit_code, 0) << pack.out;
  const auto p = nlohmann::json::parse(pack.out);
  EXPECT_EQ(p["name"], "uk-huawei-dvd");
  ASSERT_FALSE(p["rules"].empty());
  // R4 is a 35% cap whose measure is an assumption (data/policies/uk-huawei-dvd.policy.yaml).
  bool r4 = false;
  for (const auto& rule : p["rules"]) {
    if (rule["id"] != "R4") continue;
    r4 = true;
    EXPECT_EQ(rule["kind"], "cap");
    EXPECT_DOUBLE_EQ(rule["limit"].get<double>(), 0.35);
    EXPECT_TRUE(rule["assumption"].is_string());
  }
  EXPECT_TRUE(r4) << pack.out;
  const CommandRun list = run("policy list --format json");
  ASSERT_EQ(list.exit_code, 0) << list.out;
  EXPECT_GT(nlohmann::json::parse(list.out).size(), 1u);

  const auto zte_uk = [](const std::string& date) {
    const CommandRun r = run("registry show ZTE --format json --as-of " + date);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    const auto entity = nlohmann::json::parse(r.out);
    for (const auto& d : entity["designations"]) {
      if (d["list"] == "uk-ncsc-zte-2018") return d["active"].get<bool>();
    }
    return false;
  };
  EXPECT_TRUE(zte_uk("2018-04-20"));  // the NCSC letter of 2018-04-16
  EXPECT_FALSE(zte_uk("2018-04-15"));
  EXPECT_EQ(run("registry show ZTE --format json --as-of 2018-02-30").exit_code, 2);
}

// Two operators' inventories that use the same ids: the second file's rows are rejected, the run
// says which files collide and how to keep both; --id-prefix keeps both, uplinks included.
TEST(CliTest, InventoriesSharingIdsAreNamedAndCanBeKeptApartWithIdPrefix) {
  const std::string dir = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-prefix";
  std::filesystem::create_directories(dir);
  const std::string a = dir + "/operator-a.csv", b = dir + "/operator-b.csv";
  for (const std::string& path : {a, b}) {
    std::ofstream(path) << "id,function,vendor,uplink\nr1,core,Huawei,\nr2,access,Nokia,r1\n";
  }
  const std::string gate = "check " + a + " " + b + " --policy uk-huawei-dvd --as-of 2020-01-01";
  const CommandRun collide = run(gate);
  EXPECT_EQ(collide.exit_code, 3) << collide.out;  // incomplete: rows could not be read
  EXPECT_NE(collide.out.find(b + ": 2 rows rejected for ids already used in this run (files read before it: " + a),
            std::string::npos)
      << collide.out;
  EXPECT_NE(collide.out.find("--id-prefix " + b + "=PREFIX"), std::string::npos) << collide.out;
  const CommandRun kept = run(gate + " --id-prefix " + b + "=b:");
  EXPECT_EQ(kept.exit_code, 0) << kept.out;
  EXPECT_NE(kept.out.find("4 rows read, 4 accepted, 0 rejected"), std::string::npos) << kept.out;
  const CommandRun json = run("assess " + a + " " + b + " --id-prefix " + b + "=b: --format json --quiet");
  const auto report = nlohmann::json::parse(json.out);
  EXPECT_EQ(report["ingest"]["accepted"], 4);
  EXPECT_EQ(report["ingest"]["dangling_uplinks"], 0);  // b:r2's uplink is b:r1
  EXPECT_EQ(run("assess " + a + " --id-prefix " + b + "=x").exit_code, 2);
  EXPECT_EQ(run("assess " + a + " --id-prefix " + a).exit_code, 2);
}

// --elements caps every element list of the JSON report and counts what it left out; "all"
// gives the whole lists and no omission marks.
TEST(CliTest, JsonElementListsAreCappedAndCounted) {
  const std::string inputs = source("examples/small/inventory.csv") + " --links " + source("examples/small/links.csv") +
                             " --demands " + source("examples/small/demands.csv") +
                             " --policy uk-huawei-dvd --as-of 2028-01-01";
  const std::string out = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-capped.json";
  const CommandRun capped = run("assess " + inputs + " --format json --quiet --elements 2 -o " + out);
  ASSERT_EQ(capped.exit_code, 0) << capped.out;
  std::ifstream in(out);
  const auto j = nlohmann::json::parse(in);
  std::size_t omitted = 0, rules_over = 0;
  for (const auto& rule : j["policy"]["rules"]) {
    std::size_t listed = 0, rule_omitted = 0;
    for (const auto& group : rule["evidence"]) {
      listed += group["elements"].size();
      rule_omitted += group.value("elements_omitted", std::size_t{0});
    }
    EXPECT_LE(listed, 2u) << rule["id"];
    EXPECT_EQ(listed + rule_omitted, rule["element_count"].get<std::size_t>()) << rule["id"];
    EXPECT_EQ(rule.value("elements_omitted", std::size_t{0}), rule_omitted) << rule["id"];
    omitted += rule_omitted;
    rules_over += rule_omitted > 0;
  }
  ASSERT_GT(rules_over, 0u) << "examples/small should have a rule with more than 2 elements";
  EXPECT_EQ(j["policy"]["element_lists"]["omitted"].get<std::size_t>(), omitted);
  EXPECT_EQ(j["policy"]["element_lists"]["limit_per_rule"], 2);
  const auto& articulation = j["topology"]["articulation"];
  EXPECT_LE(articulation["designated"].size(), 2u);
  EXPECT_EQ(articulation["designated"].size() + articulation.value("designated_omitted", std::size_t{0}),
            articulation["designated_articulation_points"].get<std::size_t>());

  const CommandRun all = run("assess " + inputs + " --format json --elements all");
  ASSERT_EQ(all.exit_code, 0) << all.out;
  const auto whole = nlohmann::json::parse(all.out);
  EXPECT_FALSE(whole["policy"].contains("element_lists"));
  for (const auto& rule : whole["policy"]["rules"]) EXPECT_FALSE(rule.contains("elements_omitted"));

  const CommandRun bad = run("assess " + inputs + " --elements many");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.out.find("'many' is not a number or 'all'"), std::string::npos) << bad.out;
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

using testing_support::CommandRun;
using testing_support::run;
using testing_support::source;

std::string small_plan_args() {
  return "plan " + source("examples/small/inventory.csv") + " --policy uk-huawei-dvd --from 2023-01-01 --links " +
         source("examples/small/links.csv");
}

TEST(CliTest, PlanFindsAPlanAndNamesItsAssumptions) {
  const CommandRun r = run(small_plan_args());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("PLAN FOUND"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ASSUMPTION: Equipment and labour costs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("uk-huawei-dvd/R2       2027-12-31  without the plan: violated"), std::string::npos) << r.out;
}

TEST(CliTest, PlanWithoutEnoughBudgetExitsOneWithTheLeastBudget) {
  const CommandRun r = run(small_plan_args() + " --budget 30000");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("INFEASIBLE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("a budget of 41,500 USD every period would suffice"), std::string::npos) << r.out;
}

TEST(CliTest, PlanCsvAndJsonCarryTheRowsItCouldNotRead) {
  const std::string bad = ::testing::TempDir() + "/" + std::to_string(::getpid()) + "-plan.csv";
  {
    std::ifstream in(source("examples/small/inventory.csv"));
    std::ofstream out(bad);
    out << in.rdbuf() << "broken,row\n";
  }
  const std::string args = "plan " + bad + " --policy uk-huawei-dvd --from 2023-01-01 -q";
  const CommandRun csv = run(args + " --format csv");
  EXPECT_EQ(csv.exit_code, 0) << csv.out;
  EXPECT_EQ(csv.out.rfind("period_start,period_end,site,region,element,", 0), 0u) << csv.out;
  EXPECT_NE(csv.out.find("1 of 2001 inventory rows were rejected"), std::string::npos) << csv.out;
  EXPECT_NE(csv.out.find("NE00000117"), std::string::npos) << csv.out;
  const CommandRun json = run(args + " --format json | cat");
  const auto report = nlohmann::json::parse(json.out, nullptr, false);
  ASSERT_FALSE(report.is_discarded()) << json.out;
  EXPECT_EQ(report["schema"], "kitwatch-plan/1");
  EXPECT_EQ(report["inventory"]["rejected"], 1);
  EXPECT_NE(report["caveats"][0].get<std::string>().find("rejected"), std::string::npos);
  const CommandRun md = run(args + " --format md | cat");
  EXPECT_NE(md.out.find("## Caveats\n\n- 1 of 2001 inventory rows were rejected"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| NE00000117 |"), std::string::npos) << md.out;
}

}  // namespace
}  // namespace kitwatch
