#include "topology/graph_order.h"

namespace kitwatch {
namespace {

// The new order of the original nodes: breadth-first from each root, then from the rest.
std::vector<NodeIndex> breadth_first_order(const TopologyGraph& graph, std::span<const NodeIndex> roots) {
  const std::size_t n = graph.size();
  std::vector<NodeIndex> order;
  order.reserve(n);
  std::vector<std::uint8_t> seen(n, 0);
  const auto visit_from = [&](NodeIndex root) {
    if (seen[root]) return;
    seen[root] = 1;
    order.push_back(root);
    for (std::size_t next = order.size() - 1; next < order.size(); ++next) {
      for (NodeIndex v : graph.neighbours(order[next])) {
        if (seen[v]) continue;
        seen[v] = 1;
        order.push_back(v);
      }
    }
  };
  for (NodeIndex root : roots) visit_from(root);
  for (NodeIndex u = 0; u < n; ++u) visit_from(u);
  return order;
}

}  // namespace

RenumberedGraph renumber_breadth_first(const TopologyGraph& graph, std::span<const NodeIndex> roots) {
  const std::vector<NodeIndex> old_of_new = breadth_first_order(graph, roots);
  RenumberedGraph out;
  out.new_of_old.resize(graph.size());
  for (NodeIndex u = 0; u < old_of_new.size(); ++u) out.new_of_old[old_of_new[u]] = u;
  TopologyGraph& g = out.graph;
  g.store = graph.store;
  g.element.resize(graph.size());
  g.offset.resize(graph.size() + 1);
  g.target.resize(graph.target.size());
  g.cost.resize(graph.cost.size());
  std::uint64_t at = 0;
  for (NodeIndex u = 0; u < old_of_new.size(); ++u) {
    const NodeIndex old = old_of_new[u];
    g.element[u] = graph.element[old];
    g.offset[u] = at;
    const auto next = graph.neighbours(old);
    const auto cost = graph.costs(old);
    for (std::size_t i = 0; i < next.size(); ++i, ++at) {
      g.target[at] = out.new_of_old[next[i]];
      g.cost[at] = cost[i];
    }
  }
  g.offset[graph.size()] = at;
  return out;
}

}  // namespace kitwatch
