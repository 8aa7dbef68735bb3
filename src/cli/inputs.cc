#include "cli/inputs.h"

#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>

#include "base/progress.h"
#include "ingest/ingest_tuning.h"

namespace kitwatch {
namespace {

Status split_pairs(const std::vector<std::string>& items, const char* option,
                   std::vector<std::pair<std::string, std::string>>& out) {
  for (const std::string& item : items) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == item.size()) {
      return Status::usage(fmt::format("{} {}: expected NAME=VALUE", option, item));
    }
    out.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return Status();
}

Result<IngestOptions> ingest_options(const InputArgs& args) {
  IngestOptions options;
  options.strict = args.strict;
  options.max_field_bytes = args.limits.max_field_bytes;
  options.max_line_bytes = args.limits.max_line_bytes;
  options.max_depth = args.limits.max_depth;
  options.max_file_bytes = args.limits.max_file_bytes;
  options.netbox_mac_files = args.netbox_macs;
  options.software_field = args.netbox_software_field;
  static const std::pair<const char*, InputFormat> kFormats[] = {
      {"auto", InputFormat::kAuto}, {"csv", InputFormat::kCsv},       {"tsv", InputFormat::kTsv},
      {"json", InputFormat::kJson}, {"ndjson", InputFormat::kNdjson}, {"netbox", InputFormat::kNetboxJson}};
  for (const auto& [name, format] : kFormats) {
    if (args.input_format == name) options.format = format;
  }
  if (Status s = split_pairs(args.column_map, "--map", options.column_map); !s.ok()) return s;
  std::vector<std::pair<std::string, std::string>> roles;
  if (Status s = split_pairs(args.role_map, "--role-map", roles); !s.ok()) return s;
  for (auto& [role, function] : roles) {
    if (!parse_function(function)) {
      return Status::usage(fmt::format("--role-map {}={}: '{}' is not a network function", role, function, function));
    }
    for (char& c : role) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    options.role_map.exact.emplace_back(role, function);
  }
  return options;
}

}  // namespace

void add_input_options(CLI::App& cmd, InputArgs& args) {
  cmd.add_option("inventory", args.inventories,
                 "Inventory files: CSV/TSV, JSON array, NDJSON, NetBox device API pages or NetBox device CSV")
      ->required()
      ->check(CLI::ExistingFile);
  cmd.add_option("--as-of", args.as_of, "Date the rules and designations are taken at (YYYY-MM-DD; default today)");
  cmd.add_flag("--strict", args.strict, "Stop at the first bad row (exit 2) instead of skipping and counting it");
  cmd.add_option("--map", args.column_map, "Treat input column COLUMN as FIELD (COLUMN=FIELD; FIELD may be 'ignore')")
      ->type_name("COLUMN=FIELD");
  cmd.add_option("--role-map", args.role_map, "Map a device role to a network function (ROLE=FUNCTION)")
      ->type_name("ROLE=FUNCTION");
  cmd.add_option("--input-format", args.input_format, "Input format (default: from the file name and content)")
      ->check(CLI::IsMember({"auto", "csv", "tsv", "json", "ndjson", "netbox"}))
      ->capture_default_str();
  cmd.add_option("--netbox-macs", args.netbox_macs,
                 "Saved NetBox /api/dcim/mac-addresses/ or /api/dcim/interfaces/ response giving device MACs")
      ->check(CLI::ExistingFile);
  cmd.add_option("--netbox-software-field", args.netbox_software_field,
                 "NetBox custom field holding the software version (default: the platform)");
  cmd.add_option("--registry", args.registries,
                 "Registry overlay YAML: adds or overrides entities, lists and patterns (repeatable)")
      ->check(CLI::ExistingFile);
  cmd.add_option("--ieee-dir", args.ieee_dir, "Folder with the IEEE registry CSVs (oui.csv, mam.csv, oui36.csv)")
      ->capture_default_str();
  cmd.add_flag("-q,--quiet", args.quiet, "Print nothing but the report (and errors)");
  add_limit_options(cmd, args.limits);
}

