// Topology and traffic analysis: which traffic crosses designated equipment, whether it can avoid
// it, what is cut off from the core when a set of nodes is lost, and which designated nodes are
// single points of failure. The definitions are docs/definitions.md's ("Routing", "Exposed fraction",
// "Avoidable", "Cut off"); docs/topology.md states them with every edge case.
//
// The graph. Graph nodes are the elements that are link endpoints, demand endpoints or `core`
// elements, closed under `uplink` (a graph node's uplink is a graph node too, joined to it by an
// implicit link of cost 1). Every other element *hangs*: it is attached to the graph through its
// uplink chain only (CPE off an access node), never routes traffic, and is cut off with the first
// graph node of its chain. Parallel links are merged (lowest cost, capacities summed) and
// self-loops ignored; both are counted in GraphBuildReport.
//
// Thread safety: every function here only reads its inputs; analyse_exposure runs its own threads
// and returns the same bytes for any thread count.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "assess/assess.h"
#include "base/read_file.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "model/element_store.h"

namespace kitwatch {

using NodeIndex = std::uint32_t;
inline constexpr NodeIndex kNoNode = 0xFFFFFFFFu;

// Traffic demands between elements. Kept in file order; index i is demand i everywhere.
struct DemandTable {
  std::vector<ElementIndex> src, dst;
  std::vector<double> volume;
  std::vector<std::uint64_t> line;  // where each demand came from (0 = not from a file)
  std::string file;
  std::size_t size() const { return src.size(); }
  void add(ElementIndex s, ElementIndex t, double v, std::uint64_t at) {
    src.push_back(s);
    dst.push_back(t);
    volume.push_back(v);
    line.push_back(at);
  }
};

// Reads a demands CSV (src, dst, volume; volume defaults to 1) whose endpoints are element ids.
// Rows naming unknown elements or bad volumes are rejected and counted in report (an error in
// strict mode), like every other ingest.
Status ingest_demands(const std::string& path, const IngestOptions& options, const ElementStore& store,
                      DemandTable& demands, IngestReport& report);
Status ingest_demands_bytes(std::string_view bytes, const std::string& name, const IngestOptions& options,
                            const ElementStore& store, DemandTable& demands, IngestReport& report);

// What building the graph merged, ignored or found.
struct GraphBuildReport {
  std::uint64_t links = 0;                // links given
  std::uint64_t self_loops = 0;           // ignored
  std::uint64_t parallel_links = 0;       // merged into an earlier link between the same nodes
  std::uint64_t uplink_links = 0;         // implicit links from a graph node's uplink
  std::uint64_t hanging_elements = 0;     // elements attached by uplink only
  std::uint64_t unattached_elements = 0;  // hanging elements whose uplink chain reaches no graph node
  std::uint64_t uplink_loops = 0;         // hanging elements on, or below, an uplink cycle
  std::uint64_t components = 0;           // connected components of the graph (graph nodes only)
};

// The routing graph in compressed sparse rows, plus the hanging forest. Holds a reference to the
// store, which must outlive it and must have had its uplinks linked (finish_inventory).
struct TopologyGraph {
  const ElementStore* store = nullptr;
  std::vector<ElementIndex> element;   // graph node → element
  std::vector<NodeIndex> node;         // element → graph node, kNoNode for hanging elements
  std::vector<std::uint64_t> offset;   // node u's links are [offset[u], offset[u+1])
  std::vector<NodeIndex> target;       // neighbour, sorted by node within a row, unique
  std::vector<double> cost, capacity;  // per directed entry
  // Hanging elements, each after its uplink when that hangs too; elements on or below an uplink
  // cycle are left out (they are unattached).
  std::vector<ElementIndex> hanging_order;
  // Per element: the graph node its uplink chain first reaches (kNoNode for graph nodes and for
  // unattached elements).
  std::vector<NodeIndex> attach;
  GraphBuildReport report;

