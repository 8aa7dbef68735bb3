// kitwatch generate: write a deterministic synthetic operator network (inventory, links, demands).
#include <fmt/format.h>
#include <chrono>
#include <memory>

#include "cli/commands.h"
#include "generate/generator.h"

namespace kitwatch {
namespace {

struct GenerateArgs {
  std::int64_t elements = static_cast<std::int64_t>(GenerateOptions{}.elements);  // signed, so -5 is not 2^64-5
  GenerateOptions options;
  std::string output;
  std::string preset;  // "regional" or "national"; sets the size and mix
  bool quiet = false;
};

Status run_generate(const GenerateArgs& args) {
  const auto start = std::chrono::steady_clock::now();
  if (args.elements < 0) {
    return Status::usage(fmt::format("--elements {}: expected {} to {} elements", args.elements,
                                     GenerateOptions::kMinElements, GenerateOptions::kMaxElements));
  }
  GenerateOptions options = args.options;
  options.elements = static_cast<std::uint64_t>(args.elements);
  if (!args.preset.empty()) {
    if (Status s = apply_preset(args.preset, options); !s.ok()) return s;
  }
  GenerateSummary summary;
  if (Status s = generate_network(options, args.output, summary); !s.ok()) return s;
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
  if (!args.quiet) {
    fmt::print("generated {} elements ({}), {} links and {} demands into {} ({:.1f} MB) in {:.2f} s\n",
               summary.elements, describe_function_counts(summary), summary.links, summary.demands, args.output,
               static_cast<double>(summary.bytes) / 1e6, took.count());
  }
  return Status();
}

}  // namespace

CommandRunner add_generate_command(CLI::App& app) {
  auto args = std::make_shared<GenerateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "generate", "Write a deterministic synthetic operator network: inventory.csv, links.csv and demands.csv");
  CLI::Option* elements =
      cmd->add_option("-n,--elements", args->elements, "Number of elements, CPE included (20 to 16,000,000)")
          ->capture_default_str();
  cmd->add_option("--preset", args->preset,
                  "A named size: regional (1M elements) or national (10M: ~9.5M CPE, ~500k infrastructure)")
      ->excludes(elements);
  cmd->add_option("-s,--seed", args->options.seed, "Random seed; the same seed and size give the same files")
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "Directory to write the files into (created if missing)")->required();
  cmd->add_flag("-q,--quiet", args->quiet, "Print nothing but errors");
  return [args] { return run_generate(*args); };
}

}  // namespace kitwatch
