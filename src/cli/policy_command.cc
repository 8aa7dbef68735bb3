// kitwatch policy (list and show the shipped packs) and kitwatch check (the CI gate: evaluate
// packs against inventories as of a date; exit 1 when a rule of severity error is violated).
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "cli/commands.h"
#include "cli/inputs.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

struct PolicyArgs {
  std::string name;
  CLI::App* list = nullptr;
  CLI::App* show = nullptr;
};

struct CheckArgs {
  InputArgs input;
  std::vector<std::string> policies;
  std::string format = "text", output;
  std::size_t top = 10;
  unsigned threads = 2;
};

Status run_policy_list() {
  auto packs = shipped_packs();
  if (!packs.ok()) return packs.status();
  if (packs->empty()) return Status::io("no shipped policy packs found (this build embeds none and no data/policies)");
  fmt::print("{:<20} {:<5} {:>5}  {}\n", "pack", "where", "rules", "title");
  for (const Pack& pack : *packs) {
    fmt::print("{:<20} {:<5} {:>5}  {}\n", pack.name, pack.jurisdiction, pack.rules.size(), pack.title);
  }
  return Status();
}

Status run_policy_show(const std::string& name) {
  auto packs = load_policy_packs({name});
  if (!packs.ok()) return packs.status();
  fmt::print("{}", describe_pack(packs->front()));
  return Status();
}

Status run_policy(const PolicyArgs& args) {
  if (args.show->parsed()) return run_policy_show(args.name);
  return run_policy_list();
}

std::string render(const CheckArgs& args, const PolicyReport& report, const PolicyContext& context) {
  if (args.format == "json") return policy_json(report, context).dump(2) + "\n";
  if (args.format == "csv") return render_policy_csv(report, context);
  return render_policy_text(report, context, args.top);
}

Status run_check(const CheckArgs& args) {
  // Packs first: a broken pack is reported before a long inventory read.
  auto packs = load_policy_packs(args.policies);
  if (!packs.ok()) return packs.status();
  StageTimer timer;
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  const LoadedInputs& inputs = **in;
  const PolicyContext context{inputs.store, *inputs.registry, inputs.resolution, inputs.as_of, args.threads};
  auto report = evaluate_policies(std::move(*packs), context);
  if (!report.ok()) return report.status();
  const std::string rendered = render(args, *report, context);
  const auto summary = [&] {
    return args.format == "text" ? std::string() : render_policy_text(*report, context, args.top);
  };
  if (Status s = emit_report(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  if (const std::size_t failing = report->failing(); failing > 0) {
    return Status::findings(
        fmt::format("{} rule{} violated as of {}", failing, failing == 1 ? "" : "s", inputs.as_of.to_string()));
  }
  return Status();
}

}  // namespace

CommandRunner add_policy_command(CLI::App& app) {
  auto args = std::make_shared<PolicyArgs>();
  CLI::App* cmd = app.add_subcommand("policy", "List and show the shipped policy packs");
  cmd->require_subcommand(1);
  args->list = cmd->add_subcommand("list", "List the shipped packs");
  args->show = cmd->add_subcommand("show", "Show a pack's rules, dates, sources and assumptions");
  args->show->add_option("name", args->name, "Pack name (see kitwatch policy list) or a pack file")->required();
  return [args] { return run_policy(*args); };
}

CommandRunner add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check inventories against policy packs as of a date; exit 1 on violations (a CI gate)");
  add_input_options(*cmd, args->input);
  cmd->add_option("--policy", args->policies, "A shipped pack's name or a pack file (repeatable)")->required();
  cmd->add_option("--format", args->format, "Output format (csv: one row per element concerned)")
      ->check(CLI::IsMember({"text", "json", "csv"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the results here; the text summary still goes to stdout");
  cmd->add_option("--top", args->top, "How many element ids per violation the text lists")->capture_default_str();
  cmd->add_option("--threads", args->threads, "Threads for selector evaluation")->capture_default_str();
  return [args] { return run_check(*args); };
}

}  // namespace kitwatch
