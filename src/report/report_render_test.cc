// The HTML, Markdown and CSV renderers: structure, escaping of input text, caps on element lists,
// and the CSV tables against figures counted independently from the inventory rows.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "base/csv_writer.h"
#include "ingest/ingest.h"
#include "report/report.h"
#include "test_support.h"

namespace kitwatch {
namespace {

// Inventory text that would run script or break a table if a renderer did not escape it.
constexpr const char* kEvilName = "</script><script>alert(\"x\")</script>";
constexpr const char* kEvilSite = "<img src=x onerror=alert(1)>|**bold**";

// n elements: every third a Huawei core router (designated, violates the pack's prohibition), the
// rest Nokia access nodes; regions r0..r4.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) out += ch == '"' ? std::string("\"\"") : std::string(1, ch);
  return out + "\"";
}

std::string inventory(std::size_t n) {
  std::string csv = "id,name,site,region,function,declared_vendor,traffic,subscribers\n";
  for (std::size_t i = 0; i < n; ++i) {
    const bool huawei = i % 3 == 0;
    csv += "e" + std::to_string(i) + "," + quoted(i == 0 ? kEvilName : "n") + "," + quoted(i == 0 ? kEvilSite : "s") +
           ",r" + std::to_string(i % 5) + "," + (huawei ? "core" : "access") + "," + (huawei ? "Huawei" : "Nokia") +
           ",1,2\n";
  }
  return csv;
}

constexpr const char* kPack = R"(pack: test-pack
title: Test <pack>
jurisdiction: GB
source: "a source"
suppliers: entity.lists has uk-tsa-designated
rules:
  - id: P1
    kind: prohibit
    title: No designated kit in the core
    scope: function == core
    from: 2023-01-01
    source: "test"
)";

// Owns everything a context points at.
struct Fixture {
  Registry registry;
  ElementStore store;
  IngestReport ingest;
  Resolution resolution;
  AssessReport report;
  PolicyReport policy;
  std::unique_ptr<PolicyContext> policy_context;

  explicit Fixture(std::size_t n, const char* pack_text = kPack) : Fixture(inventory(n), pack_text) {}
  Fixture(const std::string& inventory_csv, const char* pack_text) : registry(*Registry::builtin()) {
    const Date as_of = *Date::parse("2025-01-01");
    EXPECT_TRUE(ingest_inventory_bytes(inventory_csv, "inv.csv", {}, store, ingest).ok());
    resolution = resolve(store, registry, MacRegistry{}, as_of);
    report = *assess(store, registry, resolution, AssessOptions{as_of, {"uk-tsa-designated"}, 10});
    policy_context = std::make_unique<PolicyContext>(PolicyContext{store, registry, resolution, as_of});
    auto pack = parse_pack(PackSource{"test.policy.yaml", pack_text});
    EXPECT_TRUE(pack.ok()) << pack.status().message();
    std::vector<Pack> packs;
    packs.push_back(std::move(*pack));
    auto evaluated = evaluate_policies(std::move(packs), *policy_context);
    EXPECT_TRUE(evaluated.ok()) << evaluated.status().message();
    policy = std::move(*evaluated);
  }
  AssessContext context() const {
    return AssessContext{report, ingest, registry, resolution, nullptr, nullptr, &policy, policy_context.get()};
  }
};

// The JSON data block of an HTML report.
nlohmann::json data_block(const std::string& html) {
  const std::string open = "<script id=\"kitwatch-data\" type=\"application/json\">";
  const std::size_t begin = html.find(open) + open.size();
  return nlohmann::json::parse(html.substr(begin, html.find("</script>", begin) - begin));
}

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(HtmlReportTest, IsOneSelfContainedPage) {
  const Fixture f(30);
  auto html = render_html(f.context());
  ASSERT_TRUE(html.ok()) << html.status().message();
  EXPECT_EQ(html->rfind("<!doctype html>", 0), 0u);
  EXPECT_EQ(count(*html, "@KITWATCH_"), 0u) << "a placeholder was left unfilled";
  EXPECT_EQ(count(*html, "<script src"), 0u);
  EXPECT_EQ(count(*html, "<link"), 0u);
  EXPECT_EQ(count(*html, "<script"), 4u);  // data, charting library, shared page code, report script: no others
  EXPECT_NE(html->find("echarts"), std::string::npos);
  EXPECT_NE(html->find("default-src 'none'"), std::string::npos) << "the page must forbid network fetches";
}

