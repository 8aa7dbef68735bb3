// Rendering a topology run as text, JSON and CSV. Every figure names the demands (file line, ids)
// and elements (ids) it comes from.
#include <fmt/format.h>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>

#include "base/csv_writer.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

using Json = nlohmann::ordered_json;

std::string maker_of(const TopologyResults& r, ElementIndex e) {
  const MakerId m = r.resolution->manufacturer(e);
  return m == kNoMaker ? "unknown" : r.resolution->maker_name(m, *r.registry);
}

Json finite_or_null(double x) {
  return std::isfinite(x) ? Json(x) : Json(nullptr);
}

double stretch(const ExposureReport& x, std::size_t d) {
  const double best = x.clean_cost[d], shortest = x.shortest_cost[d];
  if (!std::isfinite(best) || !std::isfinite(shortest)) return NAN;
  return shortest > 0 ? best / shortest : 1.0;
}

std::string demand_subject(const TopologyResults& r, std::size_t d) {
  const DemandTable& t = *r.demands;
  return fmt::format("demand:{}:{}>{}", t.line[d], r.store->id_of(t.src[d]), r.store->id_of(t.dst[d]));
}

// Designated nodes by transit volume, largest first (ties by element).
std::vector<std::size_t> transit_ranking(const ExposureReport& x) {
  std::vector<std::size_t> order(x.transit_element.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return x.transit_volume[a] > x.transit_volume[b]; });
  return order;
}

void text_graph(const TopologyResults& r, std::string& out) {
  const GraphBuildReport& g = r.graph->report;
  out += fmt::format(
      "Topology: {} graph nodes of {} elements, {} adjacencies ({} links given: {} parallel merged, "
      "{} self-loops ignored; {} implicit uplink links), {} components\n",
      r.graph->size(), r.store->size(), r.graph->target.size() / 2, g.links, g.parallel_links, g.self_loops,
      g.uplink_links, g.components);
  out += fmt::format(
      "  {} elements hang off the graph by uplink ({} reach no graph node, {} on or below an uplink loop)\n",
      g.hanging_elements, g.unattached_elements, g.uplink_loops);
  for (const auto& [name, in] : r.inputs) {
    out +=
        fmt::format("  {}: {} rows read, {} accepted, {} rejected\n", name, in->rows_read, in->accepted, in->rejected);
    for (const RowError& e : in->first_errors) out += fmt::format("    {}: {}\n", e.where.to_string(), e.message);
  }
}

void text_exposure(const TopologyResults& r, std::string& out) {
  const ExposureReport& x = *r.exposure;
  out += fmt::format("\nExposure (per-hop ECMP shortest paths): {} demands, {} routed, volume {:.6g} of {:.6g}\n",
                     r.demands->size(), x.routed_demands, x.routed_volume, x.total_volume);
  out += fmt::format("  {:<34} {:>16} {:>16} {:>10}\n", "group", "exposed demands", "exposed volume", "share");
  for (std::size_t g = 0; g < x.groups.size(); ++g) {
    out += fmt::format("  {:<34} {:>16} {:>16.6g} {:>9.4f}%\n", x.groups[g], x.exposed_demands[g], x.exposed_volume[g],
                       100 * x.share(g));
  }
  out += "  avoidability:";
  for (std::size_t a = 0; a < x.by_avoidability.size(); ++a) {
    out +=
        fmt::format(" {} {} (volume {:.6g}){}", avoidability_name(static_cast<Avoidability>(a)), x.by_avoidability[a],
                    x.volume_by_avoidability[a], a + 1 < x.by_avoidability.size() ? "," : "\n");
  }
  out += fmt::format("  designated nodes by transit volume ({} designated graph nodes):\n", x.transit_element.size());
  const std::vector<std::size_t> order = transit_ranking(x);
  for (std::size_t i = 0; i < std::min(r.top, order.size()); ++i) {
    const ElementIndex e = x.transit_element[order[i]];
    out += fmt::format("    {:<24} {:<12} {:<20} {:>14.6g}\n", r.store->id_of(e), function_name(r.store->function[e]),
                       maker_of(r, e), x.transit_volume[order[i]]);
  }
}

