// Every analysis against a deliberately naive reference on thousands of small random networks:
// Floyd–Warshall and path enumeration for ECMP fractions and transit, simple-path enumeration for
// avoidability, breadth-first search after brute-force removal for loss and articulation points.
// The reference works on the whole element graph (links and every uplink as edges) and shares no
// code with the engine.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <random>

#include "topology/topology.h"
#include "topology/topology_test_util.h"

namespace kitwatch {
namespace {

using topology_test::add_link;
using topology_test::make_store;
using topology_test::TestElement;
constexpr double kInf = std::numeric_limits<double>::infinity();

struct RandomNetwork {
  ElementStore store;
  LinkTable links;
  DemandTable demands;
  std::vector<std::uint8_t> designated, second;  // two groups
};

RandomNetwork random_network(std::mt19937& rng) {
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  auto chance = [&](double p) { return std::bernoulli_distribution(p)(rng); };
  RandomNetwork net;
  const int infra = pick(1, 8), hanging = pick(0, 4);
  std::vector<TestElement> elements;
  for (int i = 0; i < infra; ++i) {
    elements.push_back(
        {"n" + std::to_string(i), chance(0.3) ? Function::kCore : Function::kAccess, "", double(pick(0, 3))});
  }
  for (int i = 0; i < hanging; ++i) {  // uplinks point to earlier elements, so chains never loop
    const int up = pick(-1, infra + i - 1);
    elements.push_back({"c" + std::to_string(i), Function::kCpe, up < 0 ? "" : elements[up].id, double(pick(0, 3))});
  }
  net.store = make_store(elements);
  const int n = infra + hanging;
  for (int m = pick(0, 12); m > 0; --m) {
    static const double kCosts[] = {1, 1, 1, 2, 2, 3, 0.5, 1.5};
    add_link(net.links, pick(0, infra - 1), pick(0, infra - 1), kCosts[pick(0, 7)]);
  }
  for (int d = pick(0, 6); d > 0; --d) {
    const int hi = chance(0.1) ? n - 1 : infra - 1;  // now and then a demand to a hanging element
    net.demands.add(pick(0, hi), pick(0, hi), pick(0, 10), 0);
  }
  for (int e = 0; e < n; ++e) {
    net.designated.push_back(chance(0.3));
    net.second.push_back(chance(0.3));
  }
  return net;
}

// The reference: the whole element graph as an adjacency matrix of cheapest link costs.
struct Naive {
  std::size_t n;
  std::vector<std::vector<double>> cost, dist;
  std::vector<std::uint8_t> core;
  std::vector<double> subs;

  explicit Naive(const RandomNetwork& net) : n(net.store.size()) {
    cost.assign(n, std::vector<double>(n, kInf));
    for (std::size_t i = 0; i < net.links.size(); ++i) {
      const auto a = net.links.a[i], b = net.links.b[i];
      if (a == b) continue;
      cost[a][b] = cost[b][a] = std::min(cost[a][b], net.links.cost[i]);
    }
    for (std::size_t e = 0; e < n; ++e) {
      const ElementIndex up = net.store.uplink[e];
      if (up != kNoElement && up != e) cost[e][up] = cost[up][e] = std::min(cost[e][up], 1.0);
      core.push_back(net.store.function[e] == Function::kCore);
      subs.push_back(net.store.subscribers[e]);
    }
    dist = cost;
    for (std::size_t i = 0; i < n; ++i) dist[i][i] = 0;
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j) dist[i][j] = std::min(dist[i][j], dist[i][k] + dist[k][j]);
  }

  // Walks every shortest path from u to t with its ECMP probability.
  void enumerate(std::size_t u, std::size_t t, double prob, std::vector<std::size_t>& path,
                 const std::function<void(const std::vector<std::size_t>&, double)>& visit) const {
    path.push_back(u);
    if (u == t) {
      visit(path, prob);
    } else {
      std::vector<std::size_t> hops;
      for (std::size_t v = 0; v < n; ++v) {
        if (cost[u][v] != kInf && cost[u][v] + dist[v][t] == dist[u][t]) hops.push_back(v);
      }
      for (std::size_t v : hops) enumerate(v, t, prob / static_cast<double>(hops.size()), path, visit);
    }
    path.pop_back();
  }

