// Fuzzes the IEEE MAC registry reader (MacRegistry::from_csv, the parser behind oui.csv, mam.csv,
// oui36.csv and iab.csv) at each prefix length. A file that loads must answer lookups as its rows
// say: the MAC at the start of every assigned prefix maps to the organisation of the last row
// naming that prefix, and organisations are interned once.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "base/csv_reader.h"
#include "fuzz_check.h"
#include "registry/mac_registry.h"

namespace kitwatch::fuzz {
namespace {

// The rows the registry should hold: prefix → organisation, later rows winning, read with the
// same CSV reader (fuzzed on its own by fuzz_csv_reader) but none of MacRegistry's own logic.
std::map<std::uint64_t, std::string> expected_rows(std::string_view text, int bits) {
  std::map<std::uint64_t, std::string> rows;
  CsvReader reader(text, ',');
  CsvRecord record;
  bool header = true;
  while (reader.next(record) == CsvReader::Next::kRecord) {
    if (header) {
      header = false;
      continue;
    }
    const std::string_view hex = record.fields[1].text;
    std::uint64_t prefix = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), prefix, 16);
    KITWATCH_FUZZ_CHECK(ec == std::errc() && end == hex.data() + hex.size() && hex.size() * 4 == std::size_t(bits));
    const std::string_view org = record.fields[2].text;
    // Withheld names and the Registration Authority's own blocks name no maker (see add_csv).
    if (org == "Private" || org.empty() || org == "IEEE Registration Authority") continue;
    rows[prefix] = std::string(org);
  }
  return rows;
}

void check_bits(std::string_view text, int bits) {
  const auto registry = MacRegistry::from_csv(text, bits, "fuzz.csv");
  if (!registry.ok()) {
    KITWATCH_FUZZ_CHECK(registry.status().kind() == ErrorKind::kInput && !registry.status().message().empty());
    return;
  }
  const MacRegistry& reg = registry.value();
  const std::map<std::uint64_t, std::string> rows = expected_rows(text, bits);
  KITWATCH_FUZZ_CHECK(reg.available() == (reg.assignments() > 0));
  KITWATCH_FUZZ_CHECK(reg.assignments() >= rows.size());
  KITWATCH_FUZZ_CHECK(reg.organisations() <= reg.assignments() + 1);  // the empty string, then names
  for (const auto& [prefix, org] : rows) {
    KITWATCH_FUZZ_CHECK(prefix < (std::uint64_t{1} << bits));
    const Mac first = prefix << (48 - bits);
    const Mac last = first | ((Mac{1} << (48 - bits)) - 1);
    for (Mac mac : {first, last}) {
      const StrId id = reg.lookup(mac);
      KITWATCH_FUZZ_CHECK(id != 0 && reg.organisation(id) == org);
    }
  }
  if (rows.empty()) KITWATCH_FUZZ_CHECK(reg.lookup(0) == 0 && reg.lookup((Mac{1} << 48) - 1) == 0);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (int bits : {24, 28, 36}) kitwatch::fuzz::check_bits(text, bits);
  return 0;
}