void text_loss(const TopologyResults& r, const LossReport& l, std::string& out) {
  out += fmt::format("\nSupplier loss: {}\n", l.scenario);
  out += fmt::format("  removed: {:.0f} elements (subscribers {:.6g})\n", l.removed_total.count,
                     l.removed_total.subscribers);
  out += fmt::format(
      "  cut off from the core: {:.0f} elements, subscribers {:.6g}, traffic {:.6g} "
      "(already cut off before: {:.0f})\n",
      l.cut_off_total.count, l.cut_off_total.subscribers, l.cut_off_total.traffic, l.cut_off_before_total.count);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (l.cut_off[f].count == 0 && l.removed[f].count == 0) continue;
    out += fmt::format("    {:<12} removed {:>10.0f}  cut off {:>10.0f}  subscribers cut off {:>12.6g}\n",
                       kFunctionNames[f], l.removed[f].count, l.cut_off[f].count, l.cut_off[f].subscribers);
  }
  out += fmt::format("  demands disconnected: {} of {} (volume {:.6g}; {} were disconnected before)\n",
                     l.demands_disconnected, r.demands->size(), l.volume_lost, l.demands_disconnected_before);
  out += fmt::format("  orphaned components: {}; largest:", l.orphaned_components);
  for (std::size_t i = 0; i < std::min<std::size_t>(5, l.largest_components.size()); ++i) {
    const OrphanedComponent& c = l.largest_components[i];
    out += fmt::format(" {} elements (with {})", c.elements, r.store->id_of(c.example));
  }
  out += "\n";
}

void text_articulation(const TopologyResults& r, std::string& out) {
  const ArticulationReport& a = *r.articulation;
  out += fmt::format("\nSingle points of failure: {} articulation points, {} designated\n", a.articulation_points,
                     a.designated_points.size());
  out += fmt::format("    {:<24} {:<12} {:<20} {:>12} {:>12} {:>8} {:>12}\n", "element", "function", "maker",
                     "elements", "subscribers", "demands", "volume");
  for (std::size_t i = 0; i < std::min(r.top, a.designated_points.size()); ++i) {
    const ArticulationPoint& p = a.designated_points[i];
    out += fmt::format("    {:<24} {:<12} {:<20} {:>12} {:>12.6g} {:>8} {:>12.6g}\n", r.store->id_of(p.element),
                       function_name(r.store->function[p.element]), maker_of(r, p.element), p.elements_separated,
                       p.subscribers_separated, p.demands_separated, p.volume_separated);
  }
}

Json json_measures(const Measures& m) {
  return Json{{"count", m.count}, {"traffic", m.traffic}, {"subscribers", m.subscribers}};
}

Json json_exposure(const TopologyResults& r, std::size_t max_elements) {
  const ExposureReport& x = *r.exposure;
  Json groups = Json::array();
  for (std::size_t g = 0; g < x.groups.size(); ++g) {
    groups.push_back({{"group", x.groups[g]},
                      {"exposed_demands", x.exposed_demands[g]},
                      {"exposed_volume", x.exposed_volume[g]},
                      {"share", x.share(g)}});
  }
  Json demands = Json::array();
  for (std::size_t d = 0; d < r.demands->size(); ++d) {
    Json fractions = Json::object();
    for (std::size_t g = 0; g < x.groups.size(); ++g) fractions[x.groups[g]] = x.fraction(d, g);
    demands.push_back({{"line", r.demands->line[d]},
                       {"src", r.store->id_of(r.demands->src[d])},
                       {"dst", r.store->id_of(r.demands->dst[d])},
                       {"volume", r.demands->volume[d]},
                       {"shortest_cost", finite_or_null(x.shortest_cost[d])},
                       {"exposed_fraction", fractions},
                       {"avoidability", avoidability_name(x.avoidability[d])},
                       {"clean_cost", finite_or_null(x.clean_cost[d])},
                       {"stretch", finite_or_null(stretch(x, d))}});
  }
  Json nodes = Json::array();
  const std::vector<std::size_t> ranking = transit_ranking(x);
  for (std::size_t k = 0; k < ranking.size() && k < max_elements; ++k) {
    const ElementIndex e = x.transit_element[ranking[k]];
    const std::size_t i = ranking[k];
    nodes.push_back({{"element", r.store->id_of(e)},
                     {"function", function_name(r.store->function[e])},
                     {"maker", maker_of(r, e)},
                     {"transit_volume", x.transit_volume[i]}});
  }
  Json avoid = Json::object();
  for (std::size_t a = 0; a < x.by_avoidability.size(); ++a) {
    avoid[std::string(avoidability_name(static_cast<Avoidability>(a)))] = {{"demands", x.by_avoidability[a]},
                                                                           {"volume", x.volume_by_avoidability[a]}};
  }
  Json out{{"total_volume", x.total_volume},
           {"routed_volume", x.routed_volume},
           {"routed_demands", x.routed_demands},
           {"groups", groups},
           {"avoidability", avoid},
           {"designated_nodes", nodes}};
  if (ranking.size() > nodes.size()) out["designated_nodes_omitted"] = ranking.size() - nodes.size();
  out["demands"] = std::move(demands);
  return out;
}

