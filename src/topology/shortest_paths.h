// Single-destination shortest paths and the per-hop ECMP next-hop test, shared by the analyses
// (private to src/topology).
#pragma once

#include <cmath>
#include <cstdint>
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
  // algorithm), anything else a binary heap; both give the same distances and order. Nodes at
  // equal distance are settled in the order they were reached, never by their numbers, so a
  // renumbered graph (graph_order.h) is searched in exactly the same sequence.
  explicit ShortestPaths(const TopologyGraph& graph);
  // Distances to `from` over nodes whose blocked entry is 0 (all when blocked is empty).
  // `from` itself is never blocked.
  //
  // With targets, the search stops as soon as every target is settled (a target that cannot be
  // reached makes it search everything). That is exact for whatever depends only on nodes closer
  // than a target: order() is then a prefix of the full run's order, every node in it has its
  // exact distance, and every node not in it has kUnreachable or an upper bound that is at least
  // the distance of the last node settled, so it is never a next hop of a settled node.
  void run(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked = {},
           std::span<const NodeIndex> targets = {});
  double dist(NodeIndex u) const { return dist_[u]; }
  const std::vector<double>& dists() const { return dist_; }
  // The nodes reached, in non-decreasing distance (from first).
  const std::vector<NodeIndex>& order() const { return order_; }

 private:
  std::vector<double> dist_;
  std::vector<NodeIndex> order_;
  void run_heap(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked);
  void run_buckets(const TopologyGraph& graph, NodeIndex from, std::span<const std::uint8_t> blocked);
  // Marks the targets; returns how many distinct ones there are (0: search everything).
  std::size_t mark_targets(std::span<const NodeIndex> targets);
  // Called as u is settled: true when it was the last target still wanted.
  bool settle(NodeIndex u) {
    if (wanted_ == 0 || !target_[u]) return false;
    target_[u] = 0;
    return --wanted_ == 0;
  }

  std::vector<std::uint8_t> target_;  // per node while a run with targets is going on
  std::size_t wanted_ = 0;            // targets not settled yet
  std::vector<NodeIndex> touched_;    // nodes queued but not settled when a run stopped early

  struct HeapEntry {
    double dist;
    std::uint64_t reached;  // when it was queued: ties are settled first come, first served
    NodeIndex node;
    bool operator>(const HeapEntry& other) const {
      return dist != other.dist ? dist > other.dist : reached > other.reached;
    }
  };
  std::vector<HeapEntry> heap_;
  std::size_t max_cost_ = 0;  // largest integer cost, 0 when the bucket queue does not apply
  std::vector<std::vector<NodeIndex>> buckets_;
};

}  // namespace kitwatch