  // The cheapest simple path from s to t whose interior avoids flagged nodes.
  double clean_cost(std::size_t s, std::size_t t, const std::vector<std::uint8_t>& flagged) const {
    double best = kInf;
    std::vector<std::uint8_t> on(n, 0);
    std::function<void(std::size_t, double)> walk = [&](std::size_t u, double c) {
      if (u == t) {
        best = std::min(best, c);
        return;
      }
      on[u] = 1;
      for (std::size_t v = 0; v < n; ++v) {
        if (cost[u][v] == kInf || on[v] || (v != t && flagged[v])) continue;
        walk(v, c + cost[u][v]);
      }
      on[u] = 0;
    };
    walk(s, 0);
    return best;
  }

  // Component label per element after removing flagged ones (-1 for removed).
  std::vector<int> components(const std::vector<std::uint8_t>& removed) const {
    std::vector<int> label(n, -1);
    int next = 0;
    for (std::size_t s = 0; s < n; ++s) {
      if (label[s] != -1 || removed[s]) continue;
      std::vector<std::size_t> stack{s};
      label[s] = next;
      while (!stack.empty()) {
        const std::size_t u = stack.back();
        stack.pop_back();
        for (std::size_t v = 0; v < n; ++v) {
          if (cost[u][v] != kInf && label[v] == -1 && !removed[v]) label[v] = next, stack.push_back(v);
        }
      }
      ++next;
    }
    return label;
  }
  // 1 for elements (not removed) with no path to a remaining core element.
  std::vector<std::uint8_t> cut_off(const std::vector<std::uint8_t>& removed) const {
    const std::vector<int> label = components(removed);
    std::vector<std::uint8_t> core_label(n, 0), out(n, 0);
    for (std::size_t e = 0; e < n; ++e) {
      if (core[e] && label[e] >= 0) core_label[label[e]] = 1;
    }
    for (std::size_t e = 0; e < n; ++e) out[e] = label[e] >= 0 && !core_label[label[e]];
    return out;
  }
};

void check_exposure(const RandomNetwork& net, const Naive& ref, const TopologyGraph& graph) {
  NodeGroups groups;
  groups.names = {"designated", "second"};
  for (std::size_t e = 0; e < net.store.size(); ++e) groups.mask.push_back(net.designated[e] | (net.second[e] << 1));
  const ExposureReport r = analyse_exposure(graph, net.demands, groups, {1});
  std::vector<double> transit(net.store.size(), 0);
  for (std::size_t d = 0; d < net.demands.size(); ++d) {
    const std::size_t s = net.demands.src[d], t = net.demands.dst[d];
    SCOPED_TRACE(testing::Message() << "demand " << d << " " << s << "->" << t);
    if (ref.dist[s][t] == kInf) {
      EXPECT_EQ(r.avoidability[d], Avoidability::kNotRouted);
      continue;
    }
    EXPECT_DOUBLE_EQ(r.shortest_cost[d], ref.dist[s][t]);
    double frac[2] = {0, 0};
    std::vector<std::size_t> path;
    ref.enumerate(s, t, 1.0, path, [&](const std::vector<std::size_t>& p, double prob) {
      bool hit[2] = {false, false};
      for (std::size_t u : p)
        hit[0] |= net.designated[u] != 0, hit[1] |= net.second[u] != 0, transit[u] += prob * net.demands.volume[d];
      for (int g = 0; g < 2; ++g) frac[g] += hit[g] ? prob : 0;
    });
    EXPECT_NEAR(r.fraction(d, 0), frac[0], 1e-12);
    EXPECT_NEAR(r.fraction(d, 1), frac[1], 1e-12);
    Avoidability want = Avoidability::kNotExposed;
    if (net.designated[s] || net.designated[t]) {
      want = Avoidability::kUnavoidableEndpoint;
    } else if (frac[0] > 0) {
      const double clean = ref.clean_cost(s, t, net.designated);
      want = clean == kInf ? Avoidability::kUnavoidable : Avoidability::kAvoidable;
      if (clean != kInf) {
        EXPECT_DOUBLE_EQ(r.clean_cost[d], clean);
      }
    }
    EXPECT_EQ(r.avoidability[d], want);
  }
  for (std::size_t i = 0; i < r.transit_element.size(); ++i) {
    EXPECT_NEAR(r.transit_volume[i], transit[r.transit_element[i]], 1e-9) << "node " << r.transit_element[i];
  }
}

void check_loss(const RandomNetwork& net, const Naive& ref, const TopologyGraph& graph) {
  const LossReport r = analyse_loss(graph, net.demands, net.designated, "designated", 1000);
  const std::vector<std::uint8_t> cut = ref.cut_off(net.designated);
  const std::vector<std::uint8_t> none(ref.n, 0);
  const std::vector<std::uint8_t> cut_before = ref.cut_off(none);
  Measures want, want_before;
  for (std::size_t e = 0; e < ref.n; ++e) {
    if (cut[e]) want.add(0, ref.subs[e]);
    if (cut[e] && cut_before[e]) want_before.add(0, ref.subs[e]);
  }
  EXPECT_EQ(r.cut_off_total.count, want.count);
  EXPECT_EQ(r.cut_off_total.subscribers, want.subscribers);
  EXPECT_EQ(r.cut_off_before_total.count, want_before.count);
  const std::vector<int> label = ref.components(net.designated);
  std::uint64_t lost = 0;
  for (std::size_t d = 0; d < net.demands.size(); ++d) {
    const int ls = label[net.demands.src[d]], lt = label[net.demands.dst[d]];
    lost += ls < 0 || lt < 0 || ls != lt;
  }
  EXPECT_EQ(r.demands_disconnected, lost);
  std::vector<std::uint64_t> sizes(ref.n, 0), got;
  for (std::size_t e = 0; e < ref.n; ++e) {
    if (cut[e]) ++sizes[label[e]];
  }
  sizes.erase(std::remove(sizes.begin(), sizes.end(), 0u), sizes.end());
  std::sort(sizes.rbegin(), sizes.rend());
  for (const OrphanedComponent& c : r.largest_components) got.push_back(c.elements);
  EXPECT_EQ(got, sizes);
  EXPECT_EQ(r.orphaned_components, sizes.size());
}

void check_articulation(const RandomNetwork& net, const Naive& ref, const TopologyGraph& graph) {
  const ArticulationReport r = analyse_articulation(graph, net.demands, net.designated);
  const std::vector<std::uint8_t> none(ref.n, 0);
  const std::vector<int> base = ref.components(none);
  const int base_count = *std::max_element(base.begin(), base.end()) + 1;
  const std::vector<std::uint8_t> cut_before = ref.cut_off(none);
  std::uint64_t points = 0;
  std::vector<ArticulationPoint> want;
  for (std::size_t v = 0; v < ref.n; ++v) {
    std::vector<std::uint8_t> removed(ref.n, 0);
    removed[v] = 1;
    const std::vector<int> label = ref.components(removed);
    const int count = *std::max_element(label.begin(), label.end()) + 1;
    if (count <= base_count) continue;
    ++points;
    if (!net.designated[v]) continue;
    ArticulationPoint p{static_cast<ElementIndex>(v), 0, 0, 0, 0};
    const std::vector<std::uint8_t> cut = ref.cut_off(removed);
    for (std::size_t e = 0; e < ref.n; ++e) {
      if (cut[e] && !cut_before[e]) ++p.elements_separated, p.subscribers_separated += ref.subs[e];
    }
    for (std::size_t d = 0; d < net.demands.size(); ++d) {
      const std::size_t s = net.demands.src[d], t = net.demands.dst[d];
      if (base[s] != base[t]) continue;
      if (label[s] < 0 || label[t] < 0 || label[s] != label[t])
        ++p.demands_separated, p.volume_separated += net.demands.volume[d];
    }
    want.push_back(p);
  }
  EXPECT_EQ(r.articulation_points, points);
  ASSERT_EQ(r.designated_points.size(), want.size());
  std::sort(want.begin(), want.end(), [](const auto& x, const auto& y) { return x.element < y.element; });
  std::vector<ArticulationPoint> got = r.designated_points;
  std::sort(got.begin(), got.end(), [](const auto& x, const auto& y) { return x.element < y.element; });
  for (std::size_t i = 0; i < want.size(); ++i) {
    SCOPED_TRACE(testing::Message() << "point " << want[i].element);
    EXPECT_EQ(got[i].element, want[i].element);
    EXPECT_EQ(got[i].elements_separated, want[i].elements_separated);
    EXPECT_EQ(got[i].subscribers_separated, want[i].subscribers_separated);
    EXPECT_EQ(got[i].demands_separated, want[i].demands_separated);
    EXPECT_EQ(got[i].volume_separated, want[i].volume_separated);
  }
}

TEST(TopologyProperty, AgreesWithNaiveReferenceOnRandomNetworks) {
  std::mt19937 rng(20240605);
  for (int round = 0; round < 3000; ++round) {
    SCOPED_TRACE(testing::Message() << "round " << round);
    const RandomNetwork net = random_network(rng);
    const Naive ref(net);
    const TopologyGraph graph = build_topology(net.store, net.links, net.demands);
    check_exposure(net, ref, graph);
    check_loss(net, ref, graph);
    check_articulation(net, ref, graph);
    if (HasFailure()) break;  // one failing network is enough to debug
  }
}

}  // namespace
}  // namespace kitwatch
