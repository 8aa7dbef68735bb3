// kitwatch whatif: load an inventory once, apply a scenario, and show every metric before and after.
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

struct WhatifArgs {
  InputArgs input;
  std::string scenario, format = "text", output;
};

Status run_whatif(WhatifArgs args) {
  StageTimer timer(args.input.timings);
  // The scenario is read first: a malformed one fails before the inventory is loaded.
  auto scenario = load_scenario(args.scenario, args.input.limits.max_file_bytes);
  if (!scenario.ok()) return scenario.status();
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto run = run_whatif(**inputs, *scenario, args.format == "json");
  if (!run.ok()) return run.status();
  const Comparison& comparison = run->comparison;
  const std::string rendered =
      args.format == "json" ? render_comparison_json(comparison) : render_comparison_text(comparison);
  const auto summary = [&] { return args.format == "text" ? std::string() : render_comparison_text(comparison); };
  if (Status s = emit_text(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  timer.stage("report");
  print_timings(args.input, timer,
                fmt::format("{} elements before, {} after ({})", (*inputs)->store.size(),
                            run->after->state.store->size(), run->after->store ? "store copied" : "store shared"));
  return Status();
}

}  // namespace

CommandRunner add_whatif_command(CLI::App& app) {
  auto args = std::make_shared<WhatifArgs>();
  CLI::App* cmd = app.add_subcommand(
      "whatif", "Apply a scenario (YAML) to an inventory and show every metric before and after, with the delta");
  add_input_options(*cmd, args->input);
  cmd->add_option("--scenario", args->scenario, "Scenario YAML (docs/whatif.md); also the last positional argument")
      ->check(CLI::ExistingFile);
  add_output_options(*cmd, args->format, args->output, {"text", "json"});
  add_topology_options(*cmd, args->input, "Links CSV (a, b, cost, capacity): adds topology exposure",
                       "Demands CSV (src, dst, volume), with --links");
  add_policy_option(*cmd, args->input,
                    "Policy packs (shipped name or file; repeatable); a pack's evaluation section adds capacity");
  add_lists_option(*cmd, args->input);
  add_threads_option(*cmd, args->input);
  add_top_option(*cmd, args->input, "How many builds and affected products to list");
  add_timings_flag(*cmd, args->input);
  return [args] {
    WhatifArgs run = *args;
    // `kitwatch whatif INVENTORY SCENARIO`: the last positional file is the scenario.
    if (run.scenario.empty()) {
      if (run.input.inventories.size() < 2) {
        return Status::usage("whatif: give INVENTORY... SCENARIO (or --scenario FILE)");
      }
      run.scenario = run.input.inventories.back();
      run.input.inventories.pop_back();
    }
    return run_whatif(std::move(run));
  };
}

}  // namespace kitwatch
