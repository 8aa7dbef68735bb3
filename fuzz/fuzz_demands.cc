// Fuzzes the demands CSV reader (ingest_demands_bytes) against a small fixed set of elements.
// Lenient and strict reads must keep the report's counts (every row read is accepted or rejected,
// once), accept only demands between known elements with a finite non-negative volume and a line,
// and agree with each other: strict succeeds exactly when the lenient read rejected nothing.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "ingest/ingest.h"
#include "model/element_store.h"
#include "topology/topology.h"

namespace kitwatch::fuzz {
namespace {

const ElementStore& elements() {
  static const ElementStore store = [] {
    ElementStore s;
    for (std::string_view id : {"a", "b", "core-1", "agg-1", "olt-7", "cpe 9"}) {
      ElementRow row;
      row.id = id;
      row.origin.line = 1;
      s.append(row);
    }
    return s;
  }();
  return store;
}

struct DemandsRun {
  Status status;
  IngestReport report;
  DemandTable demands;
};

DemandsRun read_demands(std::string_view bytes, const std::string& name, bool strict) {
  IngestOptions options;
  options.strict = strict;
  options.errors_kept = 3;
  DemandsRun run;
  run.status = ingest_demands_bytes(bytes, name, options, elements(), run.demands, run.report);
  const IngestReport& r = run.report;
  KITWATCH_FUZZ_CHECK(r.rows_read == r.accepted + r.rejected);
  KITWATCH_FUZZ_CHECK(run.demands.size() == r.accepted);
  KITWATCH_FUZZ_CHECK(run.demands.dst.size() == r.accepted && run.demands.volume.size() == r.accepted &&
                      run.demands.line.size() == r.accepted);
  KITWATCH_FUZZ_CHECK(r.first_errors.size() <= options.errors_kept);
  if (strict) KITWATCH_FUZZ_CHECK(r.rejected <= 1);
  for (const RowError& e : r.first_errors) KITWATCH_FUZZ_CHECK(e.where.line >= 1 && !e.reason.empty());
  const std::size_t n = elements().size();
  for (std::size_t i = 0; i < run.demands.size(); ++i) {
    KITWATCH_FUZZ_CHECK(run.demands.src[i] < n && run.demands.dst[i] < n && run.demands.line[i] >= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(run.demands.volume[i]) && run.demands.volume[i] >= 0);
  }
  if (!run.status.ok()) {
    KITWATCH_FUZZ_CHECK(run.status.kind() == ErrorKind::kInput && !run.status.message().empty());
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
