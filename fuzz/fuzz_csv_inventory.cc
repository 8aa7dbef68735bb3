// Fuzzes CSV inventories end to end: CsvReader, column planning, the row builder and the store.
// The same bytes are also read as TSV, since only the delimiter differs. And the parallel reader
// (parallel_csv.h), cut into tiny chunks so that even small inputs go through it, must give
// exactly what the one-threaded reader gives: the same status, report and store.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest_check.h"

namespace kitwatch::fuzz {
namespace {

void check_same_pool(const StringPool& a, const StringPool& b) {
  KITWATCH_FUZZ_CHECK(a.size() == b.size());
  for (StrId i = 0; i < a.size(); ++i) KITWATCH_FUZZ_CHECK(a.view(i) == b.view(i));
}

IngestRun read_with(std::string_view bytes, unsigned threads, bool strict) {
  IngestRun run;
  IngestOptions options = fuzz_options(InputFormat::kCsv, strict);
  options.threads = threads;
  options.chunk_bytes = threads > 1 ? 24 : 0;
  run.status = ingest_inventory_bytes(bytes, "fuzz.csv", options, run.store, run.report);
  return run;
}

void check_parallel_equals_serial(std::string_view bytes, bool strict) {
  const IngestRun serial = read_with(bytes, 1, strict), parallel = read_with(bytes, 2, strict);
  KITWATCH_FUZZ_CHECK(serial.status.ok() == parallel.status.ok());
  if (!serial.status.ok() && !parallel.status.ok()) {
    KITWATCH_FUZZ_CHECK(serial.status.message() == parallel.status.message());
  }
  const IngestReport &a = serial.report, &b = parallel.report;
  KITWATCH_FUZZ_CHECK(a.rows_read == b.rows_read && a.accepted == b.accepted && a.rejected == b.rejected);
  KITWATCH_FUZZ_CHECK(a.rejected_by_reason == b.rejected_by_reason);
  KITWATCH_FUZZ_CHECK(a.first_errors.size() == b.first_errors.size());
  for (std::size_t i = 0; i < a.first_errors.size(); ++i) {
    const RowError &x = a.first_errors[i], &y = b.first_errors[i];
    KITWATCH_FUZZ_CHECK(x.where.to_string() == y.where.to_string() && x.reason == y.reason && x.message == y.message);
  }
  const ElementStore &s = serial.store, &p = parallel.store;
  KITWATCH_FUZZ_CHECK(s.size() == p.size());
  for (auto pool : {&ElementStore::ids, &ElementStore::names, &ElementStore::sites, &ElementStore::regions,
                    &ElementStore::vendors, &ElementStore::models, &ElementStore::software_versions,
                    &ElementStore::serials, &ElementStore::uplink_refs, &ElementStore::tag_sets}) {
    check_same_pool(s.*pool, p.*pool);
  }
  KITWATCH_FUZZ_CHECK(s.name == p.name && s.site == p.site && s.region == p.region &&
                      s.declared_vendor == p.declared_vendor && s.model == p.model &&
                      s.software_version == p.software_version && s.serial == p.serial && s.tag_set == p.tag_set &&
                      s.uplink_ref == p.uplink_ref);
  KITWATCH_FUZZ_CHECK(s.function == p.function && s.installed == p.installed && s.mac_begin == p.mac_begin &&
                      s.macs == p.macs);
  // Bit for bit (NaN never gets in: the builder rejects it).
  KITWATCH_FUZZ_CHECK(s.traffic == p.traffic && s.subscribers == p.subscribers);
  KITWATCH_FUZZ_CHECK(s.origin.size() == p.origin.size());
  for (std::size_t i = 0; i < s.origin.size(); ++i) {
    KITWATCH_FUZZ_CHECK(s.origin[i].line == p.origin[i].line && s.origin[i].file == p.origin[i].file);
  }
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kCsv, "fuzz.csv");
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kTsv, "fuzz.tsv");
  kitwatch::fuzz::check_parallel_equals_serial(bytes, false);
  kitwatch::fuzz::check_parallel_equals_serial(bytes, true);
  return 0;
}