void add_limit_options(CLI::App& cmd, IngestOptions& limits) {
  // Limits on hostile or broken input (docs/limits.md); each failure names the file and position.
  cmd.add_option("--max-field-bytes", limits.max_field_bytes, "Longest field or JSON value accepted, in bytes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--max-line-bytes", limits.max_line_bytes, "Longest CSV record or NDJSON line accepted, in bytes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd.add_option("--max-depth", limits.max_depth, "Deepest JSON nesting accepted")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd.add_option("--max-file-bytes", limits.max_file_bytes, "Largest input file accepted, in bytes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
}

Result<std::unique_ptr<LoadedInputs>> load_inputs(const InputArgs& args, StageTimer& timer) {
  auto in = std::make_unique<LoadedInputs>();
  auto options = ingest_options(args);
  if (!options.ok()) return options.status();
  in->options = *options;
  in->as_of = system_clock().today();
  if (!args.as_of.empty()) {
    const auto parsed = Date::parse(args.as_of);
    if (!parsed) return Status::usage(fmt::format("--as-of {}: expected a real date as YYYY-MM-DD", args.as_of));
    in->as_of = *parsed;
  }
  auto registry = Registry::builtin(args.registries);
  if (!registry.ok()) return registry.status();
  in->registry = std::make_unique<Registry>(std::move(*registry));
  auto macs = MacRegistry::load(args.ieee_dir);
  if (!macs.ok()) return macs.status();
  in->macs = std::make_unique<MacRegistry>(std::move(*macs));
  if (!in->macs->available() && !args.quiet) {
    fmt::print(stderr, "warning: no IEEE MAC registry in {} (install Debian's ieee-data): MAC evidence is off\n",
               args.ieee_dir);
  }
  for (const std::string& path : args.inventories) {
    // A bar for large files on a terminal (base/progress.h); the reader reports its progress.
    std::unique_ptr<ProgressBar> file_bar;
    set_ingest_progress([&](std::uint64_t done, std::uint64_t total) {
      if (!file_bar)
        file_bar = std::make_unique<ProgressBar>("read", total, !args.quiet && ProgressBar::stderr_is_terminal());
      file_bar->update(done);
    });
    Status s = ingest_inventory(path, in->options, in->store, in->ingest);
    set_ingest_progress(nullptr);
    if (!s.ok()) return s;
  }
  if (Status s = finish_inventory(in->options, in->store, in->ingest); !s.ok()) return s;
  if (Status s = check_row_accounting(in->ingest, in->store.size()); !s.ok()) return s;
  timer.stage("read");
  in->resolution = resolve(in->store, *in->registry, *in->macs, in->as_of);
  timer.stage("resolve");
  return in;
}

Status write_file(const std::string& path, const std::string& text) {
  return write_file_with(path, [&](std::ostream& out) { out << text; });
}

Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write) {
  // Larger writes than the default buffer's: reports run to hundreds of megabytes. Declared
  // before the stream, so it outlives the stream's last flush.
  std::vector<char> buffer(1 << 20);
  std::ofstream out;
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.open(path, std::ios::binary);
  if (out) write(out);
  out.close();
  if (!out) return Status::io(fmt::format("{}: cannot write the output", path));
  return Status();
}

Status emit_report(const std::string& output, const std::string& rendered, bool quiet,
                   const std::function<std::string()>& summary) {
  return emit_report_with(
      output, [&](std::ostream& out) { out << rendered; }, quiet, summary);
}

Status emit_report_with(const std::string& output, const std::function<void(std::ostream&)>& write, bool quiet,
                        const std::function<std::string()>& summary) {
  if (output.empty()) {
    std::fflush(stdout);  // anything printed before comes first
    write(std::cout);
    std::cout.flush();
    return Status();
  }
  if (Status s = write_file_with(output, write); !s.ok()) return s;
  if (!quiet) fmt::print("{}\nReport written to {}\n", summary(), output);
  return Status();
}

}  // namespace kitwatch
