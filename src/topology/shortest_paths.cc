#include "topology/shortest_paths.h"

#include <algorithm>
#include <cmath>
#include <functional>

namespace kitwatch {

namespace {
constexpr double kMaxBucketCost = 1024;
}

ShortestPaths::ShortestPaths(const TopologyGraph& graph) : dist_(graph.size(), kUnreachable) {
  double max_cost = 1;
  for (double c : graph.cost) {
    if (!(c >= 1 && c <= kMaxBucketCost && c == std::floor(c))) return;
    max_cost = std::max(max_cost, c);
  }
  max_cost_ = static_cast<std::size_t>(max_cost);
  buckets_.resize(max_cost_ + 1);
}

void ShortestPaths::run(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked) {
  for (NodeIndex u : order_) dist_[u] = kUnreachable;
  order_.clear();
  if (max_cost_ > 0) {
    run_buckets(graph, from, blocked);
  } else {
    run_heap(graph, from, blocked);
  }
}

void ShortestPaths::run_buckets(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked) {
  const std::size_t width = buckets_.size();
  dist_[from] = 0;
  buckets_[0].push_back(from);
  std::size_t queued = 1;
  for (std::size_t d = 0; queued > 0; ++d) {
    std::vector<NodeIndex>& bucket = buckets_[d % width];
    // Relaxing adds to other buckets only: every cost is between 1 and width - 1.
    for (std::size_t i = 0; i < bucket.size(); ++i) {
      const NodeIndex u = bucket[i];
      if (dist_[u] != static_cast<double>(d)) continue;  // improved since it was queued
      order_.push_back(u);
      const auto next = graph.neighbours(u);
      const auto cost = graph.costs(u);
      for (std::size_t k = 0; k < next.size(); ++k) {
        const NodeIndex v = next[k];
        const double dv = static_cast<double>(d) + cost[k];
        if (dv >= dist_[v] || (!blocked.empty() && blocked[v])) continue;
        dist_[v] = dv;
        buckets_[static_cast<std::size_t>(dv) % width].push_back(v);
        ++queued;
      }
    }
    queued -= bucket.size();
    bucket.clear();
  }
}

void ShortestPaths::run_heap(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked) {
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
