// Exposure and avoidability: per destination, one shortest-path DAG; demand volume splits equally
// among next hops (per-hop ECMP). Backward over the DAG, p[u][g] is the fraction of volume leaving
// u that visits a node of group g (1 at a member, else the mean over next hops); forward, the
// injected volume is pushed down the DAG to give each node's transit volume.
#include <algorithm>
#include <optional>

#include "base/threads.h"
#include "topology/graph_order.h"
#include "topology/shortest_paths.h"

namespace kitwatch {
namespace {

// The demands that go to one destination node.
struct Destination {
  NodeIndex node = kNoNode;
  std::vector<std::uint32_t> demands;
};

std::vector<Destination> group_by_destination(const TopologyGraph& graph, const DemandTable& demands) {
  std::vector<std::uint32_t> by_dst(demands.size());
  for (std::uint32_t d = 0; d < by_dst.size(); ++d) by_dst[d] = d;
  std::stable_sort(by_dst.begin(), by_dst.end(), [&](std::uint32_t x, std::uint32_t y) {
    return graph.node[demands.dst[x]] < graph.node[demands.dst[y]];
  });
  std::vector<Destination> out;
  for (std::uint32_t d : by_dst) {
    const NodeIndex t = graph.node[demands.dst[d]];
    if (out.empty() || out.back().node != t) out.push_back(Destination{t, {}});
    out.back().demands.push_back(d);
  }
  return out;
}

// What one destination contributes: sparse transit volumes of designated nodes, by position in
// the designated list.
using TransitSlot = std::vector<std::pair<std::uint32_t, double>>;

// Everything the workers share, read-only while they run except for the per-demand entries each
// destination's worker alone writes. Nodes are numbered as in graph, the renumbered copy
// (graph_order.h), never as in the caller's graph.
struct Shared {
  const TopologyGraph& graph;
  const DemandTable& demands;
  std::size_t groups = 0;                      // distinct member sets (groups with equal members share one)
  std::vector<std::uint16_t> node_mask;        // set bits per graph node
  std::vector<std::uint8_t> designated;        // group 0 per graph node
  std::vector<std::uint32_t> designated_slot;  // graph node → position in the designated list
  std::vector<NodeIndex> source, destination;  // per demand: its endpoints' graph nodes
  ExposureReport& report;
  std::vector<double> fraction;  // demand d, set k at [d * groups + k]
};

class DestinationWorker {
 public:
  explicit DestinationWorker(Shared& s)
      : s_(s),
        paths_(s.graph),
        clean_paths_(s.graph),
        p_(s.graph.size() * s.groups, 0),
        flags_(s.graph.size(), 0),
        hops_(s.graph.size(), 0),
        flow_(s.graph.size(), 0) {}

  // Every figure of a demand depends only on nodes no farther from the destination than its
  // source (the next hops of a node are closer than it), so each search stops once the sources
  // it serves are settled; the results are exactly those of a search of the whole graph.
  void run(const Destination& dest, TransitSlot& transit) {
    sources_.clear();
    for (std::uint32_t d : dest.demands) sources_.push_back(s_.source[d]);
    paths_.run(s_.graph, dest.node, {}, sources_);
    backward(dest.node);
    sources_.clear();
    for (std::uint32_t d : dest.demands) {
      if (classify(d, dest.node)) sources_.push_back(s_.source[d]);
    }
    if (!sources_.empty()) {
      clean_paths_.run(s_.graph, dest.node, s_.designated, sources_);
      for (std::uint32_t d : dest.demands) finish_unclean(d);
    }
    forward(dest, transit);
  }

 private:
  enum : std::uint8_t { kExposedPath = 1, kCleanPath = 2 };

  // p_ per group, and per node whether some shortest path visits a designated node (kExposedPath)
  // and whether some visits none (kCleanPath); the flags do not suffer from rounding.
  void backward(NodeIndex t) {
    const std::size_t G = s_.groups;
    const auto& dist = paths_.dists();
    std::vector<double> sum(G);
    for (NodeIndex u : paths_.order()) {
      double* pu = &p_[u * G];
      const std::uint16_t mask = s_.node_mask[u];
      std::fill(sum.begin(), sum.end(), 0.0);
      std::uint32_t k = 0;
      std::uint8_t flags = 0;
      if (u != t) {
        const auto next = s_.graph.neighbours(u);
        const auto cost = s_.graph.costs(u);
        for (std::size_t i = 0; i < next.size(); ++i) {
          const NodeIndex v = next[i];
          if (!is_next_hop(dist[u], cost[i], dist[v])) continue;
          ++k;
          flags |= flags_[v];
          for (std::size_t g = 0; g < G; ++g) sum[g] += p_[v * G + g];
        }
      } else {
        flags = kCleanPath;
      }
      hops_[u] = k;
      for (std::size_t g = 0; g < G; ++g) pu[g] = ((mask >> g) & 1u) ? 1.0 : (k ? sum[g] / k : 0.0);
      flags_[u] = s_.designated[u] ? std::uint8_t{kExposedPath} : flags;
    }
  }