  std::size_t size() const { return element.size(); }
  std::span<const NodeIndex> neighbours(NodeIndex u) const { return {target.data() + offset[u], degree(u)}; }
  std::span<const double> costs(NodeIndex u) const { return {cost.data() + offset[u], degree(u)}; }
  std::size_t degree(NodeIndex u) const { return offset[u + 1] - offset[u]; }
};

TopologyGraph build_topology(const ElementStore& store, const LinkTable& links, const DemandTable& demands);

// Named sets of elements the exposure is broken down by. Group 0 is the set every other analysis
// uses (all designated elements under the lists in force); further groups are one designation
// list or one controller each. At most kMaxGroups.
inline constexpr std::size_t kMaxGroups = 16;
struct NodeGroups {
  std::vector<std::string> names;   // group g's name, e.g. "designated", "list:uk-tsa", "controller:huawei"
  std::vector<std::uint16_t> mask;  // per element: bit g set when the element is in group g
  bool in(ElementIndex e, std::size_t g) const { return (mask[e] >> g) & 1u; }
};

// Builds groups: "designated" (the lists given, empty = all), then one per registry list and one
// per designated controller that has at least one element (largest first, up to kMaxGroups).
Result<NodeGroups> designation_groups(const ElementStore& store, const Registry& registry, const Resolution& resolution,
                                      const std::vector<std::string>& lists, Date as_of);

enum class Avoidability : std::uint8_t {
  kNotExposed,           // no volume visits a designated node
  kAvoidable,            // a path whose interior avoids every designated node exists
  kUnavoidable,          // every path crosses a designated node
  kUnavoidableEndpoint,  // an endpoint is designated
  kNotRouted,            // the endpoints are not connected
};
std::string_view avoidability_name(Avoidability a);

struct ExposureOptions {
  unsigned threads = 0;  // 0 = KITWATCH_THREADS when set, else one per hardware thread (base/threads.h)
};

struct ExposureReport {
  std::vector<std::string> groups;
  // Per demand (DemandTable order).
  std::vector<double> shortest_cost;     // +inf when not routed
  std::vector<double> exposed_fraction;  // demand d, group g at [d * groups.size() + g]
  std::vector<Avoidability> avoidability;
  std::vector<double> clean_cost;  // best cost of a path with a non-designated interior (+inf if none)
  // Totals (group 0 unless per group).
  double total_volume = 0, routed_volume = 0;
  std::uint64_t routed_demands = 0;
  std::vector<double> exposed_volume;              // per group
  std::vector<std::uint64_t> exposed_demands;      // per group: demands with a fraction above 0
  std::array<std::uint64_t, 5> by_avoidability{};  // demand counts by Avoidability
  std::array<double, 5> volume_by_avoidability{};
  // Per designated (group 0) graph node, in node order: the volume whose routing visits it.
  std::vector<ElementIndex> transit_element;
  std::vector<double> transit_volume;

