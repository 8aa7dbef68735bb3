// kitwatch: the command-line front end. Each subcommand turns its arguments into the engine's
// RunSpec, calls the engine (run/run.h) and prints; all analysis lives in the engine library.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <functional>
#include <vector>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  using namespace kitwatch;
  CLI::App app{"kitwatch: how much of a telecom network depends on high-risk suppliers, and is that within the rules?"};
  app.set_version_flag("--version", std::string("kitwatch ") + KITWATCH_VERSION);
  app.require_subcommand(1);
  std::vector<CommandRunner> commands;
  for (auto add :
       {add_assess_command, add_generate_command, add_topo_command, add_resolve_command, add_registry_command,
        add_policy_command, add_check_command, add_snapshot_command, add_history_command, add_cascade_command,
        add_whatif_command, add_return_command, add_national_command, add_keygen_command, add_serve_command}) {
    commands.push_back(add(app));
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
  if (!status.ok()) fmt::print(stderr, "kitwatch: {}\n", status.message());
  return exit_code_for(status);
}