TEST(HtmlReportTest, InputTextCannotInjectMarkup) {
  const Fixture f(30);
  const std::string html = *render_html(f.context());
  EXPECT_EQ(html.find(kEvilName), std::string::npos);
  EXPECT_EQ(html.find("<img src=x"), std::string::npos);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_EQ(count(html, "</script>"), 4u) << "only the page's own script elements may close";
  // The text is kept, not dropped: the data block decodes to the original.
  const nlohmann::json data = data_block(html);
  bool found_name = false, found_site = false;
  for (const auto& row : data["policy"]["violations"]) {
    found_name |= row[2] == kEvilName;
    found_site |= row[3] == kEvilSite;
  }
  EXPECT_TRUE(found_name && found_site);
}

TEST(HtmlReportTest, DataMatchesTheAssessment) {
  const Fixture f(30);
  const nlohmann::json data = data_block(*render_html(f.context()));
  // 30 rows, every third Huawei in the core: 10 designated, all of them violating P1.
  EXPECT_EQ(data["total"]["elements"], 30);
  EXPECT_DOUBLE_EQ(data["total"]["designated_share"]["count"].get<double>(), 10.0 / 30.0);
  EXPECT_EQ(data["regions"].size(), 5u);
  EXPECT_EQ(data["policy"]["violations_total"], 10);
  EXPECT_EQ(data["policy"]["violations"].size(), 10u);
  EXPECT_TRUE(data["map"].is_null());
  EXPECT_TRUE(data["history"].is_null());
  EXPECT_EQ(data["meta"]["policy_packs"][0]["title"], "Test <pack>");
}

TEST(HtmlReportTest, ElementListsAreCappedAndSayHowManyWereLeftOut) {
  const Fixture f(300);  // 100 violating elements
  ReportLimits limits;
  limits.violation_rows = 7;
  limits.regions = 2;
  const nlohmann::json data = data_block(*render_html(f.context(), limits));
  EXPECT_EQ(data["policy"]["violations"].size(), 7u);
  EXPECT_EQ(data["policy"]["violations_total"], 100);
  EXPECT_EQ(data["regions"].size(), 2u);
  EXPECT_EQ(data["regions_omitted"], 3);
}

TEST(HtmlReportTest, SizeGrowsWithCapsNotWithElements) {
  const Fixture small(300), large(6000);
  const std::size_t a = render_html(small.context())->size(), b = render_html(large.context())->size();
  // 2,000 violation rows at most whatever the inventory: the larger report is bounded.
  EXPECT_LT(b, a + 2000 * 200);
  ReportLimits limits;
  limits.violation_rows = 100;
  EXPECT_LT(render_html(large.context(), limits)->size(), a + 100 * 200);
}

TEST(HtmlReportTest, OptionalSectionsAppearOnlyWhenGiven) {
  const Fixture f(30);
  AssessContext context = f.context();
  const std::vector<ShareHistoryPoint> history = {{"jan", "2024-01-01", {0.5, 0.4, 0.3}, {0, 0, 0}},
                                                  {"feb", "2024-02-01", {0.4, 0.3, 0.2}, {0, 0, 0}}};
  context.history = &history;
  context.evaluation_utilisation = 1.25;
  context.sections.push_back(
      {"capacity", "Evaluation <capacity>", "a note", {{"load", "5"}}, {"a", "b"}, {{"1", "<2>"}}});
  const std::string html = *render_html(context);
  const nlohmann::json data = data_block(html);
  EXPECT_EQ(data["history"].size(), 2u);
  EXPECT_EQ(data["sections"][0]["title"], "Evaluation <capacity>");
  EXPECT_EQ(data["sections"][0]["rows"][0][1], "<2>");
  EXPECT_EQ(html.find("<2>"), std::string::npos);
  bool card = false;
  for (const auto& c : data["cards"]) card |= c["id"] == "evaluation_utilisation" && c["value"] == "125%";
  EXPECT_TRUE(card);
}

