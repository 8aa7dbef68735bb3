// The topology module's files (GraphML and SNDlib topologies, node maps, demands) are read with
// base/read_file.h's checks: only a regular file, within --max-file-bytes.
#include <gtest/gtest.h>

#include "base/read_file_test_util.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

using testing_support::expect_refuses_special_files;
using testing_support::expect_size_limit;
using testing_support::ScratchFolder;
using testing_support::status_of;

constexpr std::string_view kGraphml =
    "<graphml><graph><node id=\"a\"/><node id=\"b\"/><edge source=\"a\" target=\"b\"/></graph></graphml>\n";
constexpr std::string_view kSndlib = "NODES (\n a ( 0 0 )\n b ( 1 1 )\n)\nLINKS (\n l ( a b ) 0 0 0 0\n)\n";

Status graphml(const std::string& path, std::uint64_t max) {
  return status_of(read_topology_file(path, false, max));
}
Status sndlib(const std::string& path, std::uint64_t max) {
  return status_of(read_topology_file(path, true, max));
}
Status node_map(const std::string& path, std::uint64_t max) {
  std::vector<std::pair<std::string, std::string>> pairs;
  return read_node_map(path, max, pairs);
}
Status demands(const std::string& path, std::uint64_t max) {
  ElementStore store;
  IngestReport report;
  if (Status s = ingest_inventory_bytes("id\na\nb\n", "n.csv", {}, store, report); !s.ok()) return s;
  IngestOptions options;
  options.max_file_bytes = max;
  DemandTable table;
  return ingest_demands(path, options, store, table, report);
}

TEST(TopologyInputFilesTest, ATopologyFileMustBeARegularFile) {
  expect_refuses_special_files(graphml);
  expect_refuses_special_files(sndlib);
  expect_size_limit(graphml, kGraphml);
  expect_size_limit(sndlib, kSndlib);
  ScratchFolder scratch;
  auto file = read_topology_file(scratch.write("t.graphml", kGraphml), false, kGraphml.size());
  ASSERT_TRUE(file.ok()) << file.status().message();
  EXPECT_EQ(file->nodes.size(), 2u);
}

TEST(TopologyInputFilesTest, ADemandsFileMustBeARegularFile) {
  expect_refuses_special_files(demands);
  expect_size_limit(demands, "source,target,volume\na,b,1\n");
}

TEST(TopologyInputFilesTest, ANodeMapMustBeARegularFile) {
  expect_refuses_special_files(node_map);
  expect_size_limit(node_map, "node,element\nn1,e1\n");
}

TEST(TopologyInputFilesTest, ANodeMapIsTwoColumnsAfterAHeader) {
  ScratchFolder scratch;
  std::vector<std::pair<std::string, std::string>> pairs;
  ASSERT_TRUE(read_node_map(scratch.write("map.csv", "node,element\nn1,e1\n\"n,2\",e2\n"), 1000, pairs).ok());
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[1].first, "n,2");
  EXPECT_EQ(pairs[1].second, "e2");
  const std::string bad = scratch.write("bad.csv", "node,element\nn1,e1,extra\n");
  const Status status = read_node_map(bad, 1000, pairs);
  EXPECT_EQ(status.message(), bad + ":2:1: expected two columns: node, element");
  const Status missing = read_node_map(scratch.path("none.csv"), 1000, pairs);
  EXPECT_EQ(missing.kind(), ErrorKind::kIo);
  EXPECT_NE(missing.message().find("none.csv: cannot open the node map: "), std::string::npos);
}

}  // namespace
}  // namespace kitwatch
