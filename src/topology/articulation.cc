// Articulation points of the graph with every element a node (links and uplinks as edges), and
// for designated ones what each alone separates. Graph nodes are handled by Tarjan's low-link
// DFS on the routing graph; hanging elements form trees, so their part is counted directly:
// a hanging element is a cut vertex exactly when it has a child and an uplink (or two children).
#include <algorithm>
#include <bit>

#include "topology/topology.h"

namespace kitwatch {
namespace {

constexpr std::uint32_t kUnvisited = 0xFFFFFFFFu;

struct DfsTree {
  std::vector<std::uint32_t> disc, low;  // disc is the preorder number (kUnvisited if not reached)
  std::vector<NodeIndex> parent;         // kNoNode for roots
  std::vector<NodeIndex> preorder;
  std::vector<std::uint32_t> depth;
};

// A DFS over the graph. With core_root set, a virtual node (index graph.size()) joined to every
// core node is the only root, so a subtree cut off by one node is exactly what loses the core.
DfsTree depth_first(const TopologyGraph& g, const std::vector<NodeIndex>& core, bool core_root) {
  const std::size_t n = g.size() + (core_root ? 1 : 0);
  const NodeIndex virt = core_root ? static_cast<NodeIndex>(g.size()) : kNoNode;
  std::vector<std::uint8_t> is_core(core_root ? g.size() : 0, 0);
  for (NodeIndex c : core) {
    if (core_root) is_core[c] = 1;
  }
  DfsTree t{std::vector<std::uint32_t>(n, kUnvisited),
            std::vector<std::uint32_t>(n, 0),
            std::vector<NodeIndex>(n, kNoNode),
            {},
            std::vector<std::uint32_t>(n, 0)};
  auto neighbour = [&](NodeIndex u, std::size_t i) -> NodeIndex {
    if (u == virt) return i < core.size() ? core[i] : kNoNode;
    if (i < g.degree(u)) return g.target[g.offset[u] + i];
    return (core_root && i == g.degree(u) && is_core[u]) ? virt : kNoNode;
  };
  std::vector<std::pair<NodeIndex, std::size_t>> stack;
  auto visit = [&](NodeIndex v, NodeIndex from) {
    t.disc[v] = t.low[v] = static_cast<std::uint32_t>(t.preorder.size());
    t.parent[v] = from;
    t.depth[v] = from == kNoNode ? 0 : t.depth[from] + 1;
    t.preorder.push_back(v);
    stack.emplace_back(v, 0);
  };
  for (NodeIndex root = core_root ? virt : 0; root < n; ++root) {
    if (t.disc[root] != kUnvisited) continue;
    visit(root, kNoNode);
    while (!stack.empty()) {
      auto& [u, i] = stack.back();
      const NodeIndex v = neighbour(u, i++);
      if (v == kNoNode) {
        const NodeIndex done = u;
        stack.pop_back();
        if (t.parent[done] != kNoNode) t.low[t.parent[done]] = std::min(t.low[t.parent[done]], t.low[done]);
      } else if (t.disc[v] == kUnvisited) {
        visit(v, u);
      } else if (v != t.parent[u]) {
        t.low[u] = std::min(t.low[u], t.disc[v]);
      }
    }
    if (core_root) break;
  }
  return t;
}

// True when child c's subtree loses its way around its parent if the parent goes.
bool separated(const DfsTree& t, NodeIndex c) {
  return t.parent[c] != kNoNode && t.low[c] >= t.disc[t.parent[c]];
}

// Per element: hanging children, and the subscribers and element count hanging below it.
struct HangingBelow {
  std::vector<std::uint32_t> children, count;
  std::vector<double> subscribers;
};

HangingBelow hanging_below(const TopologyGraph& g) {
  const ElementStore& store = *g.store;
  HangingBelow h{std::vector<std::uint32_t>(store.size(), 0), std::vector<std::uint32_t>(store.size(), 0),
                 std::vector<double>(store.size(), 0.0)};
  for (auto it = g.hanging_order.rbegin(); it != g.hanging_order.rend(); ++it) {
    const ElementIndex up = store.uplink[*it];
    if (up == kNoElement) continue;
    ++h.children[up];
    h.count[up] += 1 + h.count[*it];
    h.subscribers[up] += store.subscribers[*it] + h.subscribers[*it];
  }
  return h;
}

// Binary lifting over a DFS forest: ancestors and lowest common ancestors in O(log depth).
class Ancestors {
 public:
  explicit Ancestors(const DfsTree& t) : depth_(t.depth) {
    std::uint32_t max_depth = 0;
    for (std::uint32_t d : t.depth) max_depth = std::max(max_depth, d);
    up_.push_back(t.parent);
    for (std::uint32_t k = 1; (1u << k) <= max_depth; ++k) {
      std::vector<NodeIndex> next(t.parent.size(), kNoNode);
      for (std::size_t u = 0; u < next.size(); ++u) {
        const NodeIndex mid = up_[k - 1][u];
        next[u] = mid == kNoNode ? kNoNode : up_[k - 1][mid];
      }
      up_.push_back(std::move(next));
    }
  }
  NodeIndex at_depth(NodeIndex u, std::uint32_t depth) const {
    for (std::uint32_t diff = depth_[u] - depth, k = 0; diff; diff >>= 1, ++k) {
      if (diff & 1u) u = up_[k][u];
    }
    return u;
  }
  NodeIndex lca(NodeIndex a, NodeIndex b) const {
    if (depth_[a] < depth_[b]) std::swap(a, b);
    a = at_depth(a, depth_[b]);
    if (a == b) return a;
    for (std::size_t k = up_.size(); k-- > 0;) {
      if (up_[k][a] != up_[k][b]) a = up_[k][a], b = up_[k][b];
    }
    return up_[0][a];
  }

