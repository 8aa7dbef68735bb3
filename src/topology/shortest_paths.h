// Single-destination shortest paths and the per-hop ECMP next-hop test, shared by the analyses
// (private to src/topology).
#pragma once

#include <cmath>
#include <limits>
#include <span>
#include <vector>

#include "topology/topology.h"

namespace kitwatch {

inline constexpr double kUnreachable = std::numeric_limits<double>::infinity();
// Two path costs closer than this relative tolerance are a tie (integer costs tie exactly; the
// tolerance only absorbs rounding of fractional costs).
inline constexpr double kTieTolerance = 1e-9;

// v is a next hop of u towards the destination: cost(u,v) + dist(v) = dist(u).
inline bool is_next_hop(double dist_u, double link_cost, double dist_v) {
  return dist_v < dist_u && std::abs(link_cost + dist_v - dist_u) <= kTieTolerance * dist_u;
}

// Dijkstra from one node, reusing its buffers between runs. Not thread-safe: one per thread.
class ShortestPaths {
 public:
  // Small positive integer costs (the common case: IGP metrics) use a bucket queue (Dial's
  // algorithm), anything else a binary heap; both give the same distances and order.
  explicit ShortestPaths(const TopologyGraph& graph);
  // Distances to `from` over nodes whose blocked entry is 0 (all when blocked is empty).
  // `from` itself is never blocked.
  void run(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked = {});
  double dist(NodeIndex u) const { return dist_[u]; }
  const std::vector<double>& dists() const { return dist_; }
  // The nodes reached, in non-decreasing distance (from first).
  const std::vector<NodeIndex>& order() const { return order_; }

 private:
  std::vector<double> dist_;
  std::vector<NodeIndex> order_;
  void run_heap(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked);
  void run_buckets(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked);

  std::vector<std::pair<double, NodeIndex>> heap_;
  std::size_t max_cost_ = 0;  // largest integer cost, 0 when the bucket queue does not apply
  std::vector<std::vector<NodeIndex>> buckets_;
};

}  // namespace kitwatch