  // Fills the demand's figures; returns true when it still needs the clean-path search.
  bool classify(std::uint32_t d, NodeIndex t) {
    ExposureReport& r = s_.report;
    const NodeIndex s = s_.source[d];
    const std::size_t G = s_.groups;
    r.shortest_cost[d] = paths_.dist(s);
    if (paths_.dist(s) == kUnreachable) {
      r.avoidability[d] = Avoidability::kNotRouted;
      return false;
    }
    for (std::size_t g = 0; g < G; ++g) s_.fraction[d * G + g] = p_[s * G + g];
    if (s_.designated[s] || s_.designated[t]) {
      r.avoidability[d] = Avoidability::kUnavoidableEndpoint;
    } else if (!(flags_[s] & kExposedPath)) {
      r.avoidability[d] = Avoidability::kNotExposed;
      r.clean_cost[d] = paths_.dist(s);
    } else if (flags_[s] & kCleanPath) {
      r.avoidability[d] = Avoidability::kAvoidable;
      r.clean_cost[d] = paths_.dist(s);
    } else {
      return true;
    }
    return false;
  }

  void finish_unclean(std::uint32_t d) {
    ExposureReport& r = s_.report;
    if (r.avoidability[d] != Avoidability::kNotRouted || r.shortest_cost[d] == kUnreachable) return;
    const NodeIndex s = s_.source[d];
    if (s_.designated[s] || s_.designated[s_.destination[d]]) return;
    if (!(flags_[s] & kExposedPath) || (flags_[s] & kCleanPath)) return;
    r.clean_cost[d] = clean_paths_.dist(s);
    r.avoidability[d] = r.clean_cost[d] == kUnreachable ? Avoidability::kUnavoidable : Avoidability::kAvoidable;
  }

  // Pushes each source's volume down the DAG, farthest nodes first.
  void forward(const Destination& dest, TransitSlot& transit) {
    const auto& dist = paths_.dists();
    for (std::uint32_t d : dest.demands) {
      const NodeIndex s = s_.source[d];
      if (dist[s] != kUnreachable) flow_[s] += s_.demands.volume[d];
    }
    const auto& order = paths_.order();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
      const NodeIndex u = *it;
      const double f = flow_[u];
      if (f == 0) continue;
      flow_[u] = 0;
      if (s_.designated[u]) transit.emplace_back(s_.designated_slot[u], f);
      if (hops_[u] == 0) continue;
      const double share = f / hops_[u];
      const auto next = s_.graph.neighbours(u);
      const auto cost = s_.graph.costs(u);
      for (std::size_t i = 0; i < next.size(); ++i) {
        if (is_next_hop(dist[u], cost[i], dist[next[i]])) flow_[next[i]] += share;
      }
    }
    std::sort(transit.begin(), transit.end());
  }

  Shared& s_;
  ShortestPaths paths_, clean_paths_;
  std::vector<double> p_;
  std::vector<std::uint8_t> flags_;
  std::vector<std::uint32_t> hops_;
  std::vector<double> flow_;
  std::vector<NodeIndex> sources_;  // the demands' sources a search must settle
};

void run_destinations(Shared& shared, const std::vector<Destination>& dests, unsigned threads,
                      std::vector<TransitSlot>& transit) {
  // One worker's search state per thread, made on that thread when it takes its first destination.
  std::vector<std::optional<DestinationWorker>> workers(parallel_workers(dests.size(), threads));
  parallel_for(dests.size(), threads, [&](std::size_t i, unsigned w) {
    if (!workers[w]) workers[w].emplace(shared);
    workers[w]->run(dests[i], transit[i]);
  });
}

// Totals are summed in demand order and transit in destination order, so the result does not
// depend on how destinations were spread over threads.
void sum_up(const Shared& shared, const std::vector<TransitSlot>& transit) {
  ExposureReport& r = shared.report;
  const std::size_t G = r.groups.size();
  for (std::size_t d = 0; d < shared.demands.size(); ++d) {
    const double volume = shared.demands.volume[d];
    r.total_volume += volume;
    const auto a = static_cast<std::size_t>(r.avoidability[d]);
    ++r.by_avoidability[a];
    r.volume_by_avoidability[a] += volume;
    if (r.avoidability[d] == Avoidability::kNotRouted) continue;
    r.routed_volume += volume;
    ++r.routed_demands;
    for (std::size_t g = 0; g < G; ++g) {
      const double f = r.exposed_fraction[d * G + g];
      r.exposed_volume[g] += f * volume;
      if (f > 0) ++r.exposed_demands[g];
    }
  }
  for (const TransitSlot& slot : transit) {
    for (const auto& [i, v] : slot) r.transit_volume[i] += v;
  }
}

// Groups with the same members among graph nodes (several lists often designate the same makers)
// are routed once: fills shared.node_mask with one bit per distinct set and returns each group's set.
std::vector<std::size_t> distinct_sets(const TopologyGraph& graph, const NodeGroups& groups, Shared& shared) {
  const std::size_t G = groups.names.size();
  std::vector<std::size_t> set_of(G);
  std::vector<std::size_t> representative;  // the first group of each set
  for (std::size_t g = 0; g < G; ++g) {
    set_of[g] = representative.size();
    for (std::size_t k = 0; k < representative.size(); ++k) {
      const std::size_t h = representative[k];
      const bool same = std::all_of(graph.element.begin(), graph.element.end(),
                                    [&](ElementIndex e) { return groups.in(e, g) == groups.in(e, h); });
      if (same) {
        set_of[g] = k;
        break;
      }
    }
    if (set_of[g] == representative.size()) representative.push_back(g);
  }
  shared.groups = representative.size();
  shared.node_mask.assign(graph.size(), 0);
  for (NodeIndex u = 0; u < graph.size(); ++u) {
    for (std::size_t k = 0; k < representative.size(); ++k) {
      if (groups.in(graph.element[u], representative[k])) shared.node_mask[u] |= static_cast<std::uint16_t>(1u << k);
    }
  }
  return set_of;
}

}  // namespace

