// kitwatch: the command-line front end. It parses arguments, calls the engine and prints; all
// analysis lives in the engine library.
#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "cli/commands.h"
#include "cli/exit_codes.h"

int main(int argc, char** argv) {
  using namespace kitwatch;
  CLI::App app{"kitwatch: how much of a telecom network depends on high-risk suppliers, and is that within the rules?"};
  app.set_version_flag("--version", std::string("kitwatch ") + KITWATCH_VERSION);
  app.require_subcommand(1);
  const CommandRunner assess = add_assess_command(app);
  const CommandRunner generate = add_generate_command(app);
  const CommandRunner topo = add_topo_command(app);
  const CommandRunner resolve = add_resolve_command(app);
  const CommandRunner registry = add_registry_command(app);
  const CommandRunner policy = add_policy_command(app);
  const CommandRunner check = add_check_command(app);
  const CommandRunner snapshot = add_snapshot_command(app);
  const CommandRunner history = add_history_command(app);
  const CommandRunner cascade = add_cascade_command(app);
  const CommandRunner whatif = add_whatif_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitUsageOrInput;
  }
  Status status;
  try {
    if (app.got_subcommand("assess")) status = assess();
    if (app.got_subcommand("generate")) status = generate();
    if (app.got_subcommand("topo")) status = topo();
    if (app.got_subcommand("resolve")) status = resolve();
    if (app.got_subcommand("registry")) status = registry();
    if (app.got_subcommand("policy")) status = policy();
    if (app.got_subcommand("check")) status = check();
    if (app.got_subcommand("snapshot")) status = snapshot();
    if (app.got_subcommand("history")) status = history();
    if (app.got_subcommand("cascade")) status = cascade();
    if (app.got_subcommand("whatif")) status = whatif();
  } catch (const std::exception& e) {
    status = Status::internal(e.what());
  }
  if (!status.ok()) {
    fmt::print(stderr, "kitwatch: {}\n", status.message());
  }
  return exit_code_for(status);
}
