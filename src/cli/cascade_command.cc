// kitwatch cascade: a supply-chain scenario ("S stops selling to V from D", "V is designated on L
// from D") propagated through component BOMs to products, elements, traffic and subscribers, and,
// with a topology, to what is cut off from the core.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"

namespace kitwatch {
namespace {

struct CascadeArgs {
  InputArgs input;
  std::vector<std::string> boms;
  CascadeScenarioText scenario;
  std::string format = "text", output;
};

Status run_cascade_command(CascadeArgs& args) {
  auto scenario = parse_cascade_scenario(args.scenario);
  if (!scenario.ok()) return scenario.status();
  StageTimer timer(args.input.timings);
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  spec->boms = args.boms;
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto analysis = analyse(**inputs, AnalysisRequest{false, false, false, false, false, *scenario});
  if (!analysis.ok()) return analysis.status();
  const Inputs& in = **inputs;
  const CascadeReport& report = analysis->cascades.front();
  const std::string text = render_cascade_text(report, in.bom, in.store, *in.registry, args.input.top);
  const std::string rendered =
      args.format == "json" ? render_cascade_json(report, in.bom, in.store, *in.registry) : text;
  const auto summary = [&] { return args.format == "text" ? std::string() : text; };
  if (Status s = emit_text(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  print_timings(args.input, timer, fmt::format("{} elements", in.store.size()));
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
  cmd->add_option("--stop-supplier", args->scenario.suppliers,
                  "Suppliers that stop selling: registry entity id, country code (US) or BOM supplier name (a,b)")
      ->delimiter(',');
  cmd->add_option("--to", args->scenario.to, "The controller they stop selling to (registry entity id)");
  cmd->add_option("--designate", args->scenario.designate,
                  "Scenario: this controller (registry entity id) is designated");
  cmd->add_option("--list", args->scenario.list, "The designation list for --designate");
  cmd->add_option("--from", args->scenario.from, "First day the scenario is in effect (YYYY-MM-DD)")->required();
  cmd->add_option("--until", args->scenario.until, "Last day the scenario is in effect (default: open-ended)");
  add_lists_option(*cmd, args->input);
  add_topology_options(*cmd, args->input, "Links CSV: also report what the affected elements' loss cuts off",
                       "Demands CSV (src, dst, volume) between element ids, with --links");
  add_output_options(*cmd, args->format, args->output, {"text", "json"});
  add_top_option(*cmd, args->input, "Rows per table in the text report");
  add_timings_flag(*cmd, args->input);
  return [args] { return run_cascade_command(*args); };
}

}  // namespace kitwatch
