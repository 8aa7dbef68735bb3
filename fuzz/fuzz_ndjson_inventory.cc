// Fuzzes NDJSON inventories (one element object per line). A separate target from the JSON-array
// one so each keeps a corpus of its own shape and libFuzzer's coverage figures stay comparable.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kNdjson, "fuzz.ndjson");
  return 0;
}
