#include "cli/run_options.h"

#include <fmt/format.h>

#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string_view>

#include "base/output_file.h"
#include "base/progress.h"
#include "base/read_file.h"
#include "base/text_escape.h"

namespace kitwatch {
namespace {

constexpr std::string_view kStdinName = "<stdin>";

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

Status ingest_options(const InputArgs& args, IngestOptions& options) {
  options = args.limits;  // the --max-* limits
  options.strict = args.strict;
  options.netbox_mac_files = args.netbox_macs;
  options.software_field = args.netbox_software_field;
  options.format = parse_input_format(args.input_format).value_or(InputFormat::kAuto);  // CLI11 checked it
  if (Status s = split_pairs(args.column_map, "--map", options.column_map); !s.ok()) return s;
  std::vector<std::pair<std::string, std::string>> roles;
  if (Status s = split_pairs(args.role_map, "--role-map", roles); !s.ok()) return s;
  for (auto& [role, function] : roles) {
    if (!options.role_map.add(role, function)) {
      return Status::usage(fmt::format("--role-map {}={}: '{}' is not a network function", role, function, function));
    }
  }
  return Status();
}

// Standard input copied to a temporary file (the readers map whole files), removed at exit.
class StdinCopy {
 public:
  ~StdinCopy() {
    if (!path_.empty()) std::filesystem::remove(path_);
  }
  // The copy's path; the extension tells the readers the format (CSV unless --input-format says).
  Result<std::string> take(const std::string& input_format, std::uint64_t max_bytes) {
    if (!path_.empty()) return Status::usage("'-' (standard input) can be given once");
    const std::string extension = input_format == "auto" || input_format == "netbox" ? "csv" : input_format;
    std::string pattern = (std::filesystem::temp_directory_path() / ("kitwatch-stdin-XXXXXX." + extension)).string();
    const int fd = ::mkstemps(pattern.data(), static_cast<int>(extension.size() + 1));
    if (fd < 0) return Status::io(fmt::format("{}: cannot copy standard input ({})", pattern, std::strerror(errno)));
    path_ = pattern;
    std::uint64_t total = 0;
    std::array<char, 1 << 16> buffer;
    for (;;) {
      const ssize_t n = ::read(STDIN_FILENO, buffer.data(), buffer.size());
      if (n == 0) break;
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 || ::write(fd, buffer.data(), static_cast<std::size_t>(n)) != n) {
        ::close(fd);
        return Status::io(fmt::format("standard input: cannot read or copy it ({})", std::strerror(errno)));
      }
      total += static_cast<std::uint64_t>(n);
      if (total > max_bytes) {
        ::close(fd);
        return check_file_size(std::string(kStdinName), total, max_bytes);
      }
    }
    ::close(fd);
    return path_;
  }

 private:
  std::string path_;
};

}  // namespace

