// kitwatch assess: read inventories, resolve makers, measure designated and unknown shares.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include <nlohmann/json.hpp>
#include <optional>
#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/inputs.h"

#include "policy/policy.h"
#include "report/report.h"
#include "topology/topology.h"

namespace kitwatch {
namespace {

struct AssessArgs {
  InputArgs input;
  std::string format = "text", output, links, demands;
  std::vector<std::string> lists, lose, policies;
  unsigned threads = 0;
  bool timings = false;
  std::size_t top = 10;
};

Status run_assess(const AssessArgs& args) {
  StageTimer timer;
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  LoadedInputs& inputs = **in;
  auto report =
      assess(inputs.store, *inputs.registry, inputs.resolution, AssessOptions{inputs.as_of, args.lists, args.top});
  if (!report.ok()) return report.status();
  timer.stage("metrics");
  const PolicyContext policy_context{inputs.store, *inputs.registry, inputs.resolution, inputs.as_of};
  std::optional<PolicyReport> policy;
  if (!args.policies.empty()) {
    auto packs = load_policy_packs(args.policies);
    if (!packs.ok()) return packs.status();
    auto evaluated = evaluate_policies(std::move(*packs), policy_context);
    if (!evaluated.ok()) return evaluated.status();
    policy = std::move(*evaluated);
    timer.stage("policy");
  }
  // With --links, the topology analyses join the report (the same ones `kitwatch topo` runs).
  LinkTable links;
  DemandTable demands;
  IngestReport link_report, demand_report;
  std::unique_ptr<TopologyRun> topology;
  TopologyResults topology_view;
  if (!args.links.empty()) {
    if (Status s = ingest_links(args.links, inputs.options, inputs.store, links, link_report); !s.ok()) return s;
    if (!args.demands.empty()) {
      if (Status s = ingest_demands(args.demands, inputs.options, inputs.store, demands, demand_report); !s.ok()) {
        return s;
      }
    }
    auto run = analyse_topology(inputs.store, *inputs.registry, inputs.resolution, links, demands,
                                TopologyRunOptions{args.lists, args.lose, inputs.as_of, args.threads, {}});
    if (!run.ok()) return run.status();
    topology = std::move(*run);
    topology_view = topology_results(*topology, inputs.store, *inputs.registry, inputs.resolution, demands);
    topology_view.inputs.emplace_back("links", &link_report);
    if (!args.demands.empty()) topology_view.inputs.emplace_back("demands", &demand_report);
    timer.stage("topology");
  }

  const AssessContext context{*report,
                              inputs.ingest,
                              *inputs.registry,
                              inputs.resolution,
                              args.links.empty() ? nullptr : &link_report,
                              topology ? &topology_view : nullptr};
  const std::string policy_text = policy ? "\n" + render_policy_text(*policy, policy_context) : std::string();
  std::string rendered = args.format == "json" ? render_json(context) : render_text(context) + policy_text;
  if (policy && args.format == "json") {
    auto report_json = nlohmann::ordered_json::parse(rendered);
    report_json["policy"] = policy_json(*policy, policy_context);
    rendered = report_json.dump(2) + "\n";
  }
  const auto summary = [&] { return args.format == "text" ? std::string() : render_text(context) + policy_text; };
  if (Status s = emit_report(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  timer.stage("report");
  if (args.timings) {
    fmt::print(stderr, "{}; {} elements, store {:.1f} MB\n", timer.summary(), inputs.store.size(),
               static_cast<double>(inputs.store.memory_bytes()) / 1e6);
  }
  return Status();
}

}  // namespace

CommandRunner add_assess_command(CLI::App& app) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "assess", "Measure designated and unknown shares per network function, as of a date, from inventories");
  add_input_options(*cmd, args->input);
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report here; the text summary still goes to stdout");
  cmd->add_option("--links", args->links,
                  "Links CSV (a, b, cost, capacity) between element ids: adds the topology analyses")
      ->check(CLI::ExistingFile);
  cmd->add_option("--demands", args->demands, "Demands CSV (src, dst, volume), with --links: adds traffic exposure")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lose", args->lose, "With --links, also report the loss of ENTITY, LIST or COUNTRY (repeatable)");
  cmd->add_option(
      "--policy", args->policies,
      "Also evaluate these policy packs (shipped name or file; repeatable; `kitwatch check` is the CI gate)");
  cmd->add_option("--threads", args->threads, "Threads for exposure (0 = one per core)")->capture_default_str();
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--top", args->top, "How many manufacturers and unresolved vendor strings to list")
      ->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage and peak memory to stderr");
  return [args] { return run_assess(*args); };
}

}  // namespace kitwatch
