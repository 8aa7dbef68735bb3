// kitwatch: the command-line front end. Each subcommand turns its arguments into the engine's
// RunSpec, calls the engine (run/run.h) and prints; all analysis lives in the engine library.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "base/text_escape.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace {

// The edit distance between two words (insertions, deletions, substitutions, adjacent swaps).
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
  for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1])});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.size()][b.size()];
}

// The known word closest to what was typed, when it is close enough to be what was meant.
std::string closest(std::string_view typed, const std::vector<std::string>& known) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
  for (const std::string& word : known) {
    const std::size_t distance = edit_distance(typed, word);
    if (distance < best_distance) {
      best = word;
      best_distance = distance;
    }
  }
  return best;
}

// A misspelt subcommand or long option, said with what was probably meant, before CLI11 reports it
// its own way ("A subcommand is required", or a positional argument taken for a file).
std::string misspelling(CLI::App& app, int argc, char** argv) {
  CLI::App* at = &app;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg.starts_with("--")) {
      const std::string name(arg.substr(2, arg.find('=') - 2));
      bool known = name == "help" || name == "version";
      std::vector<std::string> names;
      for (CLI::App* scope = at; scope != nullptr && !known; scope = scope->get_parent()) {
        for (const CLI::Option* option : scope->get_options()) {
          for (const std::string& long_name : option->get_lnames()) {
            known = known || long_name == name;
            names.push_back(long_name);
          }
        }
      }
      if (known) continue;
      const std::string guess = closest(name, names);
      return fmt::format("unknown option '--{}'{}", name,
                         guess.empty() ? "" : fmt::format("; did you mean '--{}'?", guess));
    }
    if (arg.starts_with("-")) continue;
    // The first word that is not an option names a subcommand where the current command has them.
    const std::vector<CLI::App*> subcommands = at->get_subcommands(std::function<bool(CLI::App*)>());
    if (subcommands.empty()) continue;
    CLI::App* next = nullptr;
    std::vector<std::string> names;
    for (CLI::App* sub : subcommands) {
      if (sub->get_name() == arg) next = sub;
      names.push_back(sub->get_name());
    }
    if (next == nullptr) {
      // A command that needs a subcommand takes none of its words as positional arguments.
      if (at->get_require_subcommand_min() == 0) continue;
      const std::string guess = closest(arg, names);
      const std::string command = at == &app ? "kitwatch" : "kitwatch " + at->get_name();
      return fmt::format("no command '{}'{} ({} --help lists them)", arg,
                         guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess), command);
    }
    at = next;
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace kitwatch;
  CLI::App app{"kitwatch: how much of a telecom network depends on high-risk suppliers, and is that within the rules?"};
  app.set_version_flag("--version", std::string("kitwatch ") + KITWATCH_VERSION);
  app.require_subcommand(1);
  std::vector<CommandRunner> commands;
  for (auto add : {add_assess_command, add_generate_command, add_topo_command, add_resolve_command,
                   add_registry_command, add_policy_command, add_check_command, add_snapshot_command,
                   add_history_command, add_cascade_command, add_whatif_command, add_plan_command, add_return_command,
                   add_national_command, add_keygen_command, add_serve_command}) {
    commands.push_back(add(app));
  }
  if (const std::string typo = misspelling(app, argc, argv); !typo.empty()) {
    fmt::print(stderr, "kitwatch: {}\n", typo);
    return kExitUsageOrInput;
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsageOrInput;
  }
  Status status;
  try {
    // Subcommands are registered in the order of `commands`; exactly one was given.
    const std::vector<CLI::App*> subcommands = app.get_subcommands(std::function<bool(CLI::App*)>());
    for (std::size_t i = 0; i < subcommands.size(); ++i) {
      if (subcommands[i]->parsed()) status = commands[i]();
    }
  } catch (const std::exception& e) {
    status = Status::internal(e.what());
  }
  // Messages quote input (ids, file names, selectors): their control characters are escaped always,
  // terminal or log.
  if (!status.ok()) fmt::print(stderr, "kitwatch: {}\n", escape_controls(status.message()));
  return exit_code_for(status);
}
