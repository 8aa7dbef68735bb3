// Fuzzes the BOM CSV reader (read_bom_csv). A file that reads has products whose roots are
// components, child and party indices in range, and no component below itself; a file that fails
// fails as an input error and leaves the set as it was.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "bom/bom.h"
#include "fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::BomSet bom;
  const kitwatch::Status status = kitwatch::read_bom_csv(bytes, "fuzz.csv", bom);
  if (!status.ok()) {
    KITWATCH_FUZZ_CHECK(status.kind() == kitwatch::ErrorKind::kInput && !status.message().empty());
    KITWATCH_FUZZ_CHECK(bom.components.empty() && bom.products.empty() && bom.parties.empty());
    return 0;
  }
  for (const kitwatch::BomProduct& p : bom.products) {
    KITWATCH_FUZZ_CHECK(p.root < bom.components.size());
    for (const kitwatch::BomIndex c : bom.components[p.root].children) {
      KITWATCH_FUZZ_CHECK(c < bom.components.size() && c != p.root);
      KITWATCH_FUZZ_CHECK(bom.components[c].children.empty());  // CSV components are leaves
      const kitwatch::BomIndex s = bom.components[c].supplier;
      KITWATCH_FUZZ_CHECK(s == kitwatch::kNoBom || s < bom.parties.size());
    }
  }
  return 0;
}