Json json_loss(const TopologyResults& r, const LossReport& l) {
  Json by_function = Json::object();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    by_function[std::string(kFunctionNames[f])] = {{"removed", json_measures(l.removed[f])},
                                                   {"cut_off", json_measures(l.cut_off[f])},
                                                   {"cut_off_before", json_measures(l.cut_off_before[f])}};
  }
  Json components = Json::array();
  for (const OrphanedComponent& c : l.largest_components) {
    components.push_back({{"elements", c.elements},
                          {"graph_nodes", c.graph_nodes},
                          {"subscribers", c.subscribers},
                          {"traffic", c.traffic},
                          {"example", r.store->id_of(c.example)}});
  }
  Json lost = Json::array();
  for (std::uint32_t d : l.disconnected_demands) lost.push_back(r.demands->line[d]);
  return Json{{"scenario", l.scenario},
              {"removed", json_measures(l.removed_total)},
              {"cut_off", json_measures(l.cut_off_total)},
              {"cut_off_before", json_measures(l.cut_off_before_total)},
              {"by_function", by_function},
              {"demands_disconnected", l.demands_disconnected},
              {"demands_disconnected_before", l.demands_disconnected_before},
              {"volume_lost", l.volume_lost},
              {"disconnected_demand_lines", lost},
              {"orphaned_components", l.orphaned_components},
              {"largest_components", components}};
}

Json json_articulation(const TopologyResults& r, std::size_t max_elements) {
  Json points = Json::array();
  const auto& designated = r.articulation->designated_points;
  for (std::size_t k = 0; k < designated.size() && k < max_elements; ++k) {
    const ArticulationPoint& p = designated[k];
    points.push_back({{"element", r.store->id_of(p.element)},
                      {"function", function_name(r.store->function[p.element])},
                      {"maker", maker_of(r, p.element)},
                      {"elements_separated", p.elements_separated},
                      {"subscribers_separated", p.subscribers_separated},
                      {"demands_separated", p.demands_separated},
                      {"volume_separated", p.volume_separated}});
  }
  Json out{{"articulation_points", r.articulation->articulation_points},
           {"designated_articulation_points", designated.size()},
           {"designated", points}};
  if (designated.size() > points.size()) out["designated_omitted"] = designated.size() - points.size();
  return out;
}

// Scenarios and subjects carry names and element ids from the inputs: they are text cells, quoted
// and neutralised for a spreadsheet; analysis and metric are our own words.
void csv_row(CsvWriter& out, std::string_view analysis, std::string_view scenario, std::string_view subject,
             std::string_view metric, double value) {
  out.plain(analysis).text(scenario).text(subject).plain(metric).number(value).end_row();
}

}  // namespace

std::string render_topology_text(const TopologyResults& r) {
  std::string out;
  text_graph(r, out);
  if (r.exposure) text_exposure(r, out);
  for (const LossReport& l : r.losses) text_loss(r, l, out);
  if (r.articulation) text_articulation(r, out);
  return out;
}

