// The CI gate never says "compliant" about rows it could not read: the violators of UK rule R2 in
// examples/small, given installed dates it cannot read (20/12/2021), make `kitwatch check` exit 3
// (incomplete) and name those rows, in every format; --max-rejected lets them through, said in the
// verdict; violated rules still win over rejected rows (exit 1).
#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "policy/policy.h"
#include "test_support.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using testing_support::run;
using testing_support::source;

// examples/small with the installed date of the given ids written day-first, which kitwatch rejects.
// The installed date is the one YYYY-MM-DD field of a row.
std::string with_unreadable_dates(const std::set<std::string>& ids, const fs::path& out) {
  std::ifstream in(source("examples/small/inventory.csv"));
  std::ofstream copy(out);
  // The first ",YYYY-MM-DD," of a line, as ",DD/MM/YYYY,". (Not std::regex: GCC 12 warns inside
  // <regex> in the sanitizer build.)
  const auto day_first = [](std::string& line) {
    const auto digits = [&](std::size_t at, std::size_t n) {
      for (std::size_t i = at; i < at + n; ++i) {
        if (i >= line.size() || !std::isdigit(static_cast<unsigned char>(line[i]))) return false;
      }
      return true;
    };
    for (std::size_t at = 0; at + 12 <= line.size(); ++at) {
      if (line[at] == ',' && digits(at + 1, 4) && line[at + 5] == '-' && digits(at + 6, 2) && line[at + 8] == '-' &&
          digits(at + 9, 2) && line[at + 11] == ',') {
        line.replace(at + 1, 10, line.substr(at + 9, 2) + "/" + line.substr(at + 6, 2) + "/" + line.substr(at + 1, 4));
        return true;
      }
    }
    return false;
  };
  std::string line;
  std::size_t changed = 0;
  while (std::getline(in, line)) {
    if (ids.count(line.substr(0, line.find(','))) > 0 && day_first(line)) ++changed;
    copy << line << '\n';
  }
  EXPECT_EQ(changed, ids.size());
  return out.string();
}

