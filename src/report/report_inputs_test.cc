// What reports draw from other stages, end to end: the designated share over the snapshots of a
// snapshot database (share_history(), `kitwatch assess --db`), and the map coordinates of a
// Topology Zoo GraphML file (`kitwatch assess --links x.graphml`, `kitwatch topo --format html`).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "ingest/ingest.h"
#include "report/report.h"
#include "snapshot/snapshot.h"
#include "test_support.h"

namespace kitwatch {
namespace {

namespace fs = std::filesystem;
using testing_support::run;
using testing_support::source;

// A scratch folder per test (ctest runs tests in parallel), removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("kitwatch-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" + std::to_string(getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~ScratchDir() { fs::remove_all(path_); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(file(name), std::ios::binary) << text;
    return file(name);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string read(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

// The JSON data block of an HTML report.
nlohmann::json data_block(const std::string& html) {
  const std::string open = "<script id=\"kitwatch-data\" type=\"application/json\">";
  const std::size_t begin = html.find(open);
  if (begin == std::string::npos) return nlohmann::json();
  const std::size_t from = begin + open.size();
  return nlohmann::json::parse(html.substr(from, html.find("</script>", from) - from));
}

// Runs `kitwatch ARGS` with dir as the working directory (for the default database).
testing_support::CommandRun run_in(const fs::path& dir, const std::string& args) {
  const std::string command = "cd '" + dir.string() + "' && " + KITWATCH_BINARY + " " + args + " 2>&1";
  testing_support::CommandRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  char buffer[4096];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) result.out.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Ten access elements, e0..e9; the first `huawei` are Huawei (designated on every list), the rest
// Nokia. Element i carries traffic i + 1 (55 in all) and 10 - i subscribers (55 in all), so the
// three measures give three different shares.
std::string inventory(int huawei) {
  std::string csv = "id,function,vendor,traffic,subscribers\n";
  for (int i = 0; i < 10; ++i) {
    csv += "e" + std::to_string(i) + ",access," + (i < huawei ? "Huawei" : "Nokia") + "," + std::to_string(i + 1) +
           "," + std::to_string(10 - i) + "\n";
  }
  return csv;
}

// The shares inventory(huawei) has, counted from the rule above.
Measures expected_share(int huawei) {
  double traffic = 0, subscribers = 0;
  for (int i = 0; i < huawei; ++i) {
    traffic += i + 1;
    subscribers += 10 - i;
  }
  return Measures{huawei / 10.0, traffic / 55.0, subscribers / 55.0};
}

// Three snapshots: (label, taken, Huawei elements). Stored out of date order on purpose.
struct SnapshotCase {
  const char* label;
  const char* taken;
  int huawei;
};
constexpr SnapshotCase kSnapshots[] = {{"q3", "2024-09-30", 1}, {"q1", "2024-03-31", 5}, {"q2", "2024-06-30", 3}};
constexpr const char* kOrder[] = {"q1", "q2", "q3"};  // by taken date
constexpr int kHuaweiInOrder[] = {5, 3, 1};

void expect_series(const nlohmann::json& history) {
  ASSERT_TRUE(history.is_array()) << history.dump();
  ASSERT_EQ(history.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    const Measures want = expected_share(kHuaweiInOrder[i]);
    EXPECT_EQ(history[i]["label"], kOrder[i]);
    EXPECT_NEAR(history[i]["designated_share"]["count"].get<double>(), want.count, 1e-12) << i;
    EXPECT_NEAR(history[i]["designated_share"]["traffic"].get<double>(), want.traffic, 1e-12) << i;
    EXPECT_NEAR(history[i]["designated_share"]["subscribers"].get<double>(), want.subscribers, 1e-12) << i;
    EXPECT_EQ(history[i]["unknown_share"]["count"].get<double>(), 0.0);
  }
}

TEST(ShareHistoryTest, SeriesHasEachStoredSnapshotsShares) {
  ScratchDir dir;
  const Registry registry = *Registry::builtin();
  const Date as_of = *Date::parse("2024-01-01");
  {
    auto store = SnapshotStore::open(dir.file("h.db"), SnapshotStore::Mode::kCreateIfMissing);
    ASSERT_TRUE(store.ok()) << store.status().message();
    for (const SnapshotCase& c : kSnapshots) {
      ElementStore elements;
      IngestReport ingest;
      ASSERT_TRUE(ingest_inventory_bytes(inventory(c.huawei), "inv.csv", {}, elements, ingest).ok());
      const Resolution resolution = resolve(elements, registry, MacRegistry{}, as_of);
      const AssessReport report = *assess(elements, registry, resolution, AssessOptions{as_of, {}, 10});
      const std::vector<std::uint8_t> designated = *designated_elements(elements, registry, resolution, {}, as_of);
      SnapshotSource s;
      s.info.label = c.label;
      s.info.taken = *Date::parse(c.taken);
      s.info.as_of = as_of;
      s.store = &elements;
      s.registry = &registry;
      s.resolution = &resolution;
      s.report = &report;
      s.designated = &designated;
      ASSERT_TRUE((*store)->add(s).ok());
    }
  }
  auto store = SnapshotStore::open(dir.file("h.db"), SnapshotStore::Mode::kReadOnly);
  ASSERT_TRUE(store.ok()) << store.status().message();
  const std::vector<ShareHistoryPoint> series = share_history(*(*store)->history());
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].taken, "2024-03-31");
  EXPECT_EQ(series[2].taken, "2024-09-30");
  nlohmann::json as_json = nlohmann::json::array();
  for (const ShareHistoryPoint& p : series) {
    as_json.push_back({{"label", p.label},
                       {"designated_share",
                        {{"count", p.designated_share.count},
                         {"traffic", p.designated_share.traffic},
                         {"subscribers", p.designated_share.subscribers}}},
                       {"unknown_share", {{"count", p.unknown_share.count}}}});
  }
  expect_series(as_json);