TEST(HtmlReportTest, MapUsesTopologyZooCoordinatesAndMarksExposedLinks) {
  auto file = read_topology_file(testing_support::source("tests/data/topology/Abilene.graphml"), false);
  ASSERT_TRUE(file.ok()) << file.status().message();
  ElementStore store;
  LinkTable links;
  DemandTable demands;
  IngestReport ingest;
  ASSERT_TRUE(
      attach_topology(*file, AttachOptions{{}, "", "Huawei=1,Nokia=1", 3, {}}, store, links, demands, ingest).ok());
  store.link_uplinks();
  const Registry registry = *Registry::builtin();
  const Date as_of = *Date::parse("2025-01-01");
  const Resolution resolution = resolve(store, registry, MacRegistry{}, as_of);
  const AssessReport report = *assess(store, registry, resolution, AssessOptions{as_of, {}, 10});
  auto run = analyse_topology(store, registry, resolution, links, demands, TopologyRunOptions{{}, {}, as_of, 1, {}});
  ASSERT_TRUE(run.ok()) << run.status().message();
  const TopologyResults results = topology_results(**run, store, registry, resolution, demands);
  const ElementCoordinates coordinates = coordinates_from(*file, store);
  AssessContext context{report, ingest, registry, resolution, nullptr, &results};
  context.coordinates = &coordinates;
  const nlohmann::json data = data_block(*render_html(context));
  const nlohmann::json& map = data["map"];
  ASSERT_FALSE(map.is_null());
  EXPECT_TRUE(map["geo"]);
  ASSERT_EQ(map["nodes"].size(), file->nodes.size());
  const std::vector<std::uint8_t> designated = *designated_elements(store, registry, resolution, {}, as_of);
  std::size_t designated_nodes = 0;
  for (const auto& node : map["nodes"]) {
    const ElementIndex e = store.find(node["id"].get<std::string>());
    ASSERT_NE(e, kNoElement);
    EXPECT_EQ(node["designated"].get<bool>(), designated[e] != 0);
    designated_nodes += designated[e];
    // The file's own attribute, read here independently of coordinates_from().
    for (const auto& n : file->nodes) {
      if (n.id != node["id"]) continue;
      for (const auto& [key, value] : n.attributes) {
        if (key == "Latitude") {
          EXPECT_DOUBLE_EQ(node["lat"].get<double>(), std::stod(value));
        }
      }
    }
  }
  EXPECT_GT(designated_nodes, 0u) << "the vendor mix should make some nodes designated";
  EXPECT_EQ(map["links"].size() + map["links_omitted"].get<std::size_t>(), file->links.size());
  for (const auto& link : map["links"]) {
    const bool a = map["nodes"][link[0].get<std::size_t>()]["designated"],
               b = map["nodes"][link[1].get<std::size_t>()]["designated"];
    EXPECT_EQ(link[2].get<bool>(), a || b);
  }
  // The text summary accounts for the links file once: the topology section does, when there is
  // one; otherwise a line of its own.
  IngestReport link_report;
  link_report.rows_read = 77;
  link_report.accepted = 77;
  context.links = &link_report;
  EXPECT_EQ(render_text(context).find("Links: 77 rows read"), std::string::npos);
  context.topology = nullptr;
  EXPECT_NE(render_text(context).find("Links: 77 rows read"), std::string::npos);
}

// The streamed JSON report (what `assess --format json` writes) is the rendered one, byte for byte,
// and parses back to the figures of the assessment.
TEST(JsonReportTest, StreamedReportIsTheRenderedOne) {
  const Fixture f(40);
  const std::string rendered = render_json(f.context());
  std::ostringstream streamed;
  write_json(f.context(), streamed);
  EXPECT_EQ(streamed.str(), rendered);
  const nlohmann::json data = nlohmann::json::parse(streamed.str());
  EXPECT_EQ(data["total"]["total"]["count"].get<double>(), static_cast<double>(f.store.size()));
  EXPECT_TRUE(data.contains("policy"));
  EXPECT_EQ(rendered.back(), '\n');
}

