// What every analysis command reads: inventories (with their ingest options), the registry and
// its overlays, the IEEE MAC registry and the as-of date. One set of options, one loader.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "cli/stage_timer.h"
#include "ingest/ingest.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

struct InputArgs {
  std::vector<std::string> inventories;
  std::string as_of, input_format = "auto";
  std::vector<std::string> registries;
  std::string ieee_dir = kDefaultIeeeDir;
  std::vector<std::string> column_map, role_map, netbox_macs;
  std::string netbox_software_field;
  bool strict = false, quiet = false;
  IngestOptions limits;  // only the max_* input limits are read from here (docs/limits.md)
};

// Registers the input options (and the INVENTORY positional) on a subcommand.
void add_input_options(CLI::App& cmd, InputArgs& args);

// Registers --max-field-bytes, --max-line-bytes, --max-depth and --max-file-bytes (part of
// add_input_options; also for commands that read other inputs with an IngestOptions).
void add_limit_options(CLI::App& cmd, IngestOptions& limits);

// Everything loaded and resolved, ready for an analysis.
struct LoadedInputs {
  Date as_of;
  ElementStore store;
  IngestReport ingest;
  IngestOptions options;
  std::unique_ptr<Registry> registry;
  std::unique_ptr<MacRegistry> macs;
  Resolution resolution;
};

// Reads, then resolves; stages are timed into timer ("read", "resolve").
Result<std::unique_ptr<LoadedInputs>> load_inputs(const InputArgs& args, StageTimer& timer);

// Writes text to path, or says why it could not.
Status write_file(const std::string& path, const std::string& text);
// Writes a file through write(stream), for output too large to hold as one string.
Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write);

// Writes a rendered report to stdout, or to output when one is given; then, unless quiet, prints
// summary() (the text summary, or "" when the file already is text) and where the report went.
Status emit_report(const std::string& output, const std::string& rendered, bool quiet,
                   const std::function<std::string()>& summary);
// emit_report for a report written by write(stream) as it is made.
Status emit_report_with(const std::string& output, const std::function<void(std::ostream&)>& write, bool quiet,
                        const std::function<std::string()>& summary);

}  // namespace kitwatch
