// Policy evaluation: every shipped pack against a large inventory that is read and resolved once.
//
// The inventory is $KITWATCH_POLICY_BENCH_INVENTORY (default /tmp/national/inventory.csv, the 10M
// reference); the packs are the shipped ones (embedded, or data/policies beside the binary).
// The measured time is evaluate_policies() alone: what `kitwatch check` adds to a resolve.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "ingest/ingest.h"
#include "policy/policy.h"

namespace kitwatch {
namespace {

struct Loaded {
  ElementStore store;
  std::unique_ptr<Registry> registry;
  Resolution resolution;
  std::vector<Pack> packs;
  Date as_of = *Date::parse("2028-01-01");
};

const Loaded& loaded() {
  static const std::unique_ptr<Loaded> data = [] {
    auto d = std::make_unique<Loaded>();
    const char* env = std::getenv("KITWATCH_POLICY_BENCH_INVENTORY");
    const std::string path = env ? env : "/tmp/national/inventory.csv";
    IngestOptions options;
    IngestReport report;
    auto registry = Registry::builtin();
    auto macs = MacRegistry::load(kDefaultIeeeDir);
    auto packs = shipped_packs();
    if (!registry.ok() || !macs.ok() || !packs.ok() || !ingest_inventory(path, options, d->store, report).ok() ||
        !finish_inventory(options, d->store, report).ok()) {
      std::fprintf(stderr, "policy bench: cannot load %s, the registry or the packs\n", path.c_str());
      std::exit(1);
    }
    d->registry = std::make_unique<Registry>(std::move(*registry));
    d->resolution = resolve(d->store, *d->registry, *macs, d->as_of);
    d->packs = std::move(*packs);
    return d;
  }();
  return *data;
}

void BM_EvaluateShippedPacks(benchmark::State& state) {
  const Loaded& d = loaded();
  const auto threads = static_cast<unsigned>(state.range(0));
  std::size_t rules = 0;
  for (auto _ : state) {
    auto report = evaluate_policies(d.packs, PolicyContext{d.store, *d.registry, d.resolution, d.as_of, threads});
    if (!report.ok()) state.SkipWithError(report.status().message().c_str());
    rules = report.ok() ? report->results.size() : 0;
    benchmark::DoNotOptimize(rules);
  }
  state.counters["elements"] = static_cast<double>(d.store.size());
  state.counters["rules"] = static_cast<double>(rules);
  state.counters["elements/s"] =
      benchmark::Counter(static_cast<double>(d.store.size()), benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_EvaluateShippedPacks)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace kitwatch
