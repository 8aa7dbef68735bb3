// Ingest + resolve + assess of a generated inventory, the first end-to-end benchmark.
//
// The inventory is generated once per size into $KITWATCH_BENCH_DIR (default /tmp/kitwatch-bench)
// and reused. Counters: rows/s, bytes/s (input CSV), and the process's peak RSS.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "assess/assess.h"
#include "generate/generator.h"
#include "ingest/ingest.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {
namespace {

std::string inventory_for(std::uint64_t elements) {
  const char* env = std::getenv("KITWATCH_BENCH_DIR");
  const std::string dir = std::string(env ? env : "/tmp/kitwatch-bench") + "/n" + std::to_string(elements);
  if (!std::filesystem::exists(dir + "/inventory.csv")) {
    GenerateSummary summary;
    const Status s = generate_network(GenerateOptions{elements, 1}, dir, summary);
    if (!s.ok()) {
      std::fprintf(stderr, "cannot generate the benchmark inventory: %s\n", s.message().c_str());
      std::exit(1);
    }
  }
  return dir + "/inventory.csv";
}

double peak_rss_mb() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

void BM_IngestAssess(benchmark::State& state) {
  const auto elements = static_cast<std::uint64_t>(state.range(0));
  const std::string path = inventory_for(elements);
  const auto bytes = std::filesystem::file_size(path);
  auto registry = Registry::builtin();
  auto macs = MacRegistry::load(kDefaultIeeeDir);
  const Date as_of = *Date::parse("2026-11-28");
  for (auto _ : state) {
    ElementStore store;
    IngestReport ingest;
    IngestOptions options;
    if (!ingest_inventory(path, options, store, ingest).ok() || !finish_inventory(options, store, ingest).ok()) {
      state.SkipWithError("ingest failed");
      return;
    }
    const Resolution resolution = resolve(store, *registry, *macs, as_of);
    auto report = assess(store, *registry, resolution, AssessOptions{as_of, {}, 10});
    benchmark::DoNotOptimize(report.ok());
    state.counters["store_MB"] = static_cast<double>(store.memory_bytes()) / 1e6;
    state.counters["bytes_per_element"] = static_cast<double>(store.memory_bytes()) / static_cast<double>(store.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * elements));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
  state.counters["peak_rss_MB"] = peak_rss_mb();
}
BENCHMARK(BM_IngestAssess)->Arg(100000)->Arg(1000000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ResolveAssessOnly(benchmark::State& state) {
  const auto elements = static_cast<std::uint64_t>(state.range(0));
  ElementStore store;
  IngestReport ingest;
  IngestOptions options;
  if (!ingest_inventory(inventory_for(elements), options, store, ingest).ok()) {
    state.SkipWithError("ingest failed");
    return;
  }
  finish_inventory(options, store, ingest);
  auto registry = Registry::builtin();
  auto macs = MacRegistry::load(kDefaultIeeeDir);
  const Date as_of = *Date::parse("2026-11-28");
  for (auto _ : state) {
    const Resolution resolution = resolve(store, *registry, *macs, as_of);
    benchmark::DoNotOptimize(resolution.decisions.size());
    if (state.range(1)) {
      auto report = assess(store, *registry, resolution, AssessOptions{as_of, {}, 10});
      benchmark::DoNotOptimize(report.ok());
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * elements));
}
// Resolution alone (second argument 0) and resolution + metrics (1) on a loaded store.
BENCHMARK(BM_ResolveAssessOnly)->Args({1000000, 0})->Args({1000000, 1})->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace kitwatch
