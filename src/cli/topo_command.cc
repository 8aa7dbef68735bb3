// kitwatch topo: exposure of traffic to designated equipment, avoidability, supplier loss and
// single points of failure over a topology (links CSV, Topology Zoo GraphML or SNDlib).
#include <fmt/format.h>

#include <memory>
#include <optional>

#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "report/report.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

struct TopoArgs {
  InputArgs input;
  std::string links, graphml, sndlib, demands, node_map, format = "text", output;
  std::vector<std::string> lists, lose;
  AttachOptions attach;
  unsigned threads = 0;
  std::size_t top = 10;
  bool timings = false;
};

// Reads the topology; a GraphML file's node coordinates (Topology Zoo Latitude/Longitude) go to
// coordinates, for the HTML report's map.
Status read_topology(const TopoArgs& args, LoadedInputs& in, LinkTable& links, DemandTable& demands,
                     std::vector<std::pair<std::string, IngestReport>>& reports,
                     std::optional<ElementCoordinates>& coordinates) {
  if (!args.links.empty()) {
    reports.emplace_back("links", IngestReport{});
    if (Status s = ingest_links(args.links, in.options, in.store, links, reports.back().second); !s.ok()) return s;
  } else {
    auto file = read_topology_file(args.graphml.empty() ? args.sndlib : args.graphml, args.graphml.empty());
    if (!file.ok()) return file.status();
    AttachOptions attach = args.attach;
    if (!args.node_map.empty()) {
      if (Status s = read_node_map(args.node_map, in.options.max_file_bytes, attach.node_map); !s.ok()) return s;
    }
    const bool demo = in.store.size() == 0;
    reports.emplace_back("nodes", IngestReport{});
    if (Status s = attach_topology(*file, attach, in.store, links, demands, reports.back().second); !s.ok()) return s;
    if (demo) {
      in.store.link_uplinks();
      in.resolution = resolve(in.store, *in.registry, *in.macs, in.as_of);
    }
    coordinates = coordinates_from(*file, in.store, attach.node_map);
  }
  if (!args.demands.empty()) {
    reports.emplace_back("demands", IngestReport{});
    if (Status s = ingest_demands(args.demands, in.options, in.store, demands, reports.back().second); !s.ok())
      return s;
  }
  return Status();
}

// The report in the chosen format. html and md are the assessment report of the elements the
// topology covers, with the map (at the GraphML coordinates when every drawn node has them).
Result<std::string> render_topo_report(const TopoArgs& args, const LoadedInputs& in, const TopologyResults& results,
                                       const IngestReport& topology_input, const ElementCoordinates* coordinates) {
  if (args.format == "json") return render_topology_json(results);
  if (args.format == "csv") return render_topology_csv(results);
  if (args.format == "text") return render_topology_text(results);
  auto report = assess(in.store, *in.registry, in.resolution, AssessOptions{in.as_of, args.lists, args.top});
  if (!report.ok()) return report.status();
  // A demo without inventory: the topology file's nodes are the elements, so it is the input.
  const IngestReport& elements_input = in.ingest.files.empty() ? topology_input : in.ingest;
  AssessContext context{*report, elements_input, *in.registry, in.resolution, &topology_input, &results};
  context.coordinates = coordinates;
  if (args.format == "md") return render_markdown(context);
  return render_html(context);
}

Status run_topo(TopoArgs& args) {
  if (!args.links.empty() + !args.graphml.empty() + !args.sndlib.empty() != 1) {
    return Status::usage("give exactly one of --links, --graphml, --sndlib");
  }
  if (!args.links.empty() && args.input.inventories.empty()) {
    return Status::usage("--links needs an INVENTORY: its endpoints are element ids");
  }
  StageTimer timer(args.timings);
  if (args.input.inventories.empty()) args.input.quiet = true;  // demo elements carry no MACs
  auto loaded = load_inputs(args.input, timer);
  if (!loaded.ok()) return loaded.status();
  LoadedInputs& in = **loaded;
  LinkTable links;
  DemandTable demands;
  std::vector<std::pair<std::string, IngestReport>> reports;
  std::optional<ElementCoordinates> coordinates;
  if (Status s = read_topology(args, in, links, demands, reports, coordinates); !s.ok()) return s;
  TopologyRunOptions options{args.lists, args.lose, in.as_of, args.threads,
                             [&timer](const char* name) { timer.stage(name); }};
  auto run = analyse_topology(in.store, *in.registry, in.resolution, links, demands, options);
  if (!run.ok()) return run.status();
  const TopologyGraph& graph = (*run)->graph;
  TopologyResults results = topology_results(**run, in.store, *in.registry, in.resolution, demands);
  results.top = args.top;
  for (const auto& [name, report] : reports) results.inputs.emplace_back(name, &report);

  auto rendered = render_topo_report(args, in, results, reports.front().second, coordinates ? &*coordinates : nullptr);
  if (!rendered.ok()) return rendered.status();
  const auto summary = [&] { return args.format == "text" ? std::string() : render_topology_text(results); };
  if (Status s = emit_report(args.output, *rendered, args.input.quiet, summary); !s.ok()) return s;
  timer.stage("report");
  if (args.timings)
    fmt::print(stderr, "{}; {} elements, {} graph nodes\n", timer.summary(), in.store.size(), graph.size());
  return Status();
}

}  // namespace

CommandRunner add_topo_command(CLI::App& app) {
  auto args = std::make_shared<TopoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "topo", "Which traffic crosses designated equipment, can it avoid it, and what a supplier's loss cuts off");
  add_input_options(*cmd, args->input);
  cmd->get_option("inventory")->required(false);  // GraphML and SNDlib demos need none
  cmd->add_option("--links", args->links, "Links CSV (a, b, cost, capacity) between element ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--graphml", args->graphml, "Topology Zoo GraphML file (instead of --links)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--sndlib", args->sndlib, "SNDlib instance, native .txt or XML, with its demands")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demands", args->demands, "Demands CSV (src, dst, volume) between element ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--node-map", args->node_map, "CSV of topology node id → element id (with an inventory)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--vendor-attribute", args->attach.vendor_attribute,
                  "Demo without inventory: take each node's vendor from this GraphML node attribute");
  cmd->add_option("--vendor-mix", args->attach.vendor_mix,
                  "Demo without inventory: draw each node's vendor from these weights (e.g. Huawei=2,Nokia=5,Cisco=3)");
  cmd->add_option("--seed", args->attach.seed, "Seed for --vendor-mix")->capture_default_str();
  cmd->add_option("--core", args->attach.core, "Demo without inventory: core nodes, by id or label (default: all)")
      ->delimiter(',');
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--lose", args->lose,
                  "Also report the loss of ENTITY, LIST or COUNTRY (a,b = both at once; repeatable)");
  cmd->add_option("--format", args->format, "Report format (html and md: the assessment report with the map)")
      ->check(CLI::IsMember({"text", "json", "csv", "html", "md"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report here; the text summary still goes to stdout");
  cmd->add_option("--threads", args->threads, "Threads for exposure (0 = one per core)")->capture_default_str();
  cmd->add_option("--top", args->top, "Rows per table in the text report")->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage and peak memory to stderr");
  return [args] { return run_topo(*args); };
}

}  // namespace kitwatch
