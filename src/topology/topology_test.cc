// Hand-checked cases for each topology analysis, the graph's handling of odd input, and parallel
// runs giving the same bytes as serial ones.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "topology/topology.h"
#include "topology/topology_test_util.h"

namespace kitwatch {
namespace {

using topology_test::add_link;
using topology_test::make_store;
using topology_test::single_group;
using topology_test::TestElement;

// s branches to a and b; a branches again to c and d; every path costs 3. Only c is designated,
// so a quarter of the volume visits it: 1/2 at s, then 1/2 at a.
struct TwoBranches {
  ElementStore store = make_store({{"s"}, {"a"}, {"b"}, {"c"}, {"d"}, {"e"}, {"t", Function::kCore}});
  LinkTable links;
  DemandTable demands;
  std::vector<std::uint8_t> designated = {0, 0, 0, 1, 0, 0, 0};
  TwoBranches() {
    for (auto [x, y] : {std::pair{0, 1}, {0, 2}, {1, 3}, {1, 4}, {3, 6}, {4, 6}, {2, 5}, {5, 6}}) add_link(links, x, y);
    demands.add(0, 6, 100, 2);
  }
};

TEST(TopologyExposure, SplitsEquallyAtTwoSuccessiveBranchPoints) {
  TwoBranches net;
  const TopologyGraph graph = build_topology(net.store, net.links, net.demands);
  const ExposureReport r = analyse_exposure(graph, net.demands, single_group(net.designated), {1});
  EXPECT_DOUBLE_EQ(r.fraction(0, 0), 0.25);
  EXPECT_DOUBLE_EQ(r.shortest_cost[0], 3);
  EXPECT_DOUBLE_EQ(r.exposed_volume[0], 25);
  EXPECT_DOUBLE_EQ(r.share(0), 0.25);
  ASSERT_EQ(r.transit_element.size(), 1u);
  EXPECT_DOUBLE_EQ(r.transit_volume[0], 25);
  EXPECT_EQ(r.avoidability[0], Avoidability::kAvoidable);  // the path through d or b is clean
  EXPECT_DOUBLE_EQ(r.clean_cost[0], 3);
}

TEST(TopologyExposure, DesignatedEndpointExposesEverythingAndIsUnavoidable) {
  TwoBranches net;
  net.designated = {0, 0, 0, 0, 0, 0, 1};
  const TopologyGraph graph = build_topology(net.store, net.links, net.demands);
  const ExposureReport r = analyse_exposure(graph, net.demands, single_group(net.designated), {1});
  EXPECT_DOUBLE_EQ(r.fraction(0, 0), 1.0);
  EXPECT_EQ(r.avoidability[0], Avoidability::kUnavoidableEndpoint);
}

TEST(TopologyAvoidability, ReportsTheStretchOfTheBestCleanPath) {
  // s - m - t costs 2 through designated m; s - x - y - t costs 3 and is clean.
  ElementStore store = make_store({{"s"}, {"m"}, {"t"}, {"x"}, {"y"}});
  LinkTable links;
  for (auto [a, b] : {std::pair{0, 1}, {1, 2}, {0, 3}, {3, 4}, {4, 2}}) add_link(links, a, b);
  DemandTable demands;
  demands.add(0, 2, 10, 2);
  const TopologyGraph graph = build_topology(store, links, demands);
  ExposureReport r = analyse_exposure(graph, demands, single_group({0, 1, 0, 0, 0}), {1});
  EXPECT_EQ(r.avoidability[0], Avoidability::kAvoidable);
  EXPECT_DOUBLE_EQ(r.clean_cost[0] / r.shortest_cost[0], 1.5);
  r = analyse_exposure(graph, demands, single_group({0, 1, 0, 1, 0}), {1});
  EXPECT_EQ(r.avoidability[0], Avoidability::kUnavoidable);
}

TEST(TopologyGraphBuild, MergesParallelLinksIgnoresSelfLoopsAndAddsUplinks) {
  ElementStore store = make_store({{"a"}, {"b"}, {"c", Function::kAccess, "b"}, {"cpe", Function::kCpe, "c"}});
  LinkTable links;
  add_link(links, 0, 1, 5);
  add_link(links, 1, 0, 2);  // parallel, cheaper: kept
  add_link(links, 0, 0);     // self-loop
  DemandTable demands;
  demands.add(0, 2, 1, 2);  // makes c a graph node; its uplink b joins by an implicit link
  const TopologyGraph g = build_topology(store, links, demands);
  EXPECT_EQ(g.report.parallel_links, 1u);
  EXPECT_EQ(g.report.self_loops, 1u);
  EXPECT_EQ(g.report.uplink_links, 1u);
  EXPECT_EQ(g.size(), 3u);
  EXPECT_EQ(g.report.hanging_elements, 1u);
  ASSERT_EQ(g.neighbours(0).size(), 1u);
  EXPECT_EQ(g.costs(0)[0], 2);
}

TEST(TopologyGraphBuild, ReportsUplinkLoopsAndDisconnectedParts) {
  ElementStore store = make_store({{"core", Function::kCore},
                                   {"x", Function::kCpe, "y"},
                                   {"y", Function::kCpe, "x"},
                                   {"z", Function::kCpe, "x"},
                                   {"lone"}});
  const TopologyGraph g = build_topology(store, {}, {});
  EXPECT_EQ(g.report.uplink_loops, 3u);
  EXPECT_EQ(g.report.unattached_elements, 4u);  // the loop, z below it, and lone
  const LossReport r = analyse_loss(g, {}, std::vector<std::uint8_t>(5, 0), "nothing");
  EXPECT_EQ(r.cut_off_total.count, 4);  // all but the core: no path to it
  EXPECT_EQ(r.cut_off_before_total.count, 4);
}

// A chain core - agg - acc1 - acc2 - ran, with CPE hanging off acc1 (one) and acc2 (two).
struct Chain {
  ElementStore store = make_store({{"core", Function::kCore},
                                   {"agg", Function::kAggregation},
                                   {"acc1", Function::kAccess},
                                   {"acc2", Function::kAccess, "", 0},
                                   {"ran", Function::kRan, "", 500},
                                   {"cpe1", Function::kCpe, "acc1", 1},
                                   {"cpe2", Function::kCpe, "acc2", 1},
                                   {"cpe3", Function::kCpe, "acc2", 1}});
  LinkTable links;
  DemandTable demands;
  std::vector<std::uint8_t> designated = {0, 0, 1, 0, 0, 0, 0, 0};
  Chain() {
    for (auto [a, b] : {std::pair{0, 1}, {1, 2}, {2, 3}, {3, 4}}) add_link(links, a, b);
    demands.add(4, 0, 7, 2);  // ran → core, through acc1
    demands.add(1, 0, 3, 3);  // agg → core, clear of acc1
  }
};

TEST(TopologyLoss, CutsOffEverythingBeyondTheLostNodeWithItsCpe) {
  Chain net;
  const TopologyGraph g = build_topology(net.store, net.links, net.demands);
  const LossReport r = analyse_loss(g, net.demands, net.designated, "designated");
  EXPECT_EQ(r.removed_total.count, 1);
  EXPECT_EQ(r.cut_off_total.count, 5);  // acc2, ran, cpe1 (its uplink is gone), cpe2, cpe3
  EXPECT_EQ(r.cut_off_total.subscribers, 503);
  EXPECT_EQ(r.cut_off[static_cast<std::size_t>(Function::kCpe)].count, 3);
  EXPECT_EQ(r.demands_disconnected, 1u);
  EXPECT_EQ(r.volume_lost, 7);
  EXPECT_EQ(r.orphaned_components, 2u);  // {acc2, ran, cpe2, cpe3} and {cpe1}
  ASSERT_EQ(r.largest_components.size(), 2u);
  EXPECT_EQ(r.largest_components[0].elements, 4u);
  EXPECT_EQ(r.largest_components[0].graph_nodes, 2u);
}

TEST(TopologyArticulation, RanksDesignatedCutVerticesByWhatTheySeparate) {
  Chain net;
  net.designated = {0, 1, 1, 0, 0, 0, 0, 0};
  const TopologyGraph g = build_topology(net.store, net.links, net.demands);
  const ArticulationReport r = analyse_articulation(g, net.demands, net.designated);
  EXPECT_EQ(r.articulation_points, 3u);  // agg, acc1, acc2; core and ran are ends of the chain
  ASSERT_EQ(r.designated_points.size(), 2u);
  // agg separates acc1, acc2, ran and three CPE (503 subscribers) and both demands' ends.
  EXPECT_EQ(net.store.id_of(r.designated_points[0].element), "agg");
  EXPECT_EQ(r.designated_points[0].elements_separated, 6u);
  EXPECT_EQ(r.designated_points[0].subscribers_separated, 503);
  EXPECT_EQ(r.designated_points[0].demands_separated, 2u);
  EXPECT_EQ(r.designated_points[0].volume_separated, 10);
  EXPECT_EQ(net.store.id_of(r.designated_points[1].element), "acc1");
  EXPECT_EQ(r.designated_points[1].elements_separated, 5u);
  EXPECT_EQ(r.designated_points[1].volume_separated, 7);
}

TEST(TopologyParallel, ManyThreadsGiveTheSameBytesAsOne) {
  std::mt19937 rng(7);
  std::vector<TestElement> elements;
  const int n = 3000;
  for (int i = 0; i < n; ++i)
    elements.push_back({"n" + std::to_string(i), i < 40 ? Function::kCore : Function::kAccess});
  ElementStore store = make_store(elements);
  LinkTable links;
  std::uniform_int_distribution<int> node(0, n - 1), cost(1, 3);
  for (int i = 0; i < n; ++i) add_link(links, i, (i + 1) % n, cost(rng));
  for (int i = 0; i < 2 * n; ++i) add_link(links, node(rng), node(rng), cost(rng));
  DemandTable demands;
  for (int i = 0; i < 2000; ++i) demands.add(node(rng), node(rng) % 40, cost(rng) * 10.5, 0);
  std::vector<std::uint8_t> designated(n);
  for (auto& d : designated) d = std::bernoulli_distribution(0.2)(rng);
  const TopologyGraph g = build_topology(store, links, demands);
  const ExposureReport one = analyse_exposure(g, demands, single_group(designated), {1});
  const ExposureReport four = analyse_exposure(g, demands, single_group(designated), {4});
  EXPECT_EQ(one.exposed_fraction, four.exposed_fraction);
  EXPECT_EQ(one.transit_volume, four.transit_volume);
  EXPECT_EQ(one.clean_cost, four.clean_cost);
  EXPECT_EQ(one.exposed_volume, four.exposed_volume);
  EXPECT_GT(one.exposed_volume[0], 0);
}

TEST(TopologyDemands, RejectsUnknownEndpointsAndBadVolumesWithTheirLocation) {
  ElementStore store = make_store({{"a"}, {"b"}});
  DemandTable demands;
  IngestReport report;
  const std::string csv = "src,dst,volume\na,b,5\na,zz,1\nb,a,-3\nb,a,\n";
  ASSERT_TRUE(ingest_demands_bytes(csv, "d.csv", {}, store, demands, report).ok());
  EXPECT_EQ(report.rows_read, 4u);
  EXPECT_EQ(report.accepted, 2u);
  EXPECT_EQ(report.rejected, 2u);
  ASSERT_EQ(report.first_errors.size(), 2u);
  EXPECT_EQ(report.first_errors[0].where.to_string(), "d.csv:3:3 (field 'dst')");
  EXPECT_EQ(demands.volume[1], 1);  // an empty volume means 1
  IngestOptions strict;
  strict.strict = true;
  DemandTable again;
  IngestReport r2;
  EXPECT_FALSE(ingest_demands_bytes(csv, "d.csv", strict, store, again, r2).ok());
}

}  // namespace
}  // namespace kitwatch
