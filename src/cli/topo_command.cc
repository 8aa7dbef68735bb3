// kitwatch topo: exposure of traffic to designated equipment, avoidability, supplier loss and
// single points of failure over a topology (links CSV, Topology Zoo GraphML or SNDlib).
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "report/report.h"

namespace kitwatch {
namespace {

struct TopoArgs {
  InputArgs input;
  std::string graphml, sndlib, node_map, format = "text", output;
  AttachOptions attach;
  std::size_t elements = kDefaultJsonElements;
};

Status run_topo(TopoArgs& args) {
  if (!args.input.links.empty() + !args.graphml.empty() + !args.sndlib.empty() != 1) {
    return Status::usage("give exactly one of --links, --graphml, --sndlib");
  }
  if (args.input.inventories.empty()) args.input.quiet = true;  // a demo: the report is the output
  StageTimer timer(args.input.timings);
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  spec->graphml = args.graphml;
  spec->sndlib = args.sndlib;
  spec->node_map = args.node_map;
  spec->attach = args.attach;
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  const bool assessment = args.format == "html" || args.format == "md";
  auto analysis = analyse(**inputs, AnalysisRequest{assessment, false, false, true, false, {}});
  if (!analysis.ok()) return analysis.status();
  auto rendered = render_topology_report(**inputs, *analysis, args.format, args.elements);
  if (!rendered.ok()) return rendered.status();
  const TopologyResults& results = *analysis->topology_results;
  const auto summary = [&] { return args.format == "text" ? std::string() : render_topology_text(results); };
  if (Status s = emit_text(args.output, *rendered, args.input.quiet, summary); !s.ok()) return s;
  timer.stage("report");
  print_timings(args.input, timer,
                fmt::format("{} elements, {} graph nodes", (*inputs)->store.size(), results.graph->size()));
  return Status();
}

}  // namespace

CommandRunner add_topo_command(CLI::App& app) {
  auto args = std::make_shared<TopoArgs>();
  CLI::App* cmd = app.add_subcommand(
      "topo", "Which traffic crosses designated equipment, can it avoid it, and what a supplier's loss cuts off");
  add_input_options(*cmd, args->input);
  cmd->get_option("inventory")->required(false);  // GraphML and SNDlib demos need none
  add_topology_options(*cmd, args->input, "Links CSV (a, b, cost, capacity) between element ids",
                       "Demands CSV (src, dst, volume) between element ids");
  cmd->add_option("--graphml", args->graphml, "Topology Zoo GraphML file (instead of --links)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--sndlib", args->sndlib, "SNDlib instance, native .txt or XML, with its demands")
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
  add_lists_option(*cmd, args->input);
  cmd->add_option("--lose", args->input.lose,
                  "Also report the loss of ENTITY, LIST or COUNTRY (a,b = both at once; repeatable)");
  add_output_options(*cmd, args->format, args->output, {"text", "json", "csv", "html", "md"},
                     "Report format (html and md: the assessment report with the map)");
  add_threads_option(*cmd, args->input);
  add_top_option(*cmd, args->input, "Rows per table in the text report");
  add_elements_option(*cmd, args->elements);
  add_timings_flag(*cmd, args->input);
  return [args] { return run_topo(*args); };
}

}  // namespace kitwatch
