#include "topology/shortest_paths.h"

#include <algorithm>
#include <functional>

namespace kitwatch {

void ShortestPaths::run(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked) {
  for (NodeIndex u : order_) dist_[u] = kUnreachable;
  order_.clear();
  heap_.clear();
  const auto later = std::greater<std::pair<double, NodeIndex>>();
  dist_[from] = 0;
  heap_.emplace_back(0.0, from);
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const auto [d, u] = heap_.back();
    heap_.pop_back();
    if (d > dist_[u]) continue;  // a stale entry: u was settled closer
    order_.push_back(u);
    const auto next = graph.neighbours(u);
    const auto cost = graph.costs(u);
    for (std::size_t i = 0; i < next.size(); ++i) {
      const NodeIndex v = next[i];
      const double dv = d + cost[i];
      if (dv >= dist_[v] || (!blocked.empty() && blocked[v])) continue;
      dist_[v] = dv;
      heap_.emplace_back(dv, v);
      std::push_heap(heap_.begin(), heap_.end(), later);
    }
  }
}

}  // namespace kitwatch