 private:
  const std::vector<std::uint32_t>& depth_;
  std::vector<std::vector<NodeIndex>> up_;
};

// Per graph node: the demands (count, volume) whose endpoints its removal alone disconnects.
// Sums over separated child subtrees count demands with exactly one endpoint inside; demands
// whose lowest common ancestor is the node itself are corrected one by one.
struct Separation {
  std::vector<double> volume;
  std::vector<std::int64_t> demands;
};

Separation demand_separation(const TopologyGraph& g, const DemandTable& demands, const DfsTree& t) {
  const std::size_t n = g.size();
  std::vector<double> w(n, 0), b(n, 0);
  std::vector<std::int64_t> wc(n, 0), bc(n, 0);
  Separation sep{std::vector<double>(n, 0), std::vector<std::int64_t>(n, 0)};
  const Ancestors anc(t);
  struct AtLca {
    NodeIndex s, t;
    double volume;
  };
  std::vector<std::vector<AtLca>> at_lca(n);
  auto root_of = [&](NodeIndex u) { return anc.at_depth(u, 0); };
  for (std::size_t d = 0; d < demands.size(); ++d) {
    const NodeIndex s = g.node[demands.src[d]], x = g.node[demands.dst[d]];
    const double v = demands.volume[d];
    if (s == x) {
      sep.volume[s] += v, ++sep.demands[s];
      continue;
    }
    if (root_of(s) != root_of(x)) continue;  // never connected: nothing to separate
    sep.volume[s] += v, ++sep.demands[s], sep.volume[x] += v, ++sep.demands[x];
    w[s] += v, w[x] += v, ++wc[s], ++wc[x];
    const NodeIndex l = anc.lca(s, x);
    b[l] += v, ++bc[l];
    at_lca[l].push_back(AtLca{s, x, v});
  }
  for (auto it = t.preorder.rbegin(); it != t.preorder.rend(); ++it) {
    const NodeIndex c = *it, p = t.parent[c];
    if (p == kNoNode) continue;
    if (separated(t, c)) sep.volume[p] += w[c] - 2 * b[c], sep.demands[p] += wc[c] - 2 * bc[c];
    w[p] += w[c], b[p] += b[c], wc[p] += wc[c], bc[p] += bc[c];
  }
  for (NodeIndex v = 0; v < n; ++v) {
    for (const AtLca& d : at_lca[v]) {
      auto sep_child = [&](NodeIndex x) { return x != v && separated(t, anc.at_depth(x, t.depth[v] + 1)); };
      const bool endpoint = d.s == v || d.t == v;
      // An endpoint demand was counted at v and again in the other end's subtree if separated;
      // a demand between two children is counted in each separated subtree but lost once.
      if ((endpoint && (sep_child(d.s) || sep_child(d.t))) || (!endpoint && sep_child(d.s) && sep_child(d.t))) {
        sep.volume[v] -= d.volume, --sep.demands[v];
      }
    }
  }
  return sep;
}

std::vector<std::uint8_t> graph_cut_vertices(const TopologyGraph& g, const DfsTree& t, const HangingBelow& h) {
  std::vector<std::uint8_t> cut(g.size(), 0);
  std::vector<std::uint32_t> root_children(g.size(), 0);
  for (NodeIndex c = 0; c < g.size(); ++c) {
    const NodeIndex p = t.parent[c];
    if (p == kNoNode) continue;
    if (t.parent[p] == kNoNode) {
      if (++root_children[p] >= 2) cut[p] = 1;
    } else if (separated(t, c)) {
      cut[p] = 1;
    }
  }
  for (NodeIndex u = 0; u < g.size(); ++u) {
    const std::uint32_t hc = h.children[g.element[u]];
    if (hc >= 1 && (g.degree(u) >= 1 || hc >= 2)) cut[u] = 1;
  }
  return cut;
}

// Elements and subscribers each graph node alone cuts off from the core.
// reached[u] is 1 when u is connected to a core node before anything is removed.
void core_separation(const TopologyGraph& g, const HangingBelow& h, std::vector<std::uint64_t>& count,
                     std::vector<double>& subs, std::vector<std::uint8_t>& reached) {
  const ElementStore& store = *g.store;
  std::vector<NodeIndex> core;
  for (NodeIndex u = 0; u < g.size(); ++u) {
    if (store.function[g.element[u]] == Function::kCore) core.push_back(u);
  }
  const DfsTree t = depth_first(g, core, true);
  const std::size_t n = g.size();
  std::vector<double> below_subs(n + 1, 0);
  std::vector<std::uint64_t> below_count(n + 1, 0);
  count.assign(n, 0);
  subs.assign(n, 0);
  reached.assign(n, 0);
  for (NodeIndex u = 0; u < n; ++u) reached[u] = t.disc[u] != kUnvisited;
  for (auto it = t.preorder.rbegin(); it != t.preorder.rend(); ++it) {
    const NodeIndex c = *it, p = t.parent[c];
    if (c == n) continue;
    const ElementIndex e = g.element[c];
    below_subs[c] += store.subscribers[e] + h.subscribers[e];
    below_count[c] += 1 + h.count[e];
    count[c] += h.count[e];
    subs[c] += h.subscribers[e];
    if (p == kNoNode) continue;
    if (p != n && separated(t, c)) count[p] += below_count[c], subs[p] += below_subs[c];
    below_subs[p] += below_subs[c];
    below_count[p] += below_count[c];
  }
}

}  // namespace

ArticulationReport analyse_articulation(const TopologyGraph& graph, const DemandTable& demands,
                                        std::span<const std::uint8_t> designated) {
  const ElementStore& store = *graph.store;
  ArticulationReport r;
  const HangingBelow h = hanging_below(graph);
  const DfsTree plain = depth_first(graph, {}, false);
  const std::vector<std::uint8_t> cut = graph_cut_vertices(graph, plain, h);
  const Separation sep = demand_separation(graph, demands, plain);
  std::vector<std::uint64_t> sep_count;
  std::vector<double> sep_subs;
  std::vector<std::uint8_t> reached;
  core_separation(graph, h, sep_count, sep_subs, reached);
  for (NodeIndex u = 0; u < graph.size(); ++u) {
    if (!cut[u]) continue;
    ++r.articulation_points;
    const ElementIndex e = graph.element[u];
    if (!designated[e]) continue;
    r.designated_points.push_back(
        ArticulationPoint{e, sep_count[u], sep_subs[u], static_cast<std::uint64_t>(sep.demands[u]), sep.volume[u]});
  }
  // A hanging element reaches the core exactly when the graph node its chain reaches does.
  for (ElementIndex e : graph.hanging_order) {
    const std::uint32_t hc = h.children[e];
    if (!((hc >= 1 && store.uplink[e] != kNoElement) || hc >= 2)) continue;
    ++r.articulation_points;
    if (!designated[e]) continue;
    ArticulationPoint p{e, 0, 0, 0, 0};
    if (graph.attach[e] != kNoNode && reached[graph.attach[e]])
      p.elements_separated = h.count[e], p.subscribers_separated = h.subscribers[e];
    r.designated_points.push_back(p);
  }
  std::sort(r.designated_points.begin(), r.designated_points.end(),
            [](const ArticulationPoint& x, const ArticulationPoint& y) {
              if (x.subscribers_separated != y.subscribers_separated)
                return x.subscribers_separated > y.subscribers_separated;
              if (x.volume_separated != y.volume_separated) return x.volume_separated > y.volume_separated;
              return x.element < y.element;
            });
  return r;
}

}  // namespace kitwatch
