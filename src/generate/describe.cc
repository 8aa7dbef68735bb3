// Presets by name and the summary of what was generated, for people.
#include <fmt/format.h>

#include "generate/generator.h"

namespace kitwatch {

Status apply_preset(std::string_view name, GenerateOptions& options) {
  const auto preset = preset_options(name);
  if (!preset) return Status::usage(fmt::format("--preset {}: expected regional or national", name));
  options.elements = preset->elements;
  options.infrastructure_permille = preset->infrastructure_permille;
  return Status();
}

std::string describe_function_counts(const GenerateSummary& summary) {
  std::string out;
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (static_cast<Function>(f) == Function::kOther) continue;
    out += fmt::format("{}{} {}", out.empty() ? "" : ", ", kFunctionNames[f], summary.elements_by_function[f]);
  }
  return out;
}

}  // namespace kitwatch
