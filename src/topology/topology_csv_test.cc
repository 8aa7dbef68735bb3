// The topology CSV keeps every cell in its column whatever the element ids hold (commas, quotes,
// formula starters), read back with the project's own CSV reader.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "base/csv_reader.h"
#include "registry/registry.h"
#include "resolve/resolver.h"
#include "topology/topology.h"
#include "topology/topology_test_util.h"

namespace kitwatch {
namespace {

using topology_test::add_link;

std::vector<std::vector<std::string>> read_csv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  CsvReader reader(text, ',');
  CsvRecord record;
  for (CsvReader::Next next; (next = reader.next(record)) != CsvReader::Next::kEnd;) {
    EXPECT_EQ(next, CsvReader::Next::kRecord) << record.error;
    if (next != CsvReader::Next::kRecord) break;
    std::vector<std::string>& row = rows.emplace_back();
    for (const CsvField& field : record.fields) row.emplace_back(field.text);
  }
  return rows;
}

// A chain a,b - core,1 - q"x - =1+1 - t: the three middle elements are Huawei (designated), so they
// are named as transit nodes, articulation points and in the loss scenario; the demand's subject
// names a,b.
TEST(TopologyCsvTest, ElementIdsWithCommasQuotesAndFormulasKeepEveryRowAtFiveColumns) {
  const std::vector<std::string> ids = {"a,b", "core,1", "q\"x", "=1+1", "t"};
  ElementStore store;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    ElementRow row;
    row.id = ids[i];
    row.function = Function::kCore;
    row.declared_vendor = i == 0 || i + 1 == ids.size() ? "Nokia" : "Huawei";
    row.subscribers = 10;
    store.append(row);
  }
  store.link_uplinks();
  LinkTable links;
  for (ElementIndex e = 0; e + 1 < ids.size(); ++e) add_link(links, e, e + 1);
  DemandTable demands;
  demands.add(0, 4, 7.5, 2);
  const Registry registry = *Registry::builtin();
  const Date as_of = *Date::parse("2025-01-01");
  const Resolution resolution = resolve(store, registry, MacRegistry{}, as_of);
  auto run = analyse_topology(store, registry, resolution, links, demands, TopologyRunOptions{{}, {}, as_of, 1, {}});
  ASSERT_TRUE(run.ok()) << run.status().message();
  const std::string csv = render_topology_csv(topology_results(**run, store, registry, resolution, demands));

  const auto rows = read_csv(csv);
  ASSERT_GT(rows.size(), 1u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"analysis", "scenario", "subject", "metric", "value"}));
  std::set<std::string> subjects;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 5u) << row[0] << "," << row[1] << "," << row[2];
    subjects.insert(row[2]);
  }
  for (const char* subject : {"element:core,1", "element:q\"x", "element:=1+1", "demand:2:a,b>t"}) {
    EXPECT_EQ(subjects.count(subject), 1u) << subject << "\n" << csv;
  }
}

}  // namespace
}  // namespace kitwatch
