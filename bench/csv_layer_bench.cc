// The layers under the CSV inventory reader, each alone on one thread, on a generated inventory
// held in memory: the clean-text pre-scan, the RFC 4180 tokeniser, and interning of the ids (a
// pool far larger than the cache, as at national scale). Counter: input bytes per second.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "base/csv_reader.h"
#include "base/string_pool.h"
#include "generate/generator.h"

namespace kitwatch {
namespace {

// A generated inventory of n elements, read into memory once per size.
const std::string& inventory_text(std::uint64_t elements) {
  static std::uint64_t loaded = 0;
  static std::string text;
  if (loaded != elements) {
    const std::string dir = "/tmp/kitwatch-bench/csv-layer-n" + std::to_string(elements);
    GenerateSummary summary;
    if (!std::ifstream(dir + "/inventory.csv")) (void)generate_network(GenerateOptions{elements, 1}, dir, summary);
    std::ostringstream buffer;
    buffer << std::ifstream(dir + "/inventory.csv").rdbuf();
    text = buffer.str();
    loaded = elements;
  }
  return text;
}

void BM_ScanText(benchmark::State& state) {
  const std::string& text = inventory_text(static_cast<std::uint64_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(scan_text(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ScanText)->Arg(200000)->Unit(benchmark::kMillisecond);

void BM_CsvTokenise(benchmark::State& state) {
  const std::string& text = inventory_text(static_cast<std::uint64_t>(state.range(0)));
  for (auto _ : state) {
    CsvReader reader(text, ',');
    CsvRecord record;
    std::size_t fields = 0;
    while (reader.next(record) != CsvReader::Next::kEnd) fields += record.fields.size();
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_CsvTokenise)->Arg(200000)->Unit(benchmark::kMillisecond);

// Interning n distinct ids, hashed beforehand (as the parsing threads do) and prefetched or not.
void BM_InternIds(benchmark::State& state) {
  const auto n = static_cast<std::size_t>(state.range(0));
  const bool prefetch = state.range(1) != 0;
  std::vector<std::string> ids(n);
  std::vector<StrHash> hashes(n);
  for (std::size_t i = 0; i < n; ++i) {
    ids[i] = "cpe-" + std::to_string(i * 2654435761u % 100000000u);
    hashes[i] = StringPool::hash_of(ids[i]);
  }
  constexpr std::size_t kAhead = 16;
  for (auto _ : state) {
    StringPool pool;
    pool.reserve(n + 1, n * 12);
    bool inserted = false;
    for (std::size_t i = 0; i < n; ++i) {
      if (prefetch && i + kAhead < n) pool.prefetch(hashes[i + kAhead]);
      pool.intern_hashed(ids[i], hashes[i], inserted);
    }
    benchmark::DoNotOptimize(pool.size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * n));
}
BENCHMARK(BM_InternIds)->Args({2000000, 0})->Args({2000000, 1})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace kitwatch
