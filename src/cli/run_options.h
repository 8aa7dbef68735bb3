// The options every analysis command shares (inventories, how to read them, the registry, the
// as-of date), turned into the engine's RunSpec; and where a command's report goes.
#pragma once

#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "base/stage_timer.h"
#include "base/status.h"
#include "run/run.h"

namespace kitwatch {

struct InputArgs {
  std::vector<std::string> inventories;
  std::string as_of, input_format = "auto";
  std::vector<std::string> registries;
  std::string ieee_dir = kDefaultIeeeDir;
  std::vector<std::string> column_map, role_map, netbox_macs, id_prefixes;
  std::string netbox_software_field;
  bool strict = false, quiet = false;
  IngestOptions limits;  // only the max_* input limits are read from here (docs/limits.md)
  // The analysis options a command offers (each registered by its add_* below; one wording each).
  std::vector<std::string> lists, policies, lose;
  std::string links, demands;
  unsigned threads = 0;
  std::size_t top = 10;
  bool timings = false;
};

// Registers the input options (and the INVENTORY positional) on a subcommand.
void add_input_options(CLI::App& cmd, InputArgs& args);
void add_lists_option(CLI::App& cmd, InputArgs& args);
CLI::Option* add_policy_option(CLI::App& cmd, InputArgs& args, const std::string& help);
void add_topology_options(CLI::App& cmd, InputArgs& args, const std::string& links_help,
                          const std::string& demands_help);
void add_threads_option(CLI::App& cmd, InputArgs& args);
void add_top_option(CLI::App& cmd, InputArgs& args, const std::string& help);
void add_timings_flag(CLI::App& cmd, InputArgs& args);
// --elements N|all: element ids per list in a JSON report (report/report.h kDefaultJsonElements).
void add_elements_option(CLI::App& cmd, std::size_t& elements);
// --format (one of formats) and -o/--output.
void add_output_options(
    CLI::App& cmd, std::string& format, std::string& output, std::vector<std::string> formats,
    const std::string& format_help = "Report format",
    const std::string& output_help = "Write the report here; the text summary still goes to stdout");

// The RunSpec of these arguments (inputs and the analysis options). Progress bars (on a terminal) and warnings go to
// stderr unless quiet; each stage's end goes to timer.
Result<RunSpec> run_spec(const InputArgs& args, StageTimer& timer);

// Text for people on stream: with control characters escaped when the stream is a terminal (a
// crafted inventory must not drive it), as it is when piped or redirected.
void print_for_people(std::FILE* stream, std::string_view text);
// Writes a report made by write(stream) to stdout, or to output when one is given; then, unless
// quiet, prints summary() (the text summary, or "" when the file already is text) and where the
// report went.
Status emit_report(const std::string& output, const std::function<void(std::ostream&)>& write, bool quiet,
                   const std::function<std::string()>& summary);
// emit_report for a report rendered as one string.
Status emit_text(const std::string& output, const std::string& rendered, bool quiet,
                 const std::function<std::string()>& summary);

// With --timings: the stage timings and what extra says about the run, on stderr.
void print_timings(const InputArgs& args, const StageTimer& timer, const std::string& extra);

}  // namespace kitwatch
