// kitwatch whatif: load an inventory once, apply a scenario, and show every metric before and after.
#include <fmt/format.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/inputs.h"
#include "policy/policy.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

struct WhatifArgs {
  InputArgs input;
  std::string scenario, format = "text", output, links, demands;
  std::vector<std::string> lists, policies;
  unsigned threads = 0;
  bool timings = false;
  std::size_t top = 10;
};

Status run_whatif(WhatifArgs args) {
  StageTimer timer(args.timings);
  // The scenario is read first: a malformed one fails before the inventory is loaded.
  auto scenario = load_scenario(args.scenario);
  if (!scenario.ok()) return scenario.status();
  std::vector<Pack> packs;
  if (!args.policies.empty()) {
    auto loaded = load_policy_packs(args.policies);
    if (!loaded.ok()) return loaded.status();
    packs = std::move(*loaded);
  }
  auto sources = registry_sources(args.input.registries);
  if (!sources.ok()) return sources.status();
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  LoadedInputs& inputs = **in;
  LinkTable links;
  DemandTable demands;
  IngestReport link_report, demand_report;
  if (!args.links.empty()) {
    if (Status s = ingest_links(args.links, inputs.options, inputs.store, links, link_report); !s.ok()) return s;
    if (!args.demands.empty()) {
      if (Status s = ingest_demands(args.demands, inputs.options, inputs.store, demands, demand_report); !s.ok())
        return s;
    }
    timer.stage("links");
  }
  const NetworkState before{&inputs.store,
                            inputs.registry.get(),
                            &inputs.resolution,
                            inputs.as_of,
                            args.links.empty() ? nullptr : &links,
                            args.demands.empty() ? nullptr : &demands};
  auto after = apply_scenario(*scenario, before, ApplyOptions{std::move(*sources), inputs.macs.get()});
  if (!after.ok()) return after.status();
  timer.stage("after-state");
  const unsigned threads = args.threads == 0 ? 2 : args.threads;
  auto comparison = compare_states(*scenario, before, **after,
                                   CompareOptions{args.lists, &packs, threads, args.top, args.format == "json"});
  if (!comparison.ok()) return comparison.status();
  timer.stage("metrics");
  const std::string rendered =
      args.format == "json" ? render_comparison_json(*comparison) : render_comparison_text(*comparison);
  const auto summary = [&] { return args.format == "text" ? std::string() : render_comparison_text(*comparison); };
  if (Status s = emit_report(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  timer.stage("report");
  if (args.timings) {
    const std::size_t after_size = (*after)->state.store->size();
    fmt::print(stderr, "{}; {} elements before, {} after ({})\n", timer.summary(), inputs.store.size(), after_size,
               (*after)->store ? "store copied" : "store shared");
  }
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
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report here; the text summary still goes to stdout");
  cmd->add_option("--links", args->links, "Links CSV (a, b, cost, capacity): adds topology exposure")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demands", args->demands, "Demands CSV (src, dst, volume), with --links")->check(CLI::ExistingFile);
  cmd->add_option("--policy", args->policies,
                  "Policy packs (shipped name or file; repeatable); a pack's evaluation section adds capacity");
  cmd->add_option("--lists", args->lists, "Designation lists that count for shares (default: all)")->delimiter(',');
  cmd->add_option("--threads", args->threads, "Threads (0 = two)")->capture_default_str();
  cmd->add_option("--top", args->top, "How many builds and affected products to list")->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage to stderr");
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