  double share(std::size_t g) const { return routed_volume > 0 ? exposed_volume[g] / routed_volume : 0; }
  double fraction(std::size_t d, std::size_t g) const { return exposed_fraction[d * groups.size() + g]; }
};

// Routes every demand by per-hop ECMP shortest paths, one shortest-path DAG per distinct
// destination, and measures exposure and avoidability against groups.
ExposureReport analyse_exposure(const TopologyGraph& graph, const DemandTable& demands, const NodeGroups& groups,
                                const ExposureOptions& options = {});

// One connected part of what remains that reaches no core node.
struct OrphanedComponent {
  std::uint64_t elements = 0, graph_nodes = 0;
  double subscribers = 0, traffic = 0;
  ElementIndex example = kNoElement;  // its first element, to trace it
};

struct LossReport {
  std::string scenario;
  std::array<Measures, kFunctionCount> removed{}, cut_off{}, cut_off_before{};  // per function
  Measures removed_total, cut_off_total, cut_off_before_total;                  // cut_off includes cut_off_before
  std::uint64_t demands_disconnected = 0, demands_disconnected_before = 0;
  double volume_lost = 0;
  std::vector<std::uint32_t> disconnected_demands;  // indices into the DemandTable
  std::uint64_t orphaned_components = 0;
  std::vector<OrphanedComponent> largest_components;  // largest first, up to `keep`
};

// Removes the elements with removed[e] != 0 and reports what is cut off (docs/definitions.md "Cut off").
LossReport analyse_loss(const TopologyGraph& graph, const DemandTable& demands, std::span<const std::uint8_t> removed,
                        std::string scenario, std::size_t keep = 20);

struct ArticulationPoint {
  ElementIndex element = kNoElement;
  std::uint64_t elements_separated = 0;  // elements it alone would cut off from the core
  double subscribers_separated = 0;
  std::uint64_t demands_separated = 0;  // demands its loss alone would disconnect
  double volume_separated = 0;
};

struct ArticulationReport {
  std::uint64_t articulation_points = 0;             // in the graph with uplinks, every element a node
  std::vector<ArticulationPoint> designated_points;  // ranked: subscribers, then volume, then element
};

// Articulation points of the graph in which every element is a node and every link and uplink an
// edge, and for the designated ones what each alone separates from the core.
ArticulationReport analyse_articulation(const TopologyGraph& graph, const DemandTable& demands,
                                        std::span<const std::uint8_t> designated);

// A topology read from a Topology Zoo GraphML file or an SNDlib instance (native or XML), before
// its nodes are attached to elements. Node indices are positions in `nodes`.
struct TopologyFile {
  struct Node {
    std::string id, label;
    std::vector<std::pair<std::string, std::string>> attributes;  // GraphML data by attr.name
    std::uint64_t line = 0;
  };
  struct Link {
    std::uint32_t a = 0, b = 0;
    double cost = 1, capacity = 0;
    std::uint64_t line = 0;
  };
  struct Demand {
    std::uint32_t src = 0, dst = 0;
    double volume = 0;
    std::uint64_t line = 0;
  };
  std::string path, network;
  std::vector<Node> nodes;
  std::vector<Link> links;
  std::vector<Demand> demands;
};

// Topology Zoo GraphML. A strict reader of the XML subset GraphML uses: a DOCTYPE or entity
// declaration is refused (no entity expansion, so no "billion laughs"); keys are mapped by
// attr.name; edges naming unknown nodes are input errors with their line.
Result<TopologyFile> read_graphml(std::string_view bytes, const std::string& name);
// SNDlib: the native text format (NODES, LINKS, DEMANDS sections) or SNDlib XML, told apart by
// content. Link cost is the routing cost when given and positive, else 1; capacity is the
// pre-installed capacity. Demands keep their direction as written.
Result<TopologyFile> read_sndlib(std::string_view bytes, const std::string& name);
// Reads a GraphML (or, with sndlib, an SNDlib) file: only a regular file of at most max_file_bytes
// (base/read_file.h).
Result<TopologyFile> read_topology_file(const std::string& path, bool sndlib,
                                        std::uint64_t max_file_bytes = kDefaultMaxFileBytes);
// A node map: a two-column CSV (node, element) with a header row, for AttachOptions::node_map.
// Any other shape is an input error at its line.
Status read_node_map(const std::string& path, std::uint64_t max_file_bytes,
                     std::vector<std::pair<std::string, std::string>>& out);

// How topology-file nodes become elements.
struct AttachOptions {
  // With an inventory: node → element id pairs (a mapping file); nodes not listed, or all when
  // empty, are matched by node id, then by label.
  std::vector<std::pair<std::string, std::string>> node_map;
  // Without an inventory (demos): one element per node, id = node id, name = label; the declared
  // vendor from this node attribute, or else drawn from vendor_mix ("Huawei=2,Nokia=5,...",
  // weights) with seed. core lists the node ids or labels that are `core`; empty = every node.
  std::string vendor_attribute, vendor_mix;
  std::uint64_t seed = 1;
  std::vector<std::string> core;
};

// Creates the demo elements (when store is empty) or maps nodes to existing elements, then fills
// links and demands. Unmatched nodes are rejected and counted in report, with their line.
Status attach_topology(const TopologyFile& file, const AttachOptions& options, ElementStore& store, LinkTable& links,
                       DemandTable& demands, IngestReport& report);

// The elements a supplier-loss scenario removes. spec is one or more names joined by commas, each
// a registry entity id (everything it makes or controls, by control chain at as_of), a designation
// list id (what the list designates at as_of) or a country code (elements whose controller has
// that country). Unknown names are a usage error.
Result<std::vector<std::uint8_t>> loss_scenario(const ElementStore& store, const Registry& registry,
                                                const Resolution& resolution, std::string_view spec, Date as_of);

// Everything one `topo` run computed, for rendering. Pointers may be null when an analysis was
// not run (no demands: no exposure).
struct TopologyResults {
  const ElementStore* store = nullptr;
  const Registry* registry = nullptr;
  const Resolution* resolution = nullptr;
  const TopologyGraph* graph = nullptr;
  const DemandTable* demands = nullptr;
  const ExposureReport* exposure = nullptr;
  std::vector<LossReport> losses;
  const ArticulationReport* articulation = nullptr;
  std::vector<std::pair<std::string, const IngestReport*>> inputs;  // ("links", report), ...
  std::size_t top = 10;                                             // rows listed per table in text
};

// Every topology analysis of one run, owned together: the graph, exposure (when there are demands),
// supplier loss for all designated nodes and for each `lose` spec, and single points of failure.
struct TopologyRun {
  TopologyGraph graph;
  ExposureReport exposure;
  bool has_exposure = false;
  std::vector<LossReport> losses;
  ArticulationReport articulation;
};

struct TopologyRunOptions {
  std::vector<std::string> lists;  // designation lists that count (empty = all)
  std::vector<std::string> lose;   // extra loss scenarios: ENTITY, LIST or COUNTRY (a,b = both)
  Date as_of;
  unsigned threads = 0;
  std::function<void(const char*)> stage;  // called after each analysis (for timings), may be empty
};

Result<std::unique_ptr<TopologyRun>> analyse_topology(const ElementStore& store, const Registry& registry,
                                                      const Resolution& resolution, const LinkTable& links,
                                                      const DemandTable& demands, const TopologyRunOptions& options);
// Results for rendering that point at run and at the caller's inputs (which must outlive them).
TopologyResults topology_results(const TopologyRun& run, const ElementStore& store, const Registry& registry,
                                 const Resolution& resolution, const DemandTable& demands);

std::string render_topology_text(const TopologyResults& results);
// Versioned JSON ("kitwatch-topology/1"): every demand with its figures, every scenario, and the
// designated nodes by transit volume and the ranked designated articulation points, each list at
// most max_elements long (`designated_nodes_omitted`, `designated_omitted` count the rest).
std::string render_topology_json(const TopologyResults& results, std::size_t max_elements = SIZE_MAX);
// The same document as a JSON value, for reports that embed it (assess --format json).
nlohmann::ordered_json topology_json(const TopologyResults& results, std::size_t max_elements = SIZE_MAX);
// One tidy table: analysis,scenario,subject,metric,value; subject names the demand
// ("demand:LINE:SRC>DST") or element ("element:ID") each figure comes from. Spreadsheet-safe
// cells (base/csv_writer.h): an id holding a comma or quote is quoted, one like "=1+1" neutralised.
std::string render_topology_csv(const TopologyResults& results);

// Per-element map coordinates (e.g. a Topology Zoo node's Latitude/Longitude); NaN = none.
struct ElementCoordinates {
  std::vector<double> latitude, longitude;
};

// The coordinates of the elements a topology file's nodes became (attach_topology): each node's
// Latitude and Longitude attributes (Topology Zoo GraphML), matched to an element as
// attach_topology matches it: through node_map (node id → element id) when the node is listed,
// else by node id, label, or "label#id" (the id of a demo element). Nodes without both, or with
// values out of range, give no coordinates.
ElementCoordinates coordinates_from(const TopologyFile& file, const ElementStore& store,
                                    const std::vector<std::pair<std::string, std::string>>& node_map = {});

}  // namespace kitwatch