  // The HTML data block and the Markdown table carry the same series.
  ElementStore elements;
  IngestReport ingest;
  ASSERT_TRUE(ingest_inventory_bytes(inventory(1), "inv.csv", {}, elements, ingest).ok());
  const Resolution resolution = resolve(elements, registry, MacRegistry{}, as_of);
  const AssessReport report = *assess(elements, registry, resolution, AssessOptions{as_of, {}, 10});
  AssessContext context{report, ingest, registry, resolution};
  context.history = &series;
  auto html = render_html(context);
  ASSERT_TRUE(html.ok()) << html.status().message();
  expect_series(data_block(*html)["history"]);
  const std::string md = render_markdown(context);
  EXPECT_NE(md.find("## Designated share over snapshots"), std::string::npos);
  EXPECT_NE(md.find("| 2024-03-31 | q1 | 50.0% | 27.3% | 72.7% | 0.0% |"), std::string::npos) << md;
  EXPECT_NE(render_text(context).find("Designated share over snapshots"), std::string::npos);
}

TEST(AssessHistoryCliTest, ReportsDrawTheDatabasesHistoryAndLeaveItUnchanged) {
  ScratchDir dir;
  const std::string db = dir.file("history.db");
  for (const SnapshotCase& c : kSnapshots) {
    const std::string inv = dir.write(std::string(c.label) + ".csv", inventory(c.huawei));
    const auto added = run("snapshot add " + inv + " --label " + c.label + " --taken " + c.taken +
                           " --as-of 2024-01-01 --db " + db + " -q");
    ASSERT_EQ(added.exit_code, 0) << added.out;
  }
  const std::string before = read(db);
  const std::string html = dir.file("report.html");
  const auto assessed =
      run("assess " + dir.file("q3.csv") + " --as-of 2024-01-01 --db " + db + " --format html -o " + html);
  ASSERT_EQ(assessed.exit_code, 0) << assessed.out;
  expect_series(data_block(read(html))["history"]);
  EXPECT_NE(assessed.out.find("Designated share over snapshots"), std::string::npos) << assessed.out;
  EXPECT_EQ(read(db), before) << "assess changed the snapshot database";
  const auto listed = run("snapshot list --db " + db);
  EXPECT_NE(listed.out.find("q3"), std::string::npos);

  // JSON too (its schema is checked by the json_schema_history test).
  const std::string json = dir.file("report.json");
  const auto as_json =
      run("assess " + dir.file("q3.csv") + " --as-of 2024-01-01 --db " + db + " --format json -o " + json + " -q");
  ASSERT_EQ(as_json.exit_code, 0) << as_json.out;
  expect_series(nlohmann::json::parse(read(json))["history"]);

  // Markdown too.
  const auto md = run("assess " + dir.file("q3.csv") + " --as-of 2024-01-01 --db " + db + " --format md");
  ASSERT_EQ(md.exit_code, 0) << md.out;
  EXPECT_NE(md.out.find("| 2024-06-30 | q2 | 30.0% |"), std::string::npos) << md.out;
}

TEST(AssessHistoryCliTest, MissingDatabaseIsAnErrorOnlyWhenNamed) {
  ScratchDir dir;
  const std::string inv = dir.write("inv.csv", inventory(2));
  // Named and absent: exit 2, the message names it, and nothing is created.
  const std::string missing = dir.file("missing.db");
  const auto named = run("assess " + inv + " --as-of 2024-01-01 --db " + missing + " -q");
  EXPECT_EQ(named.exit_code, 2) << named.out;
  EXPECT_NE(named.out.find(missing), std::string::npos) << named.out;
  EXPECT_FALSE(fs::exists(missing));
  EXPECT_FALSE(fs::exists(missing + "-wal"));
  // Without --db: no history, nothing created.
  const auto plain = run_in(dir.path(), "assess inv.csv --as-of 2024-01-01 --format html -o plain.html -q");
  ASSERT_EQ(plain.exit_code, 0) << plain.out;
  EXPECT_TRUE(data_block(read(dir.file("plain.html")))["history"].is_null());
  EXPECT_FALSE(fs::exists(dir.file("kitwatch.db")));
  // A kitwatch.db in the working folder (the snapshot commands' default) is not read without --db:
  // it may hold another network's snapshots.
  ASSERT_EQ(run_in(dir.path(), "snapshot add inv.csv --label only --taken 2024-01-31 --as-of 2024-01-01 -q").exit_code,
            0);
  const auto stray = run_in(dir.path(), "assess inv.csv --as-of 2024-01-01 --format html -o d.html -q");
  ASSERT_EQ(stray.exit_code, 0) << stray.out;
  EXPECT_TRUE(data_block(read(dir.file("d.html")))["history"].is_null());
  // Named: drawn.
  const auto named_db =
      run_in(dir.path(), "assess inv.csv --as-of 2024-01-01 --db kitwatch.db --format html -o d.html -q");
  ASSERT_EQ(named_db.exit_code, 0) << named_db.out;
  const nlohmann::json history = data_block(read(dir.file("d.html")))["history"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_DOUBLE_EQ(history[0]["designated_share"]["count"].get<double>(), 0.2);
  // A file that is not a snapshot database is refused, named.
  const std::string junk = dir.write("junk.db", "not sqlite at all, just text that is long enough to be read");
  const auto refused = run("assess " + inv + " --db " + junk + " -q");
  EXPECT_EQ(refused.exit_code, 2) << refused.out;
  EXPECT_NE(refused.out.find(junk), std::string::npos) << refused.out;
}

// Abilene (Topology Zoo): node id → (label, Latitude, Longitude), read from the file here with a
// plain scan, independently of the GraphML reader.
std::map<std::string, std::pair<double, double>> abilene_coordinates_by_label() {
  const std::string text = read(source("tests/data/topology/Abilene.graphml"));
  const auto key_of = [&](const std::string& name) {
    const std::size_t at = text.find("attr.name=\"" + name + "\"");
    const std::size_t id = text.find("id=\"", at) + 4;
    return text.substr(id, text.find('"', id) - id);
  };
  const std::string label_key = key_of("label"), lat_key = key_of("Latitude"), lon_key = key_of("Longitude");
  const auto data = [&](const std::string& node, const std::string& key) {
    const std::string open = "<data key=\"" + key + "\">";
    const std::size_t at = node.find(open) + open.size();
    return node.substr(at, node.find('<', at) - at);
  };
  std::map<std::string, std::pair<double, double>> out;
  for (std::size_t at = text.find("<node "); at != std::string::npos; at = text.find("<node ", at + 1)) {
    const std::string node = text.substr(at, text.find("</node>", at) - at);
    out[data(node, label_key)] = {std::stod(data(node, lat_key)), std::stod(data(node, lon_key))};
  }
  return out;
}

// Every map node at its city's coordinates; returns how many nodes were checked.
std::size_t expect_nodes_at_coordinates(const nlohmann::json& map,
                                        const std::map<std::string, std::pair<double, double>>& by_label) {
  EXPECT_TRUE(map.is_object()) << map.dump();
  if (!map.is_object()) return 0;
  EXPECT_TRUE(map["geo"].get<bool>());
  for (const auto& node : map["nodes"]) {
    const auto it = by_label.find(node["name"].get<std::string>());
    EXPECT_NE(it, by_label.end()) << node.dump();
    if (it == by_label.end()) continue;
    EXPECT_DOUBLE_EQ(node["lat"].get<double>(), it->second.first) << node.dump();
    EXPECT_DOUBLE_EQ(node["lon"].get<double>(), it->second.second) << node.dump();
  }
  return map["nodes"].size();
}

TEST(MapCoordinatesCliTest, AssessWithGraphmlLinksAndTopoPlaceNodesAtTheirCoordinates) {
  ScratchDir dir;
  const auto cities = abilene_coordinates_by_label();
  ASSERT_EQ(cities.size(), 11u);
  const std::string graphml = source("tests/data/topology/Abilene.graphml");
  // An inventory whose element ids are the cities (GraphML nodes matched by label), and one whose
  // ids are pop-N, matched through a node map (node id → element id).
  std::string by_label = "id,name,function,vendor\n", by_map = "id,name,function,vendor\n", node_map = "node,element\n";
  int i = 0;
  for (const auto& [city, where] : cities) {
    const char* vendor = i % 3 == 0 ? "Huawei" : "Nokia";
    by_label += "\"" + city + "\",\"" + city + "\",core," + vendor + "\n";
    by_map += "pop-" + std::to_string(i) + ",\"" + city + "\",core," + vendor + "\n";
    ++i;
  }
  // Node ids in Abilene are 0..10 in file order; the map pairs each with its city's pop-N.
  const std::string text = read(graphml);
  std::map<std::string, int> pop_of_city;
  i = 0;
  for (const auto& [city, where] : cities) pop_of_city[city] = i++;
  for (int node = 0; node < 11; ++node) {
    const std::size_t at = text.find("<node id=\"" + std::to_string(node) + "\"");
    ASSERT_NE(at, std::string::npos);
    const std::string body = text.substr(at, text.find("</node>", at) - at);
    for (const auto& [city, pop] : pop_of_city) {
      if (body.find(">" + city + "<") != std::string::npos) {
        node_map += std::to_string(node) + ",pop-" + std::to_string(pop) + "\n";
      }
    }
  }
  const std::string inv = dir.write("cities.csv", by_label), mapped = dir.write("pops.csv", by_map),
                    map_file = dir.write("node-map.csv", node_map);

  const auto assessed = run("assess " + inv + " --as-of 2025-01-01 --links " + graphml + " --format html -o " +
                            dir.file("assess.html") + " -q");
  ASSERT_EQ(assessed.exit_code, 0) << assessed.out;
  const nlohmann::json assess_map = data_block(read(dir.file("assess.html")))["map"];
  EXPECT_EQ(expect_nodes_at_coordinates(assess_map, cities), 11u);
  EXPECT_EQ(assess_map["links"].size(), 14u);

  const auto demo = run("topo --graphml " + graphml + " --vendor-mix Huawei=1,Nokia=2 --as-of 2025-01-01 " +
                        "--format html -o " + dir.file("topo.html") + " -q");
  ASSERT_EQ(demo.exit_code, 0) << demo.out;
  const nlohmann::json demo_data = data_block(read(dir.file("topo.html")));
  EXPECT_EQ(expect_nodes_at_coordinates(demo_data["map"], cities), 11u);
  EXPECT_EQ(demo_data["total"]["elements"], 11);

  const auto through_map = run("topo " + mapped + " --graphml " + graphml + " --node-map " + map_file +
                               " --as-of 2025-01-01 --format html -o " + dir.file("mapped.html") + " -q");
  ASSERT_EQ(through_map.exit_code, 0) << through_map.out;
  EXPECT_EQ(expect_nodes_at_coordinates(data_block(read(dir.file("mapped.html")))["map"], cities), 11u);

  const auto md = run("topo " + inv + " --graphml " + graphml + " --as-of 2025-01-01 --format md");
  ASSERT_EQ(md.exit_code, 0) << md.out;
  EXPECT_NE(md.out.find("# kitwatch assessment as of 2025-01-01"), std::string::npos) << md.out;
}

}  // namespace
}  // namespace kitwatch
