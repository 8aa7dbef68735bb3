// Supplier loss: remove a set of elements, then find what no longer reaches a core node
// (docs/definitions.md "Cut off") and which demands lose their path.
#include <algorithm>

#include "topology/topology.h"

namespace kitwatch {
namespace {

enum : std::uint8_t { kConnected, kCutOff, kRemoved };
constexpr std::uint32_t kNoComponent = 0xFFFFFFFFu;

// Each element's state after removing `removed`, and for cut-off elements the orphaned
// component they belong to; graph components are labelled too (component of each graph node).
struct Outcome {
  std::vector<std::uint8_t> state;             // per element
  std::vector<std::uint32_t> graph_component;  // per graph node, kNoComponent when removed
  std::vector<std::uint32_t> orphan;           // per element: orphaned component, kNoComponent if none
  std::uint32_t orphans = 0;
};

bool is_removed(std::span<const std::uint8_t> removed, ElementIndex e) {
  return !removed.empty() && removed[e];
}

// Labels the components of the graph without removed nodes; returns which of them hold a core node.
std::vector<std::uint8_t> label_components(const TopologyGraph& g, std::span<const std::uint8_t> removed,
                                           std::vector<std::uint32_t>& label) {
  const ElementStore& store = *g.store;
  label.assign(g.size(), kNoComponent);
  std::vector<std::uint8_t> has_core;
  std::vector<NodeIndex> stack;
  for (NodeIndex s = 0; s < g.size(); ++s) {
    if (label[s] != kNoComponent || is_removed(removed, g.element[s])) continue;
    const auto c = static_cast<std::uint32_t>(has_core.size());
    has_core.push_back(0);
    label[s] = c;
    stack.push_back(s);
    while (!stack.empty()) {
      const NodeIndex u = stack.back();
      stack.pop_back();
      if (store.function[g.element[u]] == Function::kCore) has_core[c] = 1;
      for (NodeIndex v : g.neighbours(u)) {
        if (label[v] == kNoComponent && !is_removed(removed, g.element[v])) label[v] = c, stack.push_back(v);
      }
    }
  }
  return has_core;
}

Outcome remove_and_trace(const TopologyGraph& g, std::span<const std::uint8_t> removed) {
  const ElementStore& store = *g.store;
  Outcome out;
  const std::vector<std::uint8_t> has_core = label_components(g, removed, out.graph_component);
  out.state.assign(store.size(), kCutOff);  // elements on uplink loops stay cut off
  out.orphan.assign(store.size(), kNoComponent);
  std::vector<std::uint32_t> orphan_of_graph_component(has_core.size(), kNoComponent);
  for (NodeIndex u = 0; u < g.size(); ++u) {
    const ElementIndex e = g.element[u];
    if (is_removed(removed, e)) {
      out.state[e] = kRemoved;
    } else if (has_core[out.graph_component[u]]) {
      out.state[e] = kConnected;
    } else {
      std::uint32_t& orphan = orphan_of_graph_component[out.graph_component[u]];
      if (orphan == kNoComponent) orphan = out.orphans++;
      out.orphan[e] = orphan;
    }
  }
  // Parents come before children, so each hanging element inherits its uplink's fate.
  for (ElementIndex e : g.hanging_order) {
    const ElementIndex up = store.uplink[e];
    if (is_removed(removed, e)) {
      out.state[e] = kRemoved;
    } else if (up != kNoElement && out.state[up] == kConnected) {
      out.state[e] = kConnected;
    } else if (up != kNoElement && out.state[up] == kCutOff && out.orphan[up] != kNoComponent) {
      out.orphan[e] = out.orphan[up];
    } else {
      out.orphan[e] = out.orphans++;  // the uplink is removed or missing: a component of its own
    }
  }
  for (std::size_t e = 0; e < store.size(); ++e) {
    if (is_removed(removed, static_cast<ElementIndex>(e))) out.state[e] = kRemoved;
  }
  return out;
}

void count_elements(const TopologyGraph& g, const Outcome& now, const Outcome& before, LossReport& r) {
  const ElementStore& store = *g.store;
  for (std::size_t e = 0; e < store.size(); ++e) {
    const auto f = static_cast<std::size_t>(store.function[e]);
    const double t = store.traffic[e], s = store.subscribers[e];
    if (now.state[e] == kRemoved) {
      r.removed[f].add(t, s);
      r.removed_total.add(t, s);
    } else if (now.state[e] == kCutOff) {
      r.cut_off[f].add(t, s);
      r.cut_off_total.add(t, s);
      if (before.state[e] == kCutOff) {
        r.cut_off_before[f].add(t, s);
        r.cut_off_before_total.add(t, s);
      }
    }
  }
}

void collect_components(const TopologyGraph& g, const Outcome& now, std::size_t keep, LossReport& r) {
  const ElementStore& store = *g.store;
  std::vector<OrphanedComponent> components(now.orphans);
  for (ElementIndex e = 0; e < store.size(); ++e) {
    if (now.orphan[e] == kNoComponent) continue;
    OrphanedComponent& c = components[now.orphan[e]];
    if (c.example == kNoElement) c.example = e;
    ++c.elements;
    c.graph_nodes += g.node[e] != kNoNode;
    c.subscribers += store.subscribers[e];
    c.traffic += store.traffic[e];
  }
  r.orphaned_components = components.size();
  std::sort(components.begin(), components.end(), [](const OrphanedComponent& x, const OrphanedComponent& y) {
    return x.elements != y.elements ? x.elements > y.elements : x.example < y.example;
  });
  if (components.size() > keep) components.resize(keep);
  r.largest_components = std::move(components);
}

bool disconnected(const TopologyGraph& g, const Outcome& o, const DemandTable& demands, std::size_t d) {
  const NodeIndex s = g.node[demands.src[d]], t = g.node[demands.dst[d]];
  const std::uint32_t cs = o.graph_component[s], ct = o.graph_component[t];
  return cs == kNoComponent || ct == kNoComponent || cs != ct;
}

}  // namespace

LossReport analyse_loss(const TopologyGraph& graph, const DemandTable& demands, std::span<const std::uint8_t> removed,
                        std::string scenario, std::size_t keep) {
  LossReport r;
  r.scenario = std::move(scenario);
  const Outcome before = remove_and_trace(graph, {});
  const Outcome now = remove_and_trace(graph, removed);
  count_elements(graph, now, before, r);
  collect_components(graph, now, keep, r);
  for (std::size_t d = 0; d < demands.size(); ++d) {
    if (disconnected(graph, before, demands, d)) ++r.demands_disconnected_before;
    if (!disconnected(graph, now, demands, d)) continue;
    ++r.demands_disconnected;
    r.volume_lost += demands.volume[d];
    r.disconnected_demands.push_back(static_cast<std::uint32_t>(d));
  }
  return r;
}

}  // namespace kitwatch
