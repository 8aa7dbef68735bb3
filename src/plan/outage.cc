// The planner's outage check: what a period's swaps cut off from the core (docs/definitions.md
// "Cut off"), by a breadth-first search from the core nodes that are up. A swap's own outage (the
// elements that hang off it or whose every path runs through it) is planned downtime; the planner
// forbids only what two or more swaps cut off together and none alone.
#include <algorithm>
#include <set>

#include "plan/plan_model.h"

namespace kitwatch {

OutageChecker::OutageChecker(const TopologyGraph& graph) : graph_(graph) {
  const std::size_t n = graph.store->size();
  down_.assign(n, 0);
  mark_.assign(n, 0);
  cut_off(down_, baseline_);
}

void OutageChecker::cut_off(std::span<const std::uint8_t> down, std::vector<std::uint8_t>& out) {
  const ElementStore& store = *graph_.store;
  const std::size_t n = store.size();
  std::vector<std::uint8_t> reached(graph_.size(), 0);
  queue_.clear();
  for (NodeIndex u = 0; u < graph_.size(); ++u) {
    const ElementIndex e = graph_.element[u];
    if (store.function[e] == Function::kCore && !down[e]) {
      reached[u] = 1;
      queue_.push_back(u);
    }
  }
  for (std::size_t head = 0; head < queue_.size(); ++head) {
    for (NodeIndex v : graph_.neighbours(queue_[head])) {
      if (!reached[v] && !down[graph_.element[v]]) {
        reached[v] = 1;
        queue_.push_back(v);
      }
    }
  }
  out.assign(n, 0);
  for (ElementIndex e = 0; e < n; ++e) {
    if (down[e]) continue;
    const NodeIndex u = graph_.node[e];
    // Graph nodes by the search; elements attached to no graph node are cut off whatever is down.
    if (u != kNoNode) {
      out[e] = !reached[u];
    } else if (graph_.attach[e] == kNoNode) {
      out[e] = 1;
    }
  }
  // Hanging elements follow their uplink, each after its uplink.
  for (ElementIndex h : graph_.hanging_order) {
    if (down[h]) continue;
    const ElementIndex up = store.uplink[h];
    out[h] = up == kNoElement || down[up] || out[up];
  }
}

void OutageChecker::mark_down(const PlanModel& model, std::span<const std::size_t> items, std::uint8_t value) {
  for (std::size_t i : items) {
    for (ElementIndex e : model.items[i].elements) down_[e] = value;
  }
}

const std::vector<ElementIndex>& OutageChecker::alone(const PlanModel& model, std::size_t item) {
  if (alone_.size() != model.items.size()) {
    alone_.assign(model.items.size(), {});
    alone_done_.assign(model.items.size(), 0);
  }
  if (!alone_done_[item]) {
    const std::size_t one[] = {item};
    mark_down(model, one, 1);
    cut_off(down_, cut_);
    mark_down(model, one, 0);
    for (ElementIndex e = 0; e < cut_.size(); ++e) {
      if (cut_[e] && !baseline_[e]) alone_[item].push_back(e);
    }
    alone_done_[item] = 1;
  }
  return alone_[item];
}

std::size_t OutageChecker::outage(std::span<const ElementIndex> down) {
  for (ElementIndex e : down) down_[e] = 1;
  cut_off(down_, cut_);
  for (ElementIndex e : down) down_[e] = 0;
  std::size_t count = 0;
  for (ElementIndex e = 0; e < cut_.size(); ++e) count += cut_[e] && !baseline_[e];
  return count;
}

std::size_t OutageChecker::extra_cut_off(const PlanModel& model, std::span<const std::size_t> items) {
  for (std::size_t i : items) {
    for (ElementIndex e : alone(model, i)) mark_[e] = 1;
  }
  mark_down(model, items, 1);
  cut_off(down_, cut_);
  mark_down(model, items, 0);
  std::size_t extra = 0;
  for (ElementIndex e = 0; e < cut_.size(); ++e) extra += cut_[e] && !baseline_[e] && !mark_[e];
  for (std::size_t i : items) {
    for (ElementIndex e : alone(model, i)) mark_[e] = 0;
  }
  return extra;
}

std::vector<std::vector<std::size_t>> OutageChecker::conflicting_pairs(const PlanModel& model) {
  std::vector<std::vector<std::size_t>> pairs;
  const std::size_t V = graph_.size();
  const ElementStore& store = *graph_.store;
  std::vector<std::size_t> items;  // the items that are graph nodes
  for (std::size_t i = 0; i < model.items.size(); ++i) {
    if (model.items[i].on_graph) items.push_back(i);
  }
  std::set<std::pair<std::size_t, std::size_t>> seen;
  if (items.size() < 2) return pairs;
  std::vector<NodeIndex> cores;
  for (NodeIndex u = 0; u < V; ++u) {
    if (store.function[graph_.element[u]] == Function::kCore) cores.push_back(u);
  }
  // Articulation points towards the core: a depth-first search from a virtual root joined to every
  // core node (index V), with each item's node removed in turn.
  std::vector<std::uint32_t> disc(V + 1), low(V + 1);
  std::vector<std::uint8_t> articulation(V + 1);
  struct Frame {
    NodeIndex node;
    std::size_t next;  // the next neighbour to look at
  };
  std::vector<Frame> stack;
  for (std::size_t i : items) {
    const NodeIndex removed = graph_.node[model.items[i].elements.front()];
    std::fill(disc.begin(), disc.end(), 0);
    std::fill(articulation.begin(), articulation.end(), 0);
    std::uint32_t clock = 0;
    const auto neighbour = [&](NodeIndex u, std::size_t k) -> NodeIndex {
      return u == V ? cores[k] : graph_.neighbours(u)[k];
    };
    const auto degree = [&](NodeIndex u) { return u == V ? cores.size() : graph_.degree(u); };
    disc[V] = low[V] = ++clock;
    stack.assign(1, Frame{static_cast<NodeIndex>(V), 0});
    std::vector<NodeIndex> parent(V + 1, kNoNode);
    while (!stack.empty()) {
      Frame& f = stack.back();
      if (f.next < degree(f.node)) {
        const NodeIndex v = neighbour(f.node, f.next++);
        if (v == removed) continue;
        if (disc[v] == 0) {
          parent[v] = f.node;
          disc[v] = low[v] = ++clock;
          stack.push_back(Frame{v, 0});
        } else if (v != parent[f.node]) {
          low[f.node] = std::min(low[f.node], disc[v]);
        }
        continue;
      }
      const NodeIndex u = f.node;
      stack.pop_back();
      if (stack.empty()) break;
      const NodeIndex p = stack.back().node;
      low[p] = std::min(low[p], low[u]);
      if (p != V && low[u] >= disc[p]) articulation[p] = 1;
    }
    for (std::size_t j : items) {
      const NodeIndex u = graph_.node[model.items[j].elements.front()];
      if (j == i || !articulation[u]) continue;
      const std::size_t a = std::min(i, j), b = std::max(i, j);
      if (!seen.insert({a, b}).second) continue;
      const std::size_t two[] = {a, b};
      if (extra_cut_off(model, two) > 0) pairs.push_back({a, b});
    }
  }
  return pairs;
}

}  // namespace kitwatch
