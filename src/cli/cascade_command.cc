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
  std::vector<std::string> boms, stop_suppliers;
  std::string to, designate, list, from, until, format = "text", output;
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
  cmd->add_option("--stop-supplier", args->stop_suppliers,
                  "Suppliers that stop selling: registry entity id, country code (US) or BOM supplier name (a,b)")
      ->delimiter(',');
  cmd->add_option("--to", args->to, "The controller they stop selling to (registry entity id)");
  cmd->add_option("--designate", args->designate, "Scenario: this controller (registry entity id) is designated");
  cmd->add_option("--list", args->list, "The designation list for --designate");
  cmd->add_option("--from", args->from, "First day the scenario is in effect (YYYY-MM-DD)")->required();
  cmd->add_option("--until", args->until, "Last day the scenario is in effect (default: open-ended)");
  add_lists_option(*cmd, args->input);
  add_topology_options(*cmd, args->input, "Links CSV: also report what the affected elements' loss cuts off",
                       "Demands CSV (src, dst, volume) between element ids, with --links");
  add_output_options(*cmd, args->format, args->output, {"text", "json"});
  add_top_option(*cmd, args->input, "Rows per table in the text report");
  add_timings_flag(*cmd, args->input);
  return [args] { return run_cascade_command(*args); };
}

}  // namespace kitwatch
