// kitwatch assess: read inventories, resolve makers, measure designated and unknown shares.
#include <fmt/format.h>
#include <cstdio>
#include <fstream>
#include <memory>

#include "assess/assess.h"
#include "cli/commands.h"
#include "cli/stage_timer.h"
#include "ingest/ingest.h"
#include "registry/registry.h"
#include "report/report.h"
#include "resolve/resolver.h"

namespace kitwatch {
namespace {

struct AssessArgs {
  std::vector<std::string> inventories;
  std::string as_of, format = "text", output, registry, input_format = "auto", links;
  std::vector<std::string> column_map, role_map, lists, netbox_macs;
  std::string netbox_software_field;
  bool strict = false, timings = false, quiet = false;
  std::size_t top = 10;
};

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

Result<IngestOptions> ingest_options(const AssessArgs& args) {
  IngestOptions options;
  options.strict = args.strict;
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

Status write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) return Status::io(fmt::format("{}: cannot write the report", path));
  return Status();
}

Status run_assess(const AssessArgs& args) {
  StageTimer timer;
  auto options = ingest_options(args);
  if (!options.ok()) return options.status();
  Date as_of = system_clock().today();
  if (!args.as_of.empty()) {
    const auto parsed = Date::parse(args.as_of);
    if (!parsed) return Status::usage(fmt::format("--as-of {}: expected a real date as YYYY-MM-DD", args.as_of));
    as_of = *parsed;
  }
  auto registry = args.registry.empty() ? Registry::builtin() : Registry::from_file(args.registry);
  if (!registry.ok()) return registry.status();

  ElementStore store;
  IngestReport ingest;
  for (const std::string& path : args.inventories) {
    if (Status s = ingest_inventory(path, *options, store, ingest); !s.ok()) return s;
  }
  if (Status s = finish_inventory(*options, store, ingest); !s.ok()) return s;
  LinkTable links;
  IngestReport link_report;
  if (!args.links.empty()) {
    if (Status s = ingest_links(args.links, *options, store, links, link_report); !s.ok()) return s;
  }
  timer.stage("read");
  const Resolution resolution = resolve(store, *registry, as_of);
  timer.stage("resolve");
  AssessOptions assess_options{as_of, args.lists, args.top};
  auto report = assess(store, *registry, resolution, assess_options);
  if (!report.ok()) return report.status();
  timer.stage("metrics");

  const AssessContext context{*report, ingest, *registry, args.links.empty() ? nullptr : &link_report};
  const std::string rendered = args.format == "json" ? render_json(context) : render_text(context);
  if (args.output.empty()) {
    std::fwrite(rendered.data(), 1, rendered.size(), stdout);
  } else {
    if (Status s = write_file(args.output, rendered); !s.ok()) return s;
    if (!args.quiet) {
      if (args.format != "text") std::fputs(render_text(context).c_str(), stdout);
      fmt::print("\nReport written to {}\n", args.output);
    }
  }
  timer.stage("report");
  if (args.timings)
    fmt::print(stderr, "{}; {} elements, store {:.1f} MB\n", timer.summary(), store.size(),
               static_cast<double>(store.memory_bytes()) / 1e6);
  return Status();
}

}  // namespace

CommandRunner add_assess_command(CLI::App& app) {
  auto args = std::make_shared<AssessArgs>();
  CLI::App* cmd = app.add_subcommand(
      "assess", "Measure designated and unknown shares per network function, as of a date, from inventories");
  cmd->add_option("inventory", args->inventories,
                  "Inventory files: CSV/TSV, JSON array, NDJSON, NetBox device API pages or NetBox device CSV")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--as-of", args->as_of, "Date the rules and designations are taken at (YYYY-MM-DD; default today)");
  cmd->add_option("--format", args->format, "Report format")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Write the report here; the text summary still goes to stdout");
  cmd->add_flag("--strict", args->strict, "Stop at the first bad row (exit 2) instead of skipping and counting it");
  cmd->add_option("--map", args->column_map, "Treat input column COLUMN as FIELD (COLUMN=FIELD; FIELD may be 'ignore')")
      ->type_name("COLUMN=FIELD");
  cmd->add_option("--role-map", args->role_map, "Map a device role to a network function (ROLE=FUNCTION)")
      ->type_name("ROLE=FUNCTION");
  cmd->add_option("--input-format", args->input_format, "Input format (default: from the file name and content)")
      ->check(CLI::IsMember({"auto", "csv", "tsv", "json", "ndjson", "netbox"}))
      ->capture_default_str();
  cmd->add_option("--netbox-macs", args->netbox_macs,
                  "Saved NetBox /api/dcim/mac-addresses/ or /api/dcim/interfaces/ response giving device MACs")
      ->check(CLI::ExistingFile);
  cmd->add_option("--netbox-software-field", args->netbox_software_field,
                  "NetBox custom field holding the software version (default: the platform)");
  cmd->add_option("--links", args->links, "Links CSV (a, b, cost, capacity) between element ids")
      ->check(CLI::ExistingFile);
  cmd->add_option("--registry", args->registry, "Use this registry YAML instead of the built-in one")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--top", args->top, "How many manufacturers and unresolved vendor strings to list")
      ->capture_default_str();
  cmd->add_flag("--timings", args->timings, "Print wall time per stage and peak memory to stderr");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but the report (and errors)");
  return [args] { return run_assess(*args); };
}

}  // namespace kitwatch
