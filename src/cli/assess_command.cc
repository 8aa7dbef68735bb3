// kitwatch assess: read inventories, resolve makers, measure designated and unknown shares; with
// --policy, --links and --demands also the rules, the mitigation capacity and the topology.
#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "report/report.h"

namespace kitwatch {
namespace {

struct AssessArgs {
  InputArgs input;
  std::string format = "text", output, db;  // db: only when given (a stray kitwatch.db is another network's)
  std::size_t elements = kDefaultJsonElements;
};

Status run_assess(const AssessArgs& args) {
  StageTimer timer(args.input.timings);
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  spec->history_db = args.db;
  spec->history_required = !args.db.empty();
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto analysis = analyse(**inputs);
  if (!analysis.ok()) return analysis.status();
  AssessContext context = assess_context(**inputs, *analysis);
  context.json_elements = args.elements;
  const auto summary = [&] { return args.format == "text" ? std::string() : render_assess_text(context); };
  if (args.format == "csv") {
    // CSV is one file per table, so -o names a folder.
    if (args.output.empty() || args.output == "-") {
      return Status::usage("--format csv writes one file per table: give a folder with -o DIR");
    }
    auto written = write_csv_tables(context, args.output);
    if (!written.ok()) return written.status();
    if (!args.input.quiet) {
      print_for_people(stdout, fmt::format("{}\nWrote {} CSV tables to {}\n", summary(), written->size(), args.output));
    }
  } else {
    Status rendered;
    const auto write = [&](std::ostream& out) { rendered = write_report(context, args.format, out); };
    if (Status s = emit_report(args.output, write, args.input.quiet, summary); !s.ok()) return s;
    if (!rendered.ok()) return rendered;
  }
  timer.stage("report");
  const ElementStore& store = (*inputs)->store;
  const auto bytes = static_cast<double>(store.memory_bytes());
  print_timings(args.input, timer,
                fmt::format("{} elements, store {:.1f} MB ({:.0f} bytes per element)", store.size(), bytes / 1e6,
                            bytes / static_cast<double>(std::max<std::size_t>(1, store.size()))));
  return Status();
}

}  // namespace

CommandRunner add_assess_command(CLI::App& app) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "assess", "Measure designated and unknown shares per network function, as of a date, from inventories");
  add_input_options(*cmd, args->input);
  add_output_options(*cmd, args->format, args->output, {"text", "json", "html", "md", "csv"}, "Report format",
                     "Write the report here (a folder for --format csv); the text summary still goes to stdout");
  add_topology_options(*cmd, args->input,
                       "Links CSV (a, b, cost, capacity) between element ids, or a Topology Zoo .graphml whose "
                       "nodes are element ids or names: adds the topology analyses and the map",
                       "Demands CSV (src, dst, volume), with --links: adds traffic exposure");
  cmd->add_option("--lose", args->input.lose,
                  "With --links, also report the loss of ENTITY, LIST or COUNTRY (repeatable)");
  add_policy_option(
      *cmd, args->input,
      "Also evaluate these policy packs (shipped name or file; repeatable; `kitwatch check` is the CI gate)");
  add_threads_option(*cmd, args->input);
  add_lists_option(*cmd, args->input);
  add_top_option(*cmd, args->input, "How many manufacturers, unresolved vendor strings and topology rows to list");
  cmd->add_option("--db", args->db,
                  "Snapshot database whose history the report charts (only read; it must exist). Without it no "
                  "history is drawn: a kitwatch.db in the working folder may hold another network's snapshots");
  add_elements_option(*cmd, args->elements);
  add_timings_flag(*cmd, args->input);
  return [args] { return run_assess(*args); };
}

}  // namespace kitwatch
