// A deterministic synthetic operator network for demos, tests and benchmarks.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "base/status.h"
#include "model/element_store.h"

namespace kitwatch {

struct GenerateOptions {
  std::uint64_t elements = 10000;  // total elements, CPE included
  std::uint64_t seed = 1;
};

struct GenerateSummary {
  std::array<std::uint64_t, kFunctionCount> elements_by_function{};
  std::uint64_t elements = 0, links = 0, demands = 0;
};

// Writes inventory.csv, links.csv and demands.csv into out_dir (created if missing).
// The same options always give byte-identical files.
Status generate_network(const GenerateOptions& options, const std::string& out_dir, GenerateSummary& summary);

}  // namespace kitwatch
