// Fuzzes CSV inventories end to end: CsvReader, column planning, the row builder and the store.
// The same bytes are also read as TSV, since only the delimiter differs.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kCsv, "fuzz.csv");
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kTsv, "fuzz.tsv");
  return 0;
}
