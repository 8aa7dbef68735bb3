#include "cli/commands.h"
#include "generate/generator.h"

namespace kitwatch {

CommandRunner add_generate_command(CLI::App& app) {
  app.add_subcommand("generate", "Write a synthetic operator network");
  return [] { return Status::internal("generate: not built yet"); };
}

}  // namespace kitwatch
