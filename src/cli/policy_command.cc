// kitwatch policy (list and show the shipped packs) and kitwatch check (the CI gate: evaluate
// packs against inventories as of a date; exit 1 when a rule of severity error is violated).
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"

namespace kitwatch {
namespace {

struct CheckArgs {
  InputArgs input;
  std::string format = "text", output;
  std::uint64_t max_rejected = 0;
  bool strict_unknown = false;
};

Status run_check(const CheckArgs& args) {
  StageTimer timer;
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto analysis = analyse(**inputs, AnalysisRequest{false, true, false, false, false, {}});
  if (!analysis.ok()) return analysis.status();
  const PolicyReport& report = *analysis->policy;
  const PolicyContext& context = *analysis->policy_context;
  const IngestReport& inventory = (*inputs)->elements_input();
  const GateVerdict verdict = gate_verdict(report, context, inventory, args.max_rejected, args.strict_unknown);
  const std::string rendered = render_gate(verdict, inventory, report, context, args.format, args.input.top);
  const auto summary = [&] {
    return args.format == "text" ? std::string()
                                 : render_gate(verdict, inventory, report, context, "text", args.input.top);
  };
  if (Status s = emit_text(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  return gate_status(verdict);
}

}  // namespace

CommandRunner add_policy_command(CLI::App& app) {
  auto name = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("policy", "List and show the shipped policy packs");
  cmd->require_subcommand(1);
  CLI::App* list = cmd->add_subcommand("list", "List the shipped packs");
  CLI::App* show = cmd->add_subcommand("show", "Show a pack's rules, dates, sources and assumptions");
  show->add_option("name", *name, "Pack name (see kitwatch policy list) or a pack file")->required();
  for (CLI::App* sub : {list, show}) {
    sub->add_option("--format", *format, "Output format")
        ->check(CLI::IsMember({"text", "json"}))
        ->capture_default_str();
  }
  return [name, format, show]() -> Status {
    auto packs = show->parsed() ? load_policy_packs({*name}) : shipped_packs();
    if (!packs.ok()) return packs.status();
    if (packs->empty())
      return Status::io("no shipped policy packs found (this build embeds none and no data/policies)");
    if (*format == "json") {
      nlohmann::ordered_json out = nlohmann::ordered_json::array();
      for (const Pack& p : *packs) out.push_back(pack_json(p));
      fmt::print("{}\n", (show->parsed() ? out[0] : out).dump(2));
      return Status();
    }
    print_for_people(stdout, show->parsed() ? describe_pack(packs->front()) : describe_packs(*packs));
    return Status();
  };
}

CommandRunner add_check_command(CLI::App& app) {
  auto args = std::make_shared<CheckArgs>();
  CLI::App* cmd = app.add_subcommand("check",
                                     "Check inventories against policy packs as of a date; exit 1 on violations, 3 "
                                     "when rows were rejected (a CI gate)");
  add_input_options(*cmd, args->input);
  // Packs are read first: a broken pack is reported before a long inventory read.
  add_policy_option(*cmd, args->input, "A shipped pack's name or a pack file (repeatable)")->required();
  add_output_options(*cmd, args->format, args->output, {"text", "json", "csv"},
                     "Output format (csv: one row per element concerned)",
                     "Write the results here; the text summary still goes to stdout");
  add_top_option(*cmd, args->input, "How many element ids per violation the text lists");
  cmd->add_option("--max-rejected", args->max_rejected,
                  "Inventory rows that may be rejected before the gate says incomplete (exit 3)")
      ->capture_default_str();
  cmd->add_flag("--strict-unknown", args->strict_unknown,
                "Say incomplete (exit 3) when elements in a rule's scope have an unknown maker, or a maker whose "
                "controller the registry does not know (they could be a designated supplier's)");
  add_threads_option(*cmd, args->input);
  return [args] { return run_check(*args); };
}

}  // namespace kitwatch
