// kitwatch return, national and keygen: an operator's return of aggregates, the national merge
// of every operator's return, and the operators' signing keys (docs/national.md).
#include <fmt/format.h>

#include <memory>

#include "base/output_file.h"
#include "cli/commands.h"
#include "cli/run_options.h"
#include "national/national.h"

namespace kitwatch {
namespace {

struct ReturnArgs {
  InputArgs input;
  std::string operator_id, operator_name, output, sign;
  std::uint64_t min_cell = 0;
  std::string builds = "registered";
};

Status return_command(const ReturnArgs& args) {
  if (Status s = check_operator_id(args.operator_id); !s.ok()) return s;
  std::string secret;
  if (!args.sign.empty()) {
    auto key = read_secret_key(args.sign);
    if (!key.ok()) return key.status();
    secret = std::move(*key);
  }
  StageTimer timer(args.input.timings);
  auto spec = run_spec(args.input, timer);
  if (!spec.ok()) return spec.status();
  ReturnOptions options;
  options.operator_id = args.operator_id;
  options.operator_name = args.operator_name;
  options.kitwatch_version = KITWATCH_VERSION;
  options.min_cell = args.min_cell;
  options.designated_builds_only = args.builds == "designated";
  auto ret = run_return(std::move(*spec), std::move(options));
  if (!ret.ok()) return ret.status();
  auto text = write_return(*ret, secret);
  if (!text.ok()) return text.status();
  const std::string output = args.output.empty() ? args.operator_id + ".return.json" : args.output;
  // `-o -` sends the return to standard output, and then the summary goes to standard error.
  const bool to_stdout = output == "-";
  if (to_stdout) {
    print_for_people(stdout, *text);
    std::fflush(stdout);
  } else if (Status s = write_file(output, *text); !s.ok()) {
    return s;
  }
  timer.stage("write");
  std::FILE* summary = to_stdout ? stderr : stdout;
  if (!args.input.quiet) {
    fmt::print(summary,
               "Return of operator {} as of {}: {} elements ({} rows read, {} rejected) in {} cells{}, {} builds, {} "
               "rule results{}\n",
               ret->operator_id, ret->as_of.to_string(), static_cast<std::uint64_t>(ret->total.count), ret->rows_read,
               ret->rows_rejected, ret->cells.size(),
               ret->suppressed.empty() ? "" : fmt::format(" (+{} suppressed groups)", ret->suppressed.size()),
               ret->builds.size(), ret->rules.size(), ret->topology ? ", topology figures" : "");
    fmt::print(summary, "Wrote {} ({} bytes, {}); it holds no element ids, names, sites, serials or MACs\n",
               to_stdout ? "the return to standard output" : output, text->size(),
               secret.empty() ? "UNSIGNED: sign it with --sign KEY before sending" : "signed");
  }
  print_timings(args.input, timer, fmt::format("{} bytes written", text->size()));
  return Status();
}

struct NationalArgs {
  std::vector<std::string> returns, registries, lists;
  std::string capacity, trust, scenario, format = "text", output;
  bool allow_unsigned = false, allow_mixed = false, quiet = false;
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;
};

Status national_command(const NationalArgs& args) {
  NationalSpec spec{
      args.returns,     args.registries,    args.lists, args.capacity, TrustOptions{args.trust, args.allow_unsigned},
      args.allow_mixed, args.max_file_bytes};
  auto in = load_national(spec);
  if (!in.ok()) return in.status();
  const NationalOptions& options = in->options;
  const std::vector<OperatorReturn>& returns = in->returns;
  if (!args.scenario.empty()) {
    auto scenario = load_national_scenario(args.scenario, args.max_file_bytes);
    if (!scenario.ok()) return scenario.status();
    auto whatif = national_whatif(returns, in->registry_sources, options, *scenario);
    if (!whatif.ok()) return whatif.status();
    const Comparison& c = whatif->comparison;
    if (args.format != "text" && args.format != "json") {
      return Status::usage("--scenario: the national what-if is written as text or json");
    }
    const std::string rendered = args.format == "json" ? render_comparison_json(c) : render_comparison_text(c);
    return emit_text(args.output, rendered, args.quiet,
                     [&] { return args.format == "text" ? std::string() : render_comparison_text(c); });
  }
  auto report = merge_returns(returns, *in->registry, options);
  if (!report.ok()) return report.status();
  if (args.format == "csv") {
    // CSV is one file per table, so -o names a folder.
    if (args.output.empty() || args.output == "-") {
      return Status::usage("--format csv writes one file per table: give a folder with -o DIR");
    }
    auto written = write_csv_tables(render_national_csv_tables(*report), args.output);
    if (!written.ok()) return written.status();
    if (!args.quiet) {
      print_for_people(stdout, fmt::format("{}\nWrote {} CSV tables to {}\n", render_national_text(*report),
                                           written->size(), args.output));
    }
    return Status();
  }
  auto rendered = render_national(*report, args.format);
  if (!rendered.ok()) return rendered.status();
  return emit_text(args.output, *rendered, args.quiet,
                   [&] { return args.format == "text" ? std::string() : render_national_text(*report); });
}

struct KeygenArgs {
  std::string operator_id, dir = ".";
};

Status run_keygen(const KeygenArgs& args) {
  auto written = write_key_pair(args.dir, args.operator_id);
  if (!written.ok()) return written.status();
  fmt::print("Wrote {} (secret: keep it with the operator; sign returns with `kitwatch return --sign {}`)\n",
             written->first, written->first);
  fmt::print("Wrote {} (public: give it to the regulator, who merges with `kitwatch national --trust DIR`)\n",
             written->second);
  return Status();
}

}  // namespace

CommandRunner add_return_command(CLI::App& app) {
  auto args = std::make_shared<ReturnArgs>();
  CLI::App* cmd = app.add_subcommand(
      "return", "Write an operator's return: aggregates only (no element ids, sites or MACs), for a national merge");
  add_input_options(*cmd, args->input);
  cmd->add_option("--operator", args->operator_id, "Operator id (lower-case letters, digits, . _ -)")->required();
  cmd->add_option("--operator-name", args->operator_name, "Operator name as shown nationally (default: the id)");
  cmd->add_option("-o,--output", args->output, "Write the return here (default: OPERATOR.return.json)");
  cmd->add_option("--min-cell", args->min_cell,
                  "Fold cells of fewer than K elements into one suppressed cell per function (totals stay exact)")
      ->capture_default_str();
  cmd->add_option("--builds", args->builds,
                  "Whose builds to list: every registered maker's (a national what-if can then designate anyone) "
                  "or only designated makers' (less disclosed)")
      ->check(CLI::IsMember({"registered", "designated"}))
      ->capture_default_str();
  cmd->add_option("--sign", args->sign, "Sign with this secret key (from `kitwatch keygen`)")->check(CLI::ExistingFile);
  add_topology_options(*cmd, args->input, "Links CSV between element ids: adds the topology figures",
                       "Demands CSV (src, dst, volume), with --links: adds the exposure share");
  add_policy_option(*cmd, args->input, "Policy packs whose rule results the return carries (repeatable)");
  add_lists_option(*cmd, args->input);
  add_threads_option(*cmd, args->input);
  add_timings_flag(*cmd, args->input);
  return [args] { return return_command(*args); };
}

CommandRunner add_national_command(CLI::App& app) {
  auto args = std::make_shared<NationalArgs>();
  CLI::App* cmd = app.add_subcommand(
      "national", "Merge operators' returns into the national picture: shares, concentration, rules, evaluation load");
  cmd->add_option("returns", args->returns, "Operator returns (kitwatch-return/1 JSON, one per operator)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--trust", args->trust, "Folder of the operators' public keys (ID.pub): every return must verify")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--allow-unsigned", args->allow_unsigned,
                "Merge unsigned returns too (drafts); said as a caveat in every output");
  cmd->add_flag("--allow-mixed", args->allow_mixed,
                "Merge returns of other as-of dates or registries; said as a caveat in every output");
  cmd->add_option("--lists", args->lists, "Designation lists that count (default: all in the registry)")
      ->delimiter(',');
  cmd->add_option("--registry", args->registries, "Registry overlay YAML, as the operators used (repeatable)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--capacity", args->capacity,
                  "Policy pack (shipped name or file) whose evaluation: section gives the capacity model");
  cmd->add_option("--scenario", args->scenario,
                  "National what-if (YAML: add, remove, designate at return level): every figure before and after")
      ->check(CLI::ExistingFile);
  add_output_options(*cmd, args->format, args->output, {"text", "json", "html", "md", "csv"}, "Report format",
                     "Write the report here (a folder for --format csv); the text summary still goes to stdout");
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but the report (and errors)");
  cmd->add_option("--max-file-bytes", args->max_file_bytes, "Largest return or overlay file accepted, in bytes")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  return [args] { return national_command(*args); };
}

CommandRunner add_keygen_command(CLI::App& app) {
  auto args = std::make_shared<KeygenArgs>();
  CLI::App* cmd = app.add_subcommand("keygen", "Make an operator's Ed25519 key pair for signing returns");
  cmd->add_option("--operator", args->operator_id, "Operator id: names the files ID.key and ID.pub")->required();
  cmd->add_option("-o,--output", args->dir, "Folder to write the key files to")->capture_default_str();
  return [args] { return run_keygen(*args); };
}

}  // namespace kitwatch