TEST(MarkdownReportTest, HasTheTablesAndEscapesInputText) {
  const Fixture f(30);
  const std::string md = render_markdown(f.context());
  EXPECT_EQ(md.rfind("# kitwatch assessment as of 2025-01-01", 0), 0u);
  EXPECT_NE(md.find("| function | elements |"), std::string::npos);
  EXPECT_NE(md.find("## Policy"), std::string::npos);
  EXPECT_NE(md.find("**Not compliant**"), std::string::npos);
  EXPECT_EQ(md.find("<img"), std::string::npos);
  EXPECT_EQ(md.find("<script"), std::string::npos);
  EXPECT_NE(md.find("&lt;img src=x onerror=alert(1)&gt;\\|\\*\\*bold\\*\\*"), std::string::npos);
  // Every table row has as many cells as its header: no input '|' split a cell.
  std::istringstream lines(md);
  std::string line;
  std::size_t columns = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| ---", 0) == 0) columns = count(line, "|");
    if (line.rfind("|", 0) != 0) columns = 0;
    if (columns && line.rfind("|", 0) == 0) {
      EXPECT_EQ(count(line, "|") - count(line, "\\|"), columns) << line;
    }
  }
}

TEST(MarkdownReportTest, CapsTheViolationRows) {
  const Fixture f(300);
  ReportLimits limits;
  limits.violation_rows = 50;  // Markdown keeps a tenth: 5 of the 100 violating elements
  const std::string md = render_markdown(f.context(), limits);
  EXPECT_NE(md.find("5 of 100 (rule, element) rows shown"), std::string::npos) << md;
  EXPECT_EQ(count(md, "| P1 | e"), 5u);
}

// RFC 4180 parsing, independent of the renderer.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char ch = text[i];
    if (quoted) {
      if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        rows.back().back() += '"';
        ++i;
      } else if (ch == '"') {
        quoted = false;
      } else {
        rows.back().back() += ch;
      }
    } else if (ch == '"') {
      quoted = true;
    } else if (ch == ',') {
      rows.back().emplace_back();
    } else if (ch == '\n') {
      rows.emplace_back(1);
    } else {
      rows.back().back() += ch;
    }
  }
  if (rows.back().size() == 1 && rows.back()[0].empty()) rows.pop_back();
  return rows;
}

TEST(CsvReportTest, TablesAreCompleteAndMatchACountFromTheRows) {
  const Fixture f(300);
  std::map<std::string, std::string> tables;
  for (const CsvTable& t : render_csv_tables(f.context())) tables[t.name] = t.text;
  for (const char* name : {"by_function.csv", "by_region.csv", "concentration.csv", "controllers.csv",
                           "manufacturers.csv", "designated_controllers.csv", "policy_rules.csv", "violations.csv"}) {
    EXPECT_TRUE(tables.count(name)) << name;
  }
  const auto regions = parse_csv(tables["by_region.csv"]);
  ASSERT_EQ(regions.size(), 6u);  // header + r0..r4
  // Region rK holds rows i with i % 5 == K: 60 elements, of which those with i % 3 == 0 designated.
  for (std::size_t r = 1; r < regions.size(); ++r) {
    const int k = regions[r][0].back() - '0';
    int designated = 0;
    for (int i = 0; i < 300; ++i) designated += i % 5 == k && i % 3 == 0;
    EXPECT_EQ(std::stod(regions[r][1]), 60);
    EXPECT_EQ(std::stod(regions[r][4]), designated) << regions[r][0];
  }
  const auto violations = parse_csv(tables["violations.csv"]);
  EXPECT_EQ(violations.size(), 1u + 100u);  // uncapped
  const auto functions = parse_csv(tables["by_function.csv"]);
  EXPECT_EQ(functions.size(), 1u + kFunctionCount + 1u);
  for (const auto& row : functions) EXPECT_EQ(row.size(), functions[0].size());
}

