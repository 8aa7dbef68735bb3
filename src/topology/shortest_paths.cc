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

void ShortestPaths::run(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked,
                        std::span<const NodeIndex> targets) {
  for (NodeIndex u : order_) dist_[u] = kUnreachable;
  for (NodeIndex u : touched_) dist_[u] = kUnreachable;
  order_.clear();
  touched_.clear();
  wanted_ = mark_targets(targets);
  if (max_cost_ > 0) {
    run_buckets(graph, from, blocked);
  } else {
    run_heap(graph, from, blocked);
  }
  // Targets never reached keep their mark only until here.
  if (wanted_ != 0) {
    for (NodeIndex t : targets) target_[t] = 0;
    wanted_ = 0;
  }
}

std::size_t ShortestPaths::mark_targets(std::span<const NodeIndex> targets) {
  if (targets.empty()) return 0;
  if (target_.empty()) target_.assign(dist_.size(), 0);
  std::size_t distinct = 0;
  for (NodeIndex t : targets) {
    if (target_[t]) continue;
    target_[t] = 1;
    ++distinct;
  }
  return distinct;
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
      if (settle(u)) {
        // Every target is settled: what is still queued only needs its distance reset next run.
        for (std::vector<NodeIndex>& pending : buckets_) {
          touched_.insert(touched_.end(), pending.begin(), pending.end());
          pending.clear();
        }
        return;
      }
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
  const auto later = std::greater<HeapEntry>();
  std::uint64_t reached = 0;
  dist_[from] = 0;
  heap_.push_back(HeapEntry{0.0, reached++, from});
  while (!heap_.empty()) {
    std::pop_heap(heap_.begin(), heap_.end(), later);
    const HeapEntry top = heap_.back();
    heap_.pop_back();
    const NodeIndex u = top.node;
    if (top.dist > dist_[u]) continue;  // a stale entry: u was settled closer
    order_.push_back(u);
    if (settle(u)) {
      for (const HeapEntry& pending : heap_) touched_.push_back(pending.node);
      heap_.clear();
      return;
    }
    const auto next = graph.neighbours(u);
    const auto cost = graph.costs(u);
    for (std::size_t i = 0; i < next.size(); ++i) {
      const NodeIndex v = next[i];
      const double dv = top.dist + cost[i];
      if (dv >= dist_[v] || (!blocked.empty() && blocked[v])) continue;
      dist_[v] = dv;
      heap_.push_back(HeapEntry{dv, reached++, v});
      std::push_heap(heap_.begin(), heap_.end(), later);
    }
  }
}

}  // namespace kitwatch
