#include "generate/generator.h"

namespace kitwatch {

Status generate_network(const GenerateOptions&, const std::string&, GenerateSummary&) {
  return Status::internal("generate: not built yet");
}

}  // namespace kitwatch
