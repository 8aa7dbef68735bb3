// Private to src/topology: the routing graph renumbered for memory locality.
//
// Why: searches over a national graph (500k nodes, 3M directed links) are bound by cache misses,
// not arithmetic. In element order, the nodes a search settles one after another lie far apart
// in memory; in breadth-first order from the search roots they mostly lie side by side, and so
// do their rows of the adjacency arrays and their entries in every per-node array.
//
// Determinism: each row keeps its neighbours in the original order (only the numbers change), so
// a search or sum that walks rows in order does exactly the same arithmetic in the same sequence
// as on the original graph and gives the same bits.
#pragma once

#include <span>
#include <vector>

#include "topology/topology.h"

namespace kitwatch {

struct RenumberedGraph {
  // offset, target, cost and element in the new numbering; node, capacity and the hanging forest
  // are left empty (an analysis reaches the original graph for those).
  TopologyGraph graph;
  std::vector<NodeIndex> new_of_old;  // original node → new node
};

// Breadth-first from roots in the order given, then from every node not reached yet, in original
// order (so every node gets a number).
RenumberedGraph renumber_breadth_first(const TopologyGraph& graph, std::span<const NodeIndex> roots);

}  // namespace kitwatch
