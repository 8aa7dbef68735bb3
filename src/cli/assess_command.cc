// kitwatch assess: read inventories, resolve makers, measure designated and unknown shares.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/inputs.h"
#include "report/report.h"

namespace kitwatch {
namespace {

struct AssessArgs {
  InputArgs input;
  std::string format = "text", output, links;
  std::vector<std::string> lists;
  bool timings = false;
  std::size_t top = 10;
};

Status run_assess(const AssessArgs& args) {
  StageTimer timer;
  auto in = load_inputs(args.input, timer);
  if (!in.ok()) return in.status();
  LoadedInputs& inputs = **in;
  LinkTable links;
  IngestReport link_report;
  if (!args.links.empty()) {
    if (Status s = ingest_links(args.links, inputs.options, inputs.store, links, link_report); !s.ok()) return s;
  }
  auto report =
      assess(inputs.store, *inputs.registry, inputs.resolution, AssessOptions{inputs.as_of, args.lists, args.top});
  if (!report.ok()) return report.status();
  timer.stage("metrics");

  const AssessContext context{*report, inputs.ingest, *inputs.registry, inputs.resolution,
                              args.links.empty() ? nullptr : &link_report};
  const std::string rendered = args.format == "json" ? render_json(context) : render_text(context);
  if (args.output.empty()) {
    std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  } else {
    if (Status s = write_file(args.output, rendered); !s.ok()) return s;
    if (!args.input.quiet) {
      if (args.format != "text") std::fputs(render_text(context).c_str(), stdout);
      fmt::print("\nReport written to {}\n", args.output);
    }
  }
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
  cmd->add_option("--links", args->links, "Links CSV (a, b, cost, capacity) between element ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--top", args->top, "How many manufacturers and unresolved vendor strings to list")
      ->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage and peak memory to stderr");
  return [args] { return run_assess(*args); };
}

}  // namespace kitwatch