// Inventory text that a spreadsheet would run: every place it reaches a CSV table is neutralised,
// and the negative numbers of numeric columns are left as numbers.
TEST(CsvReportTest, CellsCannotRunAsSpreadsheetFormulas) {
  const std::string hyperlink = "=HYPERLINK(\"http://evil.example/\",\"click\")";
  const std::string hyperlink_cell = "\"=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\"";
  std::string csv = "id,name,site,region,function,declared_vendor,model,traffic,subscribers\n";
  csv += "-e1,+cmd,@SUM(1+1),-2+3,core,Huawei," + hyperlink_cell + ",1,2\n";
  csv += "e2,n,s,r,access," + hyperlink_cell + ",=1+1,1,1\n";
  csv += "e3,n,s,r,core,Nokia,m,1,1\n";
  const Fixture f(csv, kPack);
  AssessContext context = f.context();
  context.sections.push_back({"models", "Models", "", {}, {"model", "delta"}, {{hyperlink, "-5"}, {"m", "-1.5e3"}}});
  std::map<std::string, std::vector<std::vector<std::string>>> tables;
  for (const CsvTable& t : render_csv_tables(context)) tables[t.name] = parse_csv(t.text);
  std::set<std::string> neutralised;
  bool negative_number = false;
  for (const auto& [name, rows] : tables) {
    for (const auto& row : rows) {
      for (const std::string& cell : row) {
        ASSERT_TRUE(cell.empty() || std::string("=+@\t\r").find(cell[0]) == std::string::npos) << name << ": " << cell;
        if (!cell.empty() && cell[0] == '-') {
          EXPECT_TRUE(is_plain_number(cell)) << name << ": " << cell;
          negative_number = true;
        }
        if (!cell.empty() && cell[0] == '\'') neutralised.insert(cell);
      }
    }
  }
  for (const std::string& want :
       {std::string("'-e1"), std::string("'+cmd"), std::string("'@SUM(1+1)"), std::string("'-2+3"), "'" + hyperlink}) {
    EXPECT_TRUE(neutralised.count(want)) << want;
  }
  EXPECT_TRUE(negative_number) << "P1 has been in force since 2023: its days_left is a negative number";
  EXPECT_EQ(tables["section_models.csv"][1][1], "-5");
  EXPECT_EQ(tables["section_models.csv"][2][1], "-1.5e3");
}

constexpr const char* kTwoOutcomesPack = R"(pack: two-outcomes
title: Rules that are met and violated
jurisdiction: GB
source: "test"
suppliers: entity.lists has uk-tsa-designated
rules:
  - id: CORE-BAN
    kind: prohibit
    title: No designated kit in the core
    scope: function == core
    from: 2023-01-01
    source: "test"
  - id: NET-CAP
    kind: cap
    title: Designated kit at most half of the network
    scope: function != other
    measure: count
    limit: 50%
    source: "test"
  - id: CORE-CAP
    kind: cap
    title: Designated kit at most half of the core
    scope: function == core
    measure: count
    limit: 50%
    from: 2024-06-01
    source: "test"
)";

