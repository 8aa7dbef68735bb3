// Topology analyses on a national-shaped synthetic network (rings dual-homed to an aggregation
// layer over a core mesh, integer costs 1-3, demands from 200 aggregation nodes to every core node).
// Sizes: Arg(0) = infrastructure nodes; 500000 is the reference workload's size.
#include <benchmark/benchmark.h>

#include <map>
#include <memory>
#include <random>
#include <string>

#include "topology/topology.h"

namespace kitwatch {
namespace {

struct Network {
  ElementStore store;
  LinkTable links;
  DemandTable demands;
  std::vector<std::uint8_t> designated;
  NodeGroups groups;
  std::unique_ptr<TopologyGraph> graph;
};

void link(Network& n, std::uint32_t a, std::uint32_t b, std::mt19937& rng) {
  static const double kCosts[] = {1, 1, 1, 2, 3};
  n.links.a.push_back(a);
  n.links.b.push_back(b);
  n.links.cost.push_back(kCosts[rng() % 5]);
  n.links.capacity.push_back(0);
}

const Network& network(std::uint32_t nodes) {
  static std::map<std::uint32_t, std::unique_ptr<Network>> cache;
  auto& slot = cache[nodes];
  if (slot) return *slot;
  slot = std::make_unique<Network>();
  Network& n = *slot;
  std::mt19937 rng(1);
  const std::uint32_t core = 50, agg = 2000;
  for (std::uint32_t i = 0; i < nodes; ++i) {
    ElementRow row;
    const std::string id = "n" + std::to_string(i);
    row.id = id;
    row.function = i < core ? Function::kCore : i < core + agg ? Function::kAggregation : Function::kAccess;
    n.store.append(row);
    n.designated.push_back(rng() % 100 < 15);
  }
  n.store.link_uplinks();
  for (std::uint32_t a = 0; a < core; ++a)
    for (std::uint32_t b = a + 1; b < core; ++b) link(n, a, b, rng);
  for (std::uint32_t i = core; i < core + agg; ++i) {
    link(n, i, core + (i - core + 1) % agg, rng);
    if (i % 5 == 0) link(n, i, rng() % core, rng);
  }
  for (std::uint32_t start = core + agg; start < nodes; start += 10) {  // rings of 10, dual-homed
    const std::uint32_t end = std::min(nodes, start + 10), home = core + rng() % agg;
    for (std::uint32_t i = start; i < end; ++i) {
      link(n, i, i + 1 < end ? i + 1 : start, rng);
      link(n, i, home, rng);
    }
  }
  for (std::uint32_t s = 0; s < 200; ++s)
    for (std::uint32_t t = 0; t < core; ++t) n.demands.add(core + s * 7, t, 1 + rng() % 1000, 0);
  n.groups.names = {"designated"};
  n.groups.mask.assign(n.designated.begin(), n.designated.end());
  n.graph = std::make_unique<TopologyGraph>(build_topology(n.store, n.links, n.demands));
  return n;
}

void BM_TopologyExposure(benchmark::State& state) {
  const Network& n = network(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) {
    ExposureReport r = analyse_exposure(*n.graph, n.demands, n.groups, {static_cast<unsigned>(state.range(1))});
    benchmark::DoNotOptimize(r.exposed_volume);
  }
  state.counters["links"] = static_cast<double>(n.links.size());
}
BENCHMARK(BM_TopologyExposure)->Args({50000, 1})->Args({500000, 1})->Args({500000, 2})->Unit(benchmark::kMillisecond);

void BM_TopologySupplierLoss(benchmark::State& state) {
  const Network& n = network(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(analyse_loss(*n.graph, n.demands, n.designated, "designated"));
}
BENCHMARK(BM_TopologySupplierLoss)->Arg(500000)->Unit(benchmark::kMillisecond);

void BM_TopologyArticulation(benchmark::State& state) {
  const Network& n = network(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(analyse_articulation(*n.graph, n.demands, n.designated));
}
BENCHMARK(BM_TopologyArticulation)->Arg(500000)->Unit(benchmark::kMillisecond);

void BM_TopologyBuildGraph(benchmark::State& state) {
  const Network& n = network(static_cast<std::uint32_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(build_topology(n.store, n.links, n.demands));
}
BENCHMARK(BM_TopologyBuildGraph)->Arg(500000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kitwatch
