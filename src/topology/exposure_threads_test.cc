// Exposure with one thread and with several gives the same report, bit for bit, and a search that
// stops at its targets agrees with a full one on everything it settled. The networks are rings
// dual-homed to a meshed core (the national workload's shape), with integer costs (bucket queue)
// and with fractional ones (binary heap), so equal-cost ties are everywhere.
#include <gtest/gtest.h>

#include <random>

#include "topology/shortest_paths.h"
#include "topology/topology.h"
#include "topology/topology_test_util.h"

namespace kitwatch {
namespace {

using topology_test::add_link;
using topology_test::make_store;
using topology_test::TestElement;

struct Network {
  ElementStore store;
  LinkTable links;
  DemandTable demands;
  NodeGroups groups;
};

Network ring_network(std::uint32_t seed, bool fractional_costs) {
  std::mt19937 rng(seed);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int cores = 6, nodes = 1500;
  std::vector<TestElement> elements;
  for (int i = 0; i < nodes; ++i) {
    elements.push_back({"n" + std::to_string(i), i < cores ? Function::kCore : Function::kAccess, "", double(i % 5)});
  }
  Network net;
  net.store = make_store(elements);
  auto cost = [&] { return fractional_costs ? 0.5 * pick(1, 5) : double(pick(1, 3)); };
  for (int a = 0; a < cores; ++a) {
    for (int b = a + 1; b < cores; ++b) add_link(net.links, a, b, cost());
  }
  for (int start = cores; start < nodes;) {
    const int size = std::min(pick(5, 12), nodes - start);
    const int home = pick(0, cores - 1), other = (home + 1) % cores;
    for (int i = 0; i < size; ++i) {
      add_link(net.links, start + i, start + (i + 1) % size, cost());
      if (pick(0, 3) == 0) add_link(net.links, start + i, pick(0, 1) ? home : other, cost());
    }
    add_link(net.links, start, home, cost());
    start += size;
  }
  for (int d = 0; d < 300; ++d) net.demands.add(pick(cores, nodes - 1), pick(0, cores + 20), pick(1, 100), 0);
  net.groups.names = {"designated", "second", "same as designated"};
  for (int e = 0; e < nodes; ++e) {
    const std::uint16_t designated = pick(0, 6) == 0, second = pick(0, 4) == 0;
    net.groups.mask.push_back(static_cast<std::uint16_t>(designated | second << 1 | designated << 2));
  }
  return net;
}

void expect_same(const ExposureReport& a, const ExposureReport& b) {
  EXPECT_EQ(a.groups, b.groups);
  EXPECT_EQ(a.shortest_cost, b.shortest_cost);
  EXPECT_EQ(a.exposed_fraction, b.exposed_fraction);
  EXPECT_EQ(a.avoidability, b.avoidability);
  EXPECT_EQ(a.clean_cost, b.clean_cost);
  EXPECT_EQ(a.total_volume, b.total_volume);
  EXPECT_EQ(a.routed_volume, b.routed_volume);
  EXPECT_EQ(a.routed_demands, b.routed_demands);
  EXPECT_EQ(a.exposed_volume, b.exposed_volume);
  EXPECT_EQ(a.exposed_demands, b.exposed_demands);
  EXPECT_EQ(a.by_avoidability, b.by_avoidability);
  EXPECT_EQ(a.volume_by_avoidability, b.volume_by_avoidability);
  EXPECT_EQ(a.transit_element, b.transit_element);
  EXPECT_EQ(a.transit_volume, b.transit_volume);
}

TEST(ExposureThreads, EveryThreadCountGivesTheOneThreadedReport) {
  for (bool fractional : {false, true}) {
    for (std::uint32_t seed = 1; seed <= 4; ++seed) {
      SCOPED_TRACE(testing::Message() << "seed " << seed << (fractional ? ", fractional costs" : ""));
      const Network net = ring_network(seed, fractional);
      const TopologyGraph graph = build_topology(net.store, net.links, net.demands);
      const ExposureReport serial = analyse_exposure(graph, net.demands, net.groups, {1});
      EXPECT_GT(serial.exposed_demands[0], 0u);  // the case exercises exposure at all
      for (unsigned threads : {2u, 3u, 7u})
        expect_same(serial, analyse_exposure(graph, net.demands, net.groups, {threads}));
    }
  }
}

TEST(ShortestPathsTargets, StopsOnlyAfterEveryTargetAndAgreesWithTheFullSearch) {
  for (bool fractional : {false, true}) {
    const Network net = ring_network(11, fractional);
    const TopologyGraph graph = build_topology(net.store, net.links, net.demands);
    ShortestPaths full(graph), early(graph);
    std::mt19937 rng(3);
    for (int round = 0; round < 50; ++round) {
      const NodeIndex from = std::uniform_int_distribution<NodeIndex>(0, 5)(rng);
      std::vector<NodeIndex> targets;
      for (int i = 0; i < 3; ++i) targets.push_back(std::uniform_int_distribution<NodeIndex>(0, graph.size() - 1)(rng));
      full.run(graph, from);
      early.run(graph, from, {}, targets);
      ASSERT_LE(early.order().size(), full.order().size());
      // The early search's order is a prefix of the full one, with the same distances.
      for (std::size_t i = 0; i < early.order().size(); ++i) {
        ASSERT_EQ(early.order()[i], full.order()[i]);
        ASSERT_EQ(early.dist(early.order()[i]), full.dist(full.order()[i]));
      }
      for (NodeIndex t : targets) EXPECT_EQ(early.dist(t), full.dist(t));
      // Nodes it did not settle are never closer than the last node it settled.
      const double last = early.dist(early.order().back());
      for (NodeIndex u = 0; u < graph.size(); ++u) EXPECT_GE(early.dist(u), std::min(last, full.dist(u)));
    }
  }
}

}  // namespace
}  // namespace kitwatch
