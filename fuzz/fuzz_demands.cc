// Fuzzes the demands CSV reader (ingest_demands_bytes) against a small fixed set of elements.
// Lenient and strict reads must keep the report's counts (every row read is accepted or rejected,
// once), accept only demands between known elements with a finite non-negative volume and a line,
// and agree with each other: strict succeeds exactly when the lenient read rejected nothing.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "edge_check.h"
#include "fuzz_check.h"
#include "ingest/ingest.h"
#include "topology/topology.h"

namespace kitwatch::fuzz {
namespace {

struct DemandsRun {
  Status status;
  IngestReport report;
  DemandTable demands;
};

DemandsRun read_demands(std::string_view bytes, const std::string& name, bool strict) {
  const IngestOptions options = edge_options(strict);
  DemandsRun run;
  run.status = ingest_demands_bytes(bytes, name, options, known_elements(), run.demands, run.report);
  check_edge_read(run.status, run.report, run.demands.size(), options);
  const std::size_t accepted = run.report.accepted;
  KITWATCH_FUZZ_CHECK(run.demands.dst.size() == accepted && run.demands.volume.size() == accepted &&
                      run.demands.line.size() == accepted);
  const std::size_t n = known_elements().size();
  for (std::size_t i = 0; i < run.demands.size(); ++i) {
    KITWATCH_FUZZ_CHECK(run.demands.src[i] < n && run.demands.dst[i] < n && run.demands.line[i] >= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(run.demands.volume[i]) && run.demands.volume[i] >= 0);
  }
  return run;
}

void check_file(const std::string& name, std::string_view bytes) {
  const DemandsRun lenient = read_demands(bytes, name, false);
  const DemandsRun strict = read_demands(bytes, name, true);
  const bool clean = lenient.status.ok() && lenient.report.rejected == 0;
  KITWATCH_FUZZ_CHECK(strict.status.ok() == clean);
  if (clean) {
    KITWATCH_FUZZ_CHECK(strict.demands.src == lenient.demands.src && strict.demands.dst == lenient.demands.dst);
  }
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_file("demands.csv", bytes);
  kitwatch::fuzz::check_file("demands.tsv", bytes);
  return 0;
}