std::string_view avoidability_name(Avoidability a) {
  switch (a) {
    case Avoidability::kNotExposed:
      return "not exposed";
    case Avoidability::kAvoidable:
      return "avoidable";
    case Avoidability::kUnavoidable:
      return "unavoidable";
    case Avoidability::kUnavoidableEndpoint:
      return "unavoidable (endpoint)";
    case Avoidability::kNotRouted:
      return "not routed";
  }
  return "?";
}

ExposureReport analyse_exposure(const TopologyGraph& graph, const DemandTable& demands, const NodeGroups& groups,
                                const ExposureOptions& options) {
  ExposureReport r;
  r.groups = groups.names;
  const std::size_t G = groups.names.size();
  r.shortest_cost.assign(demands.size(), kUnreachable);
  r.exposed_fraction.assign(demands.size() * G, 0.0);
  r.avoidability.assign(demands.size(), Avoidability::kNotRouted);
  r.clean_cost.assign(demands.size(), kUnreachable);
  r.exposed_volume.assign(G, 0.0);
  r.exposed_demands.assign(G, 0);
  // Destinations stay in the caller's node order (transit is summed in that order); the searches
  // run on a copy renumbered breadth-first from them, for locality.
  std::vector<Destination> dests = group_by_destination(graph, demands);
  std::vector<NodeIndex> roots;
  for (const Destination& dest : dests) roots.push_back(dest.node);
  const RenumberedGraph local = renumber_breadth_first(graph, roots);
  const std::vector<NodeIndex>& new_of_old = local.new_of_old;
  for (Destination& dest : dests) dest.node = new_of_old[dest.node];
  Shared shared{local.graph, demands, 0, {}, {}, {}, {}, {}, r, {}};
  for (std::size_t d = 0; d < demands.size(); ++d) {
    shared.source.push_back(new_of_old[graph.node[demands.src[d]]]);
    shared.destination.push_back(new_of_old[graph.node[demands.dst[d]]]);
  }
  const std::vector<std::size_t> set_of = distinct_sets(local.graph, groups, shared);
  shared.fraction.assign(demands.size() * shared.groups, 0.0);
  shared.designated.resize(graph.size());
  shared.designated_slot.assign(graph.size(), 0);
  // Designated nodes are listed in the caller's node order.
  for (NodeIndex old = 0; old < graph.size(); ++old) {
    const NodeIndex u = new_of_old[old];
    shared.designated[u] = shared.node_mask[u] & 1u;
    if (!shared.designated[u]) continue;
    shared.designated_slot[u] = static_cast<std::uint32_t>(r.transit_element.size());
    r.transit_element.push_back(graph.element[old]);
  }
  r.transit_volume.assign(r.transit_element.size(), 0.0);
  std::vector<TransitSlot> transit(dests.size());
  const unsigned threads = worker_threads(options.threads);
  run_destinations(shared, dests, threads, transit);
  for (std::size_t d = 0; d < demands.size(); ++d) {
    for (std::size_t g = 0; g < G; ++g) r.exposed_fraction[d * G + g] = shared.fraction[d * shared.groups + set_of[g]];
  }
  sum_up(shared, transit);
  return r;
}

}  // namespace kitwatch