TEST(GateTest, RowsThatCannotBeReadMakeTheGateIncomplete) {
  const fs::path dir = fs::temp_directory_path() / ("kitwatch-gate-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string check = " --policy uk-huawei-dvd --as-of 2028-01-01";
  // The elements that break R1 and R2 in the example (kitwatch check --format csv on it).
  auto violations = run("check " + source("examples/small/inventory.csv") + check + " --format csv -q");
  ASSERT_EQ(violations.exit_code, 1) << violations.out;
  std::set<std::string> violators;
  std::stringstream rows(violations.out);
  std::string row;
  while (std::getline(rows, row)) {
    if (row.rfind("uk-huawei-dvd,", 0) == 0 && row.find(",violated,") != std::string::npos) {
      violators.insert(
          row.substr(row.find(",error,") + 7, row.find(',', row.find(",error,") + 7) - row.find(",error,") - 7));
    }
  }
  ASSERT_EQ(violators.size(), 6u) << violations.out;
  const std::string broken = with_unreadable_dates(violators, dir / "inventory.csv");

  auto gate = run("check " + broken + check);
  EXPECT_EQ(gate.exit_code, 3) << gate.out;
  EXPECT_EQ(gate.out.rfind("INCOMPLETE as of 2028-01-01", 0), 0u) << gate.out;
  EXPECT_NE(gate.out.find("6 of 2000 inventory rows could not be read"), std::string::npos) << gate.out;
  EXPECT_NE(gate.out.find("inventory.csv:56:"), std::string::npos) << "the rejected rows are named" << gate.out;
  EXPECT_EQ(gate.out.find("COMPLIANT"), std::string::npos) << "it never says compliant";

  auto json = run("check " + broken + check + " --format json -q");
  EXPECT_EQ(json.exit_code, 3);
  EXPECT_NE(json.out.find("\"outcome\": \"incomplete\""), std::string::npos) << json.out.substr(0, 400);
  EXPECT_NE(json.out.find("\"rejected\": 6"), std::string::npos);
  auto csv = run("check " + broken + check + " --format csv -q");
  EXPECT_EQ(csv.exit_code, 3);
  EXPECT_NE(csv.out.find("(inventory),rejected row,unreadable"), std::string::npos) << csv.out.substr(0, 400);

  // Allowed: compliant, and the verdict says what was left out.
  auto allowed = run("check " + broken + check + " --max-rejected 6");
  EXPECT_EQ(allowed.exit_code, 0) << allowed.out;
  EXPECT_NE(allowed.out.find("COMPLIANT as of 2028-01-01"), std::string::npos);
  EXPECT_NE(allowed.out.find("6 of 2000 inventory rows could not be read"), std::string::npos) << allowed.out;

  // One violator readable again: violations win (exit 1), and the rejected rows are still said.
  std::set<std::string> five(violators.begin(), std::prev(violators.end()));
  const std::string partly = with_unreadable_dates(five, dir / "partly.csv");
  auto violated = run("check " + partly + check);
  EXPECT_EQ(violated.exit_code, 1) << violated.out;
  EXPECT_NE(violated.out.find("NOT COMPLIANT"), std::string::npos);
  EXPECT_NE(violated.out.find("5 of 2000 inventory rows could not be read"), std::string::npos) << violated.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// Elements whose maker, or whose maker's controller, the registry cannot name are "undecided": the
// gate says how many in every format, and --strict-unknown makes it incomplete (issue 21).
TEST(GateTest, UndecidedElementsAreCountedAndStrictUnknownFailsOnThem) {
  const fs::path dir = fs::temp_directory_path() / ("kitwatch-undecided-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string header = "id,site,region,function,declared_vendor,tags\n";
  // F: FiberHome, a maker the registry does not know; U: no maker at all; N: Nokia, decided.
  const std::string rows = "F,S1,R1,ran,FiberHome,5g\nU,S1,R1,ran,,5g\nN,S1,R1,ran,Nokia,5g\nC,S2,R1,core,FiberHome,\n";
  const std::string inv = (dir / "inv.csv").string();
  std::ofstream(inv) << header << rows;
  const std::string check = "check " + inv + " --policy uk-huawei-dvd --as-of 2028-01-01";

  const auto text = run(check);
  EXPECT_EQ(text.exit_code, 0) << text.out;
  // R3 (the core) has the FiberHome core element; R1, R2 and R5 (5G) have F and U: 3 distinct.
  EXPECT_EQ(text.out.rfind("COMPLIANT as of 2028-01-01: no rule of severity error is violated; 3 elements in the "
                           "rules' scopes have a maker, or a maker's controller, that the registry does not know",
                           0),
            0u)
      << text.out;
  EXPECT_NE(text.out.find("undecided: 2 elements in scope"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("undecided: 1 element in scope"), std::string::npos) << text.out;

  const auto json = nlohmann::json::parse(run(check + " --format json | cat").out);
  EXPECT_EQ(json["verdict"]["undecided"], 3);
  std::map<std::string, int> undecided;
  for (const auto& rule : json["rules"]) undecided[rule["id"].get<std::string>()] = rule["undecided"].get<int>();
  EXPECT_EQ(undecided["R2"], 2);
  EXPECT_EQ(undecided["R3"], 1);
  EXPECT_EQ(undecided["R4"], 0);  // fttp: nothing in scope

  const auto csv = run(check + " --format csv | cat");
  EXPECT_NE(csv.out.find("uk-huawei-dvd,R2,undecided,error,2 elements,"), std::string::npos) << csv.out;

  const auto strict = run(check + " --strict-unknown");
  EXPECT_EQ(strict.exit_code, 3) << strict.out;
  EXPECT_EQ(strict.out.rfind("INCOMPLETE as of 2028-01-01", 0), 0u) << strict.out;

  // A violation still decides the verdict, and the undecided elements are still said.
  std::ofstream(inv) << header << rows << "H,S1,R1,ran,Huawei,5g\n";
  const auto violated = run(check + " --strict-unknown");
  EXPECT_EQ(violated.exit_code, 1) << violated.out;
  EXPECT_EQ(violated.out.rfind("NOT COMPLIANT as of 2028-01-01", 0), 0u) << violated.out;
  EXPECT_NE(violated.out.find("; and 3 elements in the rules' scopes"), std::string::npos) << violated.out;
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
