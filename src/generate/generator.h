// A deterministic synthetic operator network for demos, tests and benchmarks: a UK-like national
// operator with core, transport, aggregation, access, RAN, management and (mostly) CPE elements, a
// realistic vendor mix that includes designated makers, white-labelled CPE and messy vendor names.
// examples/README.md describes the shape and the numbers it follows.
//
// Thread safety: generate_network() keeps no shared state; concurrent calls are fine as long as
// they write to different directories.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"
#include "model/element_store.h"

namespace kitwatch {

struct GenerateOptions {
  std::uint64_t elements = 10000;  // total elements, CPE included; kMinElements..kMaxElements
  std::uint64_t seed = 1;
  // Infrastructure (transport, aggregation, access, RAN) relative to the default mix, in
  // per-mille: 1000 keeps about 9% of elements as infrastructure, 550 about 5% (the national
  // preset: 10M elements, ~500k infrastructure nodes, ~9.5M CPE). CPE take up the rest.
  std::uint32_t infrastructure_permille = 1000;

  // Below this there is no room for every function; above it MAC addresses would repeat.
  static constexpr std::uint64_t kMinElements = 20;
  static constexpr std::uint64_t kMaxElements = 16'000'000;
};

struct GenerateSummary {
  std::array<std::uint64_t, kFunctionCount> elements_by_function{};
  std::uint64_t elements = 0, links = 0, demands = 0;
  std::uint64_t bytes = 0;  // written to the three files together
};

// Writes inventory.csv, links.csv and demands.csv into out_dir (created if missing).
// The same options always give byte-identical files, on any platform and standard library.
// Returns a usage error when options.elements is out of range, an I/O error when a file cannot be
// written.
// Named sizes for benchmarks: "regional" (about 1M elements) and "national" (about 10M, of
// which ~9.5M CPE and ~500k infrastructure nodes). Returns nullopt for an unknown name.
std::optional<GenerateOptions> preset_options(std::string_view name);
// options with the preset's size and mix, or a usage error naming the presets.
Status apply_preset(std::string_view name, GenerateOptions& options);
// "core 4, transport 2, ..." in file order, leaving out functions the generator never writes.
std::string describe_function_counts(const GenerateSummary& summary);

Status generate_network(const GenerateOptions& options, const std::string& out_dir, GenerateSummary& summary);

}  // namespace kitwatch
