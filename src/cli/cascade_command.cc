// kitwatch cascade: a supply-chain scenario ("S stops selling to V from D", "V is designated on L
// from D") propagated through component BOMs to products, elements, traffic and subscribers, and,
// with a topology, to what is cut off from the core.
#include <fmt/format.h>

#include <memory>

#include "assess/assess.h"
#include "bom/bom.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

struct CascadeArgs {
  InputArgs input;
  std::vector<std::string> boms, stop_suppliers, lists;
  std::string to, designate, list, from, until, links, demands, format = "text", output;
  std::size_t top = 10;
  bool timings = false;
};

Result<Date> parse_date_option(const std::string& text, const char* option) {
  auto d = Date::parse(text);
  if (!d) return Status::usage(fmt::format("{} '{}': expected a date YYYY-MM-DD", option, text));
  return *d;
}

Result<CascadeScenario> scenario_of(const CascadeArgs& args) {
  CascadeScenario s;
  const bool stop = !args.stop_suppliers.empty(), designate = !args.designate.empty();
  if (stop == designate) return Status::usage("give either --stop-supplier S --to V, or --designate V --list L");
  if (stop && args.to.empty())
    return Status::usage("--stop-supplier needs --to V (the controller they stop selling to)");
  if (designate && args.list.empty()) return Status::usage("--designate needs --list L (the designation list)");
  s.kind = stop ? CascadeScenario::Kind::kStopSupplier : CascadeScenario::Kind::kDesignate;
  s.suppliers = args.stop_suppliers;
  s.target = stop ? args.to : args.designate;
  s.list = args.list;
  auto from = parse_date_option(args.from, "--from");
  if (!from.ok()) return from.status();
  s.from = *from;
  if (!args.until.empty()) {
    auto until = parse_date_option(args.until, "--until");
    if (!until.ok()) return until.status();
    s.until = *until;
  }
  return s;
}

Status run_cascade_command(CascadeArgs& args) {
  auto scenario = scenario_of(args);
  if (!scenario.ok()) return scenario.status();
  if (args.demands.size() && args.links.empty()) return Status::usage("--demands needs --links");
  StageTimer timer(args.timings);
  auto loaded = load_inputs(args.input, timer);
  if (!loaded.ok()) return loaded.status();
  LoadedInputs& in = **loaded;
  BomSet bom;
  for (const std::string& path : args.boms) {
    if (Status s = read_bom_file(path, bom); !s.ok()) return s;
  }
  timer.stage("boms");
  auto designated = designated_elements(in.store, *in.registry, in.resolution, args.lists, in.as_of);
  if (!designated.ok()) return designated.status();
  LinkTable links;
  DemandTable demands;
  IngestReport links_report, demands_report;
  TopologyGraph graph;
  CascadeOptions options{in.as_of};
  if (!args.links.empty()) {
    if (Status s = ingest_links(args.links, in.options, in.store, links, links_report); !s.ok()) return s;
    if (!args.demands.empty()) {
      if (Status s = ingest_demands(args.demands, in.options, in.store, demands, demands_report); !s.ok()) return s;
    }
    graph = build_topology(in.store, links, demands);
    options.graph = &graph;
    options.demands = &demands;
  }
  auto report = run_cascade(bom, in.store, *in.registry, in.resolution, *designated, *scenario, options);
  if (!report.ok()) return report.status();
  timer.stage("cascade");
  const std::string text = render_cascade_text(*report, bom, in.store, *in.registry, args.top);
  const std::string rendered = args.format == "json" ? render_cascade_json(*report, bom, in.store, *in.registry) : text;
  const auto summary = [&] { return args.format == "text" ? std::string() : text; };
  if (Status s = emit_report(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  if (args.timings) fmt::print(stderr, "{}; {} elements\n", timer.summary(), in.store.size());
  return Status();
}

}  // namespace

CommandRunner add_cascade_command(CLI::App& app) {
  auto args = std::make_shared<CascadeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "cascade",
      "Which elements lose parts or software updates when a supplier stops selling or a vendor is designated");
  add_input_options(*cmd, args->input);
  cmd->add_option("--bom", args->boms, "Component BOM: CycloneDX 1.4-1.6 JSON or CSV (repeatable)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--stop-supplier", args->stop_suppliers,
                  "Suppliers that stop selling: registry entity id, country code (US) or BOM supplier name (a,b)")
      ->delimiter(',');
  cmd->add_option("--to", args->to, "The controller they stop selling to (registry entity id)");
  cmd->add_option("--designate", args->designate, "Scenario: this controller (registry entity id) is designated");
  cmd->add_option("--list", args->list, "The designation list for --designate");
  cmd->add_option("--from", args->from, "First day the scenario is in effect (YYYY-MM-DD)")->required();
  cmd->add_option("--until", args->until, "Last day the scenario is in effect (default: open-ended)");
  cmd->add_option("--lists", args->lists, "Designation lists that count as designated (default: all)")->delimiter(',');
  cmd->add_option("--links", args->links, "Links CSV: also report what the affected elements' loss cuts off")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demands", args->demands, "Demands CSV (src, dst, volume) between element ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report here; the text summary still goes to stdout");
  cmd->add_option("--top", args->top, "Rows per table in the text report")->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage to stderr");
  return [args] { return run_cascade_command(*args); };
}

}  // namespace kitwatch