void add_input_options(CLI::App& cmd, InputArgs& args) {
  cmd.add_option("inventory", args.inventories,
                 "Inventory files: CSV/TSV, JSON array, NDJSON, NetBox device API pages or NetBox device CSV")
      ->required()
      ->check(CLI::ExistingFile | CLI::IsMember({"-"}), "an existing file, or - for standard input");
  cmd.add_option("--as-of", args.as_of, "Date the rules and designations are taken at (YYYY-MM-DD; default today)");
  cmd.add_flag("--strict", args.strict, "Stop at the first bad row (exit 2) instead of skipping and counting it");
  cmd.add_option("--map", args.column_map, "Treat input column COLUMN as FIELD (COLUMN=FIELD; FIELD may be 'ignore')")
      ->type_name("COLUMN=FIELD");
  cmd.add_option("--role-map", args.role_map, "Map a device role to a network function (ROLE=FUNCTION)")
      ->type_name("ROLE=FUNCTION");
  cmd.add_option("--id-prefix", args.id_prefixes,
                 "Put PREFIX in front of every id and uplink of inventory FILE, so files that use the same ids "
                 "can be read together (FILE=PREFIX; repeatable)")
      ->type_name("FILE=PREFIX");
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
  // Limits on hostile or broken input (docs/limits.md); each failure names the file and position.
  IngestOptions& limits = args.limits;
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

void add_lists_option(CLI::App& cmd, InputArgs& args) {
  cmd.add_option("--lists", args.lists, "Designation lists that count (default: all in the registry)")->delimiter(',');
}

CLI::Option* add_policy_option(CLI::App& cmd, InputArgs& args, const std::string& help) {
  return cmd.add_option("--policy", args.policies, help);
}

void add_topology_options(CLI::App& cmd, InputArgs& args, const std::string& links_help,
                          const std::string& demands_help) {
  cmd.add_option("--links", args.links, links_help)->check(CLI::ExistingFile);
  cmd.add_option("--demands", args.demands, demands_help)->check(CLI::ExistingFile);
}

void add_threads_option(CLI::App& cmd, InputArgs& args) {
  cmd.add_option("--threads", args.threads, "Threads (0 = one per core; results do not depend on it)")
      ->capture_default_str();
}

void add_top_option(CLI::App& cmd, InputArgs& args, const std::string& help) {
  cmd.add_option("--top", args.top, help)->capture_default_str();
}

void add_elements_option(CLI::App& cmd, std::size_t& elements) {
  cmd.add_option_function<std::string>(
         "--elements",
         [&elements](const std::string& text) {
           if (text == "all") {
             elements = SIZE_MAX;
             return;
           }
           std::size_t n = 0;
           const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
           if (error != std::errc() || end != text.data() + text.size()) {
             throw CLI::ValidationError("--elements", "'" + text + "' is not a number or 'all'");
           }
           elements = n;
         },
         fmt::format("Element ids per list in a JSON report (per policy rule, designated transit nodes, designated "
                     "articulation points); the rest are counted as omitted. N or 'all' (default {})",
                     elements))
      ->type_name("N|all");
}

void add_timings_flag(CLI::App& cmd, InputArgs& args) {
  cmd.add_flag("--timings", args.timings, "Print wall time per stage and peak memory to stderr");
}

void add_output_options(CLI::App& cmd, std::string& format, std::string& output, std::vector<std::string> formats,
                        const std::string& format_help, const std::string& output_help) {
  cmd.add_option("--format", format, format_help)->check(CLI::IsMember(std::move(formats)))->capture_default_str();
  cmd.add_option("-o,--output", output, output_help);
}

void print_timings(const InputArgs& args, const StageTimer& timer, const std::string& extra) {
  if (args.timings) fmt::print(stderr, "{}; {}\n", timer.summary(), extra);
}

Result<RunSpec> run_spec(const InputArgs& args, StageTimer& timer) {
  RunSpec spec;
  spec.inventories = args.inventories;
  // `-` is standard input, as Unix tools read it: named "<stdin>" in every report and message.
  static StdinCopy stdin_copy;
  for (std::string& inventory : spec.inventories) {
    if (inventory != "-") continue;
    auto copy = stdin_copy.take(args.input_format, args.limits.max_file_bytes);
    if (!copy.ok()) return copy.status();
    inventory = *copy;
    spec.display_names[*copy] = std::string(kStdinName);
  }
  spec.id_prefixes = args.id_prefixes;
  spec.lists = args.lists;
  spec.policies = args.policies;
  spec.lose = args.lose;
  spec.links = args.links;
  spec.demands = args.demands;
  spec.threads = args.threads;
  spec.top = args.top;
  if (Status s = ingest_options(args, spec.ingest); !s.ok()) return s;
  if (!args.as_of.empty()) {
    spec.as_of = Date::parse(args.as_of);
    if (!spec.as_of) return Status::usage(fmt::format("--as-of {}: expected a real date as YYYY-MM-DD", args.as_of));
  }
  spec.registry_overlays = args.registries;
  spec.ieee_dir = args.ieee_dir;
  if (!args.quiet) {
    spec.warn = [](const std::string& message) { fmt::print(stderr, "warning: {}\n", message); };
    if (ProgressBar::stderr_is_terminal()) spec.progress = FileProgressBars();
  }
  spec.stage_done = [&timer](const char* name) { timer.stage(name); };
  return spec;
}

void print_for_people(std::FILE* stream, std::string_view text) {
  if (::isatty(::fileno(stream))) {
    fmt::print(stream, "{}", escape_controls(text));
  } else {
    fmt::print(stream, "{}", text);
  }
}

Status emit_report(const std::string& output, const std::function<void(std::ostream&)>& write, bool quiet,
                   const std::function<std::string()>& summary) {
  if (output.empty() || output == "-") {  // `-o -`: standard output, as the Unix convention has it
    std::fflush(stdout);                  // anything printed before comes first
    if (::isatty(STDOUT_FILENO)) {
      // A terminal acts on control characters in inventory text: shown escaped instead.
      std::ostringstream text;
      write(text);
      print_for_people(stdout, text.str());
      std::fflush(stdout);
      return Status();
    }
    write(std::cout);
    std::cout.flush();
    return Status();
  }
  if (Status s = write_file_with(output, write); !s.ok()) return s;
  if (!quiet) print_for_people(stdout, fmt::format("{}\nReport written to {}\n", summary(), output));
  return Status();
}

Status emit_text(const std::string& output, const std::string& rendered, bool quiet,
                 const std::function<std::string()>& summary) {
  return emit_report(
      output, [&](std::ostream& out) { out << rendered; }, quiet, summary);
}

}  // namespace kitwatch
