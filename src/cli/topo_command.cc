#include "cli/commands.h"

namespace kitwatch {

CommandRunner add_topo_command(CLI::App& app) {
  app.add_subcommand("topo", "Topology and traffic analysis (being built)");
  return [] { return Status::usage("kitwatch topo is not available yet"); };
}

}  // namespace kitwatch
