// Fuzzes JSON-array inventories: the value scanner (json_scan.h), per-element parsing with
// nlohmann::json, key mapping, the row builder and the store.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "ingest_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_inventory(bytes, kitwatch::InputFormat::kJson, "fuzz.json");
  return 0;
}
