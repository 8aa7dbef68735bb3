// Fuzzes the links CSV reader (ingest_links), which only reads from a path: each input is written
// to a private temporary file, once as .csv and once as .tsv (the suffix picks the delimiter),
// and read against a small fixed set of elements. Lenient and strict reads must keep the report's
// counts, accept only links between known elements with a positive cost and a non-negative
// capacity, and agree with each other.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "edge_check.h"
#include "fuzz_check.h"
#include "ingest/ingest.h"
#include "temp_file.h"

namespace kitwatch::fuzz {
namespace {

struct LinksRun {
  Status status;
  IngestReport report;
  LinkTable links;
};

LinksRun read_links(const std::string& path, bool strict) {
  const IngestOptions options = edge_options(strict);
  LinksRun run;
  run.status = ingest_links(path, options, known_elements(), run.links, run.report);
  check_edge_read(run.status, run.report, run.links.size(), options);
  const std::size_t accepted = run.report.accepted;
  KITWATCH_FUZZ_CHECK(run.links.b.size() == accepted && run.links.cost.size() == accepted &&
                      run.links.capacity.size() == accepted);
  const std::size_t n = known_elements().size();
  for (std::size_t i = 0; i < run.links.size(); ++i) {
    KITWATCH_FUZZ_CHECK(run.links.a[i] < n && run.links.b[i] < n);
    KITWATCH_FUZZ_CHECK(std::isfinite(run.links.cost[i]) && run.links.cost[i] > 0);
    KITWATCH_FUZZ_CHECK(std::isfinite(run.links.capacity[i]) && run.links.capacity[i] >= 0);
  }
  return run;
}

void check_file(const std::string& name, std::string_view bytes) {
  const std::string path = write_temp_file(name, bytes);
  const LinksRun lenient = read_links(path, false);
  const LinksRun strict = read_links(path, true);
  const bool clean = lenient.status.ok() && lenient.report.rejected == 0;
  KITWATCH_FUZZ_CHECK(strict.status.ok() == clean);
  if (clean) KITWATCH_FUZZ_CHECK(strict.links.a == lenient.links.a && strict.links.b == lenient.links.b);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_file("links.csv", bytes);
  kitwatch::fuzz::check_file("links.tsv", bytes);
  return 0;
}