Json topology_json(const TopologyResults& r, std::size_t max_elements) {
  const GraphBuildReport& g = r.graph->report;
  Json j{{"schema", "kitwatch-topology/1"},
         {"graph",
          {{"elements", r.store->size()},
           {"graph_nodes", r.graph->size()},
           {"adjacencies", r.graph->target.size() / 2},
           {"links", g.links},
           {"parallel_links_merged", g.parallel_links},
           {"self_loops_ignored", g.self_loops},
           {"uplink_links", g.uplink_links},
           {"hanging_elements", g.hanging_elements},
           {"unattached_elements", g.unattached_elements},
           {"uplink_loop_elements", g.uplink_loops},
           {"components", g.components}}}};
  Json inputs = Json::object();
  for (const auto& [name, in] : r.inputs) {
    Json errors = Json::array();
    for (const RowError& e : in->first_errors)
      errors.push_back({{"where", e.where.to_string()}, {"reason", e.reason}, {"message", e.message}});
    inputs[name] = {
        {"rows_read", in->rows_read}, {"accepted", in->accepted}, {"rejected", in->rejected}, {"first_errors", errors}};
  }
  j["inputs"] = inputs;
  if (r.exposure) j["exposure"] = json_exposure(r, max_elements);
  j["supplier_loss"] = Json::array();
  for (const LossReport& l : r.losses) j["supplier_loss"].push_back(json_loss(r, l));
  if (r.articulation) j["articulation"] = json_articulation(r, max_elements);
  return j;
}

std::string render_topology_json(const TopologyResults& r, std::size_t max_elements) {
  return topology_json(r, max_elements).dump(1) + "\n";
}

std::string render_topology_csv(const TopologyResults& r) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header("analysis,scenario,subject,metric,value");
  if (r.exposure) {
    const ExposureReport& x = *r.exposure;
    for (std::size_t g = 0; g < x.groups.size(); ++g)
      csv_row(out, "exposure", x.groups[g], "network", "share", x.share(g));
    for (std::size_t d = 0; d < r.demands->size(); ++d) {
      const std::string subject = demand_subject(r, d);
      csv_row(out, "exposure", "", subject, "volume", r.demands->volume[d]);
      for (std::size_t g = 0; g < x.groups.size(); ++g)
        csv_row(out, "exposure", x.groups[g], subject, "exposed_fraction", x.fraction(d, g));
      csv_row(out, "avoidability", avoidability_name(x.avoidability[d]), subject, "stretch", stretch(x, d));
    }
    for (std::size_t i = 0; i < x.transit_element.size(); ++i) {
      csv_row(out, "exposure", "designated", fmt::format("element:{}", r.store->id_of(x.transit_element[i])),
              "transit_volume", x.transit_volume[i]);
    }
  }
  for (const LossReport& l : r.losses) {
    csv_row(out, "loss", l.scenario, "network", "elements_removed", l.removed_total.count);
    csv_row(out, "loss", l.scenario, "network", "elements_cut_off", l.cut_off_total.count);
    csv_row(out, "loss", l.scenario, "network", "subscribers_cut_off", l.cut_off_total.subscribers);
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      csv_row(out, "loss", l.scenario, fmt::format("function:{}", kFunctionNames[f]), "elements_cut_off",
              l.cut_off[f].count);
    }
    csv_row(out, "loss", l.scenario, "network", "demands_disconnected", static_cast<double>(l.demands_disconnected));
    csv_row(out, "loss", l.scenario, "network", "volume_lost", l.volume_lost);
    for (std::uint32_t d : l.disconnected_demands)
      csv_row(out, "loss", l.scenario, demand_subject(r, d), "disconnected", 1);
  }
  if (r.articulation) {
    for (const ArticulationPoint& p : r.articulation->designated_points) {
      const std::string subject = fmt::format("element:{}", r.store->id_of(p.element));
      csv_row(out, "articulation", "designated", subject, "subscribers_separated", p.subscribers_separated);
      csv_row(out, "articulation", "designated", subject, "volume_separated", p.volume_separated);
    }
  }
  return out.take();
}

}  // namespace kitwatch
