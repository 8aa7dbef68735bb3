// kitwatch resolve: who made each element, with the evidence for and against, and why.
#include <fmt/format.h>

#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "report/report.h"

namespace kitwatch {
namespace {

struct ResolveArgs {
  InputArgs input;
  std::string format = "text", output, explain;
};

Status run_resolve(const ResolveArgs& args) {
  StageTimer timer;
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  auto loaded = load(std::move(*spec));
  if (!loaded.ok()) return loaded.status();
  const Inputs& in = **loaded;
  auto active = active_designations(*in.registry, args.input.lists, in.as_of);
  if (!active.ok()) return active.status();
  std::string out;
  if (!args.explain.empty()) {
    const ElementIndex e = in.store.find(args.explain);
    if (e == kNoElement) return Status::usage(fmt::format("--explain {}: no element has this id", args.explain));
    out = render_explanation(in, e, *active);
  } else {
    out = args.format == "text" ? render_resolution_text(in, args.input.top) : render_resolution_json(in, *active);
  }
  // The decisions themselves are the output: nothing else is printed beside a written file.
  return emit_text(args.output, out, true, [] { return std::string(); });
}

}  // namespace

CommandRunner add_resolve_command(CLI::App& app) {
  auto args = std::make_shared<ResolveArgs>();
  CLI::App* cmd = app.add_subcommand("resolve", "Show who made each element, with the evidence, confidence and flags");
  add_input_options(*cmd, args->input);
  add_output_options(*cmd, args->format, args->output, {"text", "json"},
                     "text: one row per distinct evidence key; json: one record per element",
                     "Write here instead of stdout");
  cmd->add_option("--explain", args->explain, "Explain the decision for the element with this id");
  add_lists_option(*cmd, args->input);
  args->input.top = 40;
  add_top_option(*cmd, args->input, "Rows in the text table");
  return [args] { return run_resolve(*args); };
}

}  // namespace kitwatch