// Every violations.csv row says which rule and requirement it breaks; a rule's rows add up to its
// `elements` in policy_rules.csv; rules that are met list none.
TEST(CsvReportTest, ViolationsNameTheRuleAndRequirementOfEachRow) {
  const Fixture f(30, kTwoOutcomesPack);
  std::map<std::string, std::vector<std::vector<std::string>>> tables;
  for (const CsvTable& t : render_csv_tables(f.context())) tables[t.name] = parse_csv(t.text);
  const auto& rules = tables["policy_rules.csv"];
  const auto& violations = tables["violations.csv"];
  ASSERT_GE(violations.size(), 2u);
  const auto column = [](const std::vector<std::string>& header, const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  const std::size_t rule = column(violations[0], "rule"), requirement = column(violations[0], "requirement"),
                    from = column(violations[0], "in_force_from"), element = column(violations[0], "element"),
                    limit = column(violations[0], "limit"), measured = column(violations[0], "measured");
  std::map<std::string, std::size_t> rows_of;
  for (std::size_t i = 1; i < violations.size(); ++i) {
    const auto& row = violations[i];
    ASSERT_EQ(row.size(), violations[0].size());
    ++rows_of[row[rule]];
    // e0, e3, e6, ...: the designated core elements.
    EXPECT_EQ(std::stoi(row[element].substr(1)) % 3, 0) << row[element];
    if (row[rule] == "CORE-BAN") {
      EXPECT_EQ(row[requirement], "No designated kit in the core");
      EXPECT_EQ(row[from], "2023-01-01");
    } else {
      EXPECT_EQ(row[rule], "CORE-CAP");
      EXPECT_EQ(row[requirement], "Designated kit at most half of the core");
      EXPECT_EQ(std::stod(row[limit]), 0.5);
      EXPECT_EQ(std::stod(row[measured]), 1.0);  // every core element is designated
    }
  }
  const std::size_t id = column(rules[0], "rule"), status = column(rules[0], "status"),
                    elements = column(rules[0], "elements");
  std::size_t violated = 0;
  for (std::size_t i = 1; i < rules.size(); ++i) {
    const auto& row = rules[i];
    if (row[status] != "violated") {
      EXPECT_EQ(rows_of.count(row[id]), 0u) << row[id] << " is " << row[status] << " but has violation rows";
      continue;
    }
    ++violated;
    EXPECT_EQ(rows_of[row[id]], std::stoul(row[elements])) << row[id];
  }
  EXPECT_EQ(violated, 2u);
  EXPECT_EQ(rows_of["CORE-BAN"], 10u);
}

TEST(CsvReportTest, WritesOneFilePerTableIntoAFolder) {
  const Fixture f(30);
  const auto folder = std::filesystem::temp_directory_path() /
                      ("kitwatch-csv-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
                       std::to_string(reinterpret_cast<std::uintptr_t>(&f)));
  auto written = write_csv_tables(f.context(), folder.string());
  ASSERT_TRUE(written.ok()) << written.status().message();
  EXPECT_EQ(written->size(), render_csv_tables(f.context()).size());
  for (const std::string& path : *written) EXPECT_TRUE(std::filesystem::is_regular_file(path)) << path;
  std::filesystem::remove_all(folder);
}

TEST(ReportCliTest, CsvNeedsAFolderAndHtmlWritesAFile) {
  const std::string inv = testing_support::source("examples/small/inventory.csv");
  EXPECT_EQ(testing_support::run("assess " + inv + " --format csv").exit_code, 2);
  const auto path =
      std::filesystem::temp_directory_path() / ("kitwatch-report-" + std::to_string(::getpid()) + ".html");
  const auto run = testing_support::run("assess " + inv + " --format html -o " + path.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  EXPECT_NE(text.str().find("kitwatch-data"), std::string::npos);
  std::filesystem::remove(path);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// Makers the registry does not know (FiberHome, Quectel here) are "control unknown" in every
// format: neither designated nor clean (docs/definitions.md "Control unknown share").
TEST(ReportCliTest, EveryFormatShowsTheControlUnknownShare) {
  const auto dir = std::filesystem::temp_directory_path() / ("kitwatch-cu-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string inv = (dir / "inv.csv").string();
  std::ofstream(inv) << "id,function,declared_vendor\nA,access,FiberHome\nB,access,Huawei\nC,access,Nokia\n"
                        "D,access,\nE,ran,Quectel Wireless\n";
  const std::string assess = "assess " + inv + " --as-of 2024-01-01 -q";

  const auto text = testing_support::run(assess);
  EXPECT_EQ(text.exit_code, 0) << text.out;
  EXPECT_NE(text.out.find("control unknown: 2 elements (40.0%)"), std::string::npos) << text.out;
  EXPECT_NE(
      text.out.find("FiberHome                                          1   20.0%  unregistered: control unknown"),
      std::string::npos)
      << text.out;

  const auto json = nlohmann::json::parse(testing_support::run(assess + " --format json | cat").out);
  EXPECT_EQ(json["total"]["control_unknown"]["count"], 2);
  EXPECT_DOUBLE_EQ(json["total"]["control_unknown_share"]["count"].get<double>(), 0.4);
  EXPECT_DOUBLE_EQ(json["total"]["designated_share"]["count"].get<double>(), 0.2);

  const auto md = testing_support::run(assess + " --format md | cat");
  EXPECT_NE(md.out.find("control unknown (count)"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("| all | 5 | 20.0% |"), std::string::npos) << md.out;
  EXPECT_NE(md.out.find("**Control unknown**: 40.0%"), std::string::npos) << md.out;

  const std::string html = (dir / "r.html").string();
  ASSERT_EQ(testing_support::run(assess + " --format html -o " + html).exit_code, 0);
  std::ifstream page(html);
  std::stringstream page_text;
  page_text << page.rdbuf();
  const std::string open = "<script id=\"kitwatch-data\" type=\"application/json\">";
  const std::size_t begin = page_text.str().find(open) + open.size();
  const auto view =
      nlohmann::json::parse(page_text.str().substr(begin, page_text.str().find("</script>", begin) - begin));
  EXPECT_DOUBLE_EQ(view["total"]["control_unknown_share"]["count"].get<double>(), 0.4);
  bool card = false;
  for (const auto& c : view["cards"]) card |= c["id"] == "control_unknown" && c["value"] == "40.0%";
  EXPECT_TRUE(card) << view["cards"].dump();

  const std::string folder = (dir / "csv").string();
  ASSERT_EQ(testing_support::run(assess + " --format csv -o " + folder).exit_code, 0);
  std::ifstream csv(folder + "/by_function.csv");
  std::string header, line, access;
  std::getline(csv, header);
  while (std::getline(csv, line)) {
    if (line.starts_with("access,")) access = line;
  }
  EXPECT_NE(header.find(",control_unknown_count,"), std::string::npos) << header;
  // access: 4 elements, 1 designated (Huawei), 1 unknown (no vendor), 1 control unknown (FiberHome).
  EXPECT_EQ(access, "access,4,0,0,1,0,0,0.25,0,0,1,0,0,0.25,0,0,1,0,0,0.25,0,0") << header;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The UK pack on examples/small (issue 21): Markdown and CSV each carry the caps' measured shares
// against their limits, every assumption of the pack, the unverified designation facts and the
// empty scopes; the HTML page is checked the same way in Chromium (report_browser_test.mjs).
TEST(ReportCliTest, MarkdownAndCsvCarryTheFiguresTheStatusesRestOn) {
  const std::string assess = "assess " + testing_support::source("examples/small/inventory.csv") +
                             " --policy uk-huawei-dvd --as-of 2028-01-01 -q";
  const auto pack = nlohmann::json::parse(testing_support::run("policy show uk-huawei-dvd --format json").out);
  std::vector<std::string> assumptions;
  for (const auto& rule : pack["rules"]) {
    if (rule["assumption"].is_string()) assumptions.push_back(rule["assumption"]);
  }
  ASSERT_EQ(assumptions.size(), 3u);

  const std::string md = testing_support::run(assess + " --format md | cat").out;
  EXPECT_NE(md.find("| largest share 18.53% by count (limit 35.00%) | 923 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| largest share 10.71% by count (limit 35.00%) | 56 |"), std::string::npos) << md;
  EXPECT_NE(md.find("| 0 elements remain (limit 0) | EMPTY |"), std::string::npos) << md;
  for (const std::string& a : assumptions) EXPECT_NE(md.find(a), std::string::npos) << a;
  EXPECT_NE(md.find("pt-cssc-2023 since 2023-05-01"), std::string::npos) << md;
  EXPECT_NE(md.find("**[unverified]**"), std::string::npos) << md;
  EXPECT_NE(md.find("moderately concentrated (HHI 1935 of 10,000"), std::string::npos) << md;

  const auto dir = std::filesystem::temp_directory_path() / ("kitwatch-uk-csv-" + std::to_string(::getpid()));
  ASSERT_EQ(testing_support::run(assess + " --format csv -o " + dir.string()).exit_code,
            0);  // assess reports; check is the gate
  const std::string rules = file_text((dir / "policy_rules.csv").string());
  EXPECT_NE(rules.find(",cap,error,2023-10-31,met,-1523,count,0.185265438787,0.35,largest share 18.53% by count "
                       "(limit 35.00%),923,false,0,0,"),
            std::string::npos)
      << rules;
  EXPECT_NE(rules.find(",0 elements remain (limit 0),0,true,0,0,"), std::string::npos) << rules;
  for (const std::string& a : assumptions) EXPECT_NE(rules.find("ASSUMPTION: " + a), std::string::npos) << a;
  const std::string designated = file_text((dir / "designated_controllers.csv").string());
  EXPECT_NE(designated.find("pt-cssc-2023"), std::string::npos);
  EXPECT_NE(designated.find(",false\n"), std::string::npos) << "the unverified fact is marked: " << designated;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kitwatch
