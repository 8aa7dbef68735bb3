// Building the routing graph (CSR) and the hanging forest from elements, links and demands.
#include <algorithm>
#include <numeric>

#include "topology/topology.h"

namespace kitwatch {
namespace {

struct Entry {
  NodeIndex to;
  double cost, capacity;
};

// Marks graph elements: link and demand endpoints and core elements, then closes the set under
// uplink so that a graph node's uplink is always a graph node.
std::vector<std::uint8_t> graph_elements(const ElementStore& store, const LinkTable& links,
                                         const DemandTable& demands) {
  std::vector<std::uint8_t> is_node(store.size(), 0);
  for (std::size_t i = 0; i < links.size(); ++i) is_node[links.a[i]] = is_node[links.b[i]] = 1;
  for (std::size_t d = 0; d < demands.size(); ++d) is_node[demands.src[d]] = is_node[demands.dst[d]] = 1;
  for (std::size_t e = 0; e < store.size(); ++e) {
    if (store.function[e] == Function::kCore) is_node[e] = 1;
  }
  for (std::size_t e = 0; e < store.size(); ++e) {
    if (!is_node[e]) continue;
    // Each step marks a new element, so the walks are linear in total.
    for (ElementIndex up = store.uplink[e]; up != kNoElement && !is_node[up]; up = store.uplink[up]) is_node[up] = 1;
  }
  return is_node;
}

// Sorts each row by neighbour and merges parallel entries (lowest cost, capacities summed).
void merge_rows(std::vector<std::uint64_t>& offset, std::vector<Entry>& entries, TopologyGraph& g) {
  std::uint64_t out = 0;
  std::uint64_t merged = 0;
  for (std::size_t u = 0; u + 1 < offset.size(); ++u) {
    const auto begin = entries.begin() + static_cast<std::ptrdiff_t>(offset[u]);
    const auto end = entries.begin() + static_cast<std::ptrdiff_t>(offset[u + 1]);
    std::sort(begin, end, [](const Entry& x, const Entry& y) { return x.to != y.to ? x.to < y.to : x.cost < y.cost; });
    offset[u] = out;
    for (auto it = begin; it != end; ++it) {
      if (out > offset[u] && g.target[out - 1] == it->to) {
        g.capacity[out - 1] += it->capacity;  // sorted by cost: the first one kept is the cheapest
        ++merged;
        continue;
      }
      g.target[out] = it->to;
      g.cost[out] = it->cost;
      g.capacity[out] = it->capacity;
      ++out;
    }
  }
  offset.back() = out;
  g.target.resize(out);
  g.cost.resize(out);
  g.capacity.resize(out);
  g.report.parallel_links = merged / 2;  // each undirected link appears in two rows
}

void build_rows(const ElementStore& store, const LinkTable& links, TopologyGraph& g) {
  std::vector<std::pair<NodeIndex, NodeIndex>> ends;
  std::vector<std::pair<double, double>> weights;
  ends.reserve(links.size());
  for (std::size_t i = 0; i < links.size(); ++i) {
    if (links.a[i] == links.b[i]) {
      ++g.report.self_loops;
      continue;
    }
    ends.emplace_back(g.node[links.a[i]], g.node[links.b[i]]);
    weights.emplace_back(links.cost[i], links.capacity[i]);
  }
  for (NodeIndex u = 0; u < g.size(); ++u) {
    const ElementIndex up = store.uplink[g.element[u]];
    if (up == kNoElement || up == g.element[u]) continue;
    ends.emplace_back(u, g.node[up]);
    weights.emplace_back(1.0, 0.0);
    ++g.report.uplink_links;
  }
  std::vector<std::uint64_t> offset(g.size() + 1, 0);
  for (const auto& [a, b] : ends) ++offset[a + 1], ++offset[b + 1];
  std::partial_sum(offset.begin(), offset.end(), offset.begin());
  std::vector<Entry> entries(offset.back());
  std::vector<std::uint64_t> fill(offset.begin(), offset.end() - 1);
  for (std::size_t i = 0; i < ends.size(); ++i) {
    const auto [a, b] = ends[i];
    entries[fill[a]++] = Entry{b, weights[i].first, weights[i].second};
    entries[fill[b]++] = Entry{a, weights[i].first, weights[i].second};
  }
  g.target.resize(entries.size());
  g.cost.resize(entries.size());
  g.capacity.resize(entries.size());
  merge_rows(offset, entries, g);
  g.offset = std::move(offset);
}

// Orders hanging elements parents first and finds the graph node each chain reaches. A chain that
// loops is walked once: everything on it or below it is unattached and left out of the order.
void build_hanging(const ElementStore& store, TopologyGraph& g) {
  enum : std::uint8_t { kTodo, kWalking, kDone, kLoop };
  std::vector<std::uint8_t> state(store.size(), kTodo);
  g.attach.assign(store.size(), kNoNode);
  std::vector<ElementIndex> path;
  for (ElementIndex e = 0; e < store.size(); ++e) {
    if (g.node[e] != kNoNode || state[e] != kTodo) continue;
    path.clear();
    ElementIndex x = e;
    while (x != kNoElement && g.node[x] == kNoNode && state[x] == kTodo) {
      state[x] = kWalking;
      path.push_back(x);
      x = store.uplink[x];
    }
    const bool loop = x != kNoElement && g.node[x] == kNoNode && (state[x] == kWalking || state[x] == kLoop);
    NodeIndex root = kNoNode;
    if (!loop && x != kNoElement) root = g.node[x] != kNoNode ? g.node[x] : g.attach[x];
    for (auto it = path.rbegin(); it != path.rend(); ++it) {
      state[*it] = loop ? kLoop : kDone;
      g.attach[*it] = root;
      if (!loop) g.hanging_order.push_back(*it);
    }
    g.report.hanging_elements += path.size();
    if (loop) g.report.uplink_loops += path.size();
    if (root == kNoNode) g.report.unattached_elements += path.size();
  }
}

std::uint64_t count_components(const TopologyGraph& g) {
  std::vector<std::uint8_t> seen(g.size(), 0);
  std::vector<NodeIndex> stack;
  std::uint64_t components = 0;
  for (NodeIndex s = 0; s < g.size(); ++s) {
    if (seen[s]) continue;
    ++components;
    seen[s] = 1;
    stack.push_back(s);
    while (!stack.empty()) {
      const NodeIndex u = stack.back();
      stack.pop_back();
      for (NodeIndex v : g.neighbours(u)) {
        if (!seen[v]) seen[v] = 1, stack.push_back(v);
      }
    }
  }
  return components;
}

}  // namespace

TopologyGraph build_topology(const ElementStore& store, const LinkTable& links, const DemandTable& demands) {
  TopologyGraph g;
  g.store = &store;
  g.report.links = links.size();
  const std::vector<std::uint8_t> is_node = graph_elements(store, links, demands);
  g.node.assign(store.size(), kNoNode);
  for (ElementIndex e = 0; e < store.size(); ++e) {
    if (!is_node[e]) continue;
    g.node[e] = static_cast<NodeIndex>(g.element.size());
    g.element.push_back(e);
  }
  build_rows(store, links, g);
  build_hanging(store, g);
  g.report.components = count_components(g);
  return g;
}

}  // namespace kitwatch
