#include "cli/commands.h"

namespace kitwatch {

CommandRunner add_policy_command(CLI::App& app) {
  app.add_subcommand("policy", "Shipped policy packs (being built)");
  return [] { return Status::usage("kitwatch policy is not available yet"); };
}

CommandRunner add_check_command(CLI::App& app) {
  app.add_subcommand("check", "Check an inventory against policy packs, as a CI gate (being built)");
  return [] { return Status::usage("kitwatch check is not available yet"); };
}

}  // namespace kitwatch
