// Each subcommand registers itself on the CLI11 app and returns the function that runs it.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>

#include "base/status.h"

namespace kitwatch {

using CommandRunner = std::function<Status()>;

CommandRunner add_assess_command(CLI::App& app);
CommandRunner add_generate_command(CLI::App& app);
CommandRunner add_topo_command(CLI::App& app);
CommandRunner add_resolve_command(CLI::App& app);
CommandRunner add_registry_command(CLI::App& app);
CommandRunner add_policy_command(CLI::App& app);
CommandRunner add_check_command(CLI::App& app);
CommandRunner add_snapshot_command(CLI::App& app);  // snapshot add|list|diff
CommandRunner add_history_command(CLI::App& app);
CommandRunner add_cascade_command(CLI::App& app);
CommandRunner add_whatif_command(CLI::App& app);
CommandRunner add_return_command(CLI::App& app);  // national returns: return, national, keygen
CommandRunner add_national_command(CLI::App& app);
CommandRunner add_keygen_command(CLI::App& app);
CommandRunner add_serve_command(CLI::App& app);  // kitwatch serve (src/server)
CommandRunner add_plan_command(CLI::App& app);   // kitwatch plan (src/plan)

}  // namespace kitwatch
