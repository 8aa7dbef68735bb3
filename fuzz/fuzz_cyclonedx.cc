// Fuzzes the CycloneDX BOM reader (read_cyclonedx). A document that reads must give products
// whose roots are components of the set (or, with no product, a note saying so), every child and
// party index in range, every component located (line >= 1), no self-dependency, and an acyclic
// component graph (the reader refuses cycles). A document that fails must fail as an input error
// with a message and leave the set as it was.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "bom/bom.h"
#include "fuzz_check.h"

namespace kitwatch::fuzz {
namespace {

void check_acyclic(const BomSet& bom) {
  const std::size_t n = bom.components.size();
  std::vector<std::uint8_t> colour(n, 0);
  std::vector<std::pair<BomIndex, std::size_t>> stack;
  for (BomIndex start = 0; start < n; ++start) {
    if (colour[start]) continue;
    colour[start] = 1;
    stack.emplace_back(start, 0);
    while (!stack.empty()) {
      auto& [c, next] = stack.back();
      if (next == bom.components[c].children.size()) {
        colour[c] = 2;
        stack.pop_back();
        continue;
      }
      const BomIndex child = bom.components[c].children[next++];
      KITWATCH_FUZZ_CHECK(colour[child] != 1);
      if (colour[child] == 0) {
        colour[child] = 1;
        stack.emplace_back(child, 0);
      }
    }
  }
}

void check(const Status& status, const BomSet& bom) {
  if (!status.ok()) {
    KITWATCH_FUZZ_CHECK(status.kind() == ErrorKind::kInput && !status.message().empty());
    KITWATCH_FUZZ_CHECK(bom.components.empty() && bom.products.empty() && bom.parties.empty() && bom.files.empty() &&
                        bom.notes.empty());
    return;
  }
  KITWATCH_FUZZ_CHECK(bom.files.size() == 1 && (!bom.products.empty() || !bom.notes.empty()));
  for (const BomProduct& p : bom.products) {
    KITWATCH_FUZZ_CHECK(p.root < bom.components.size() && !p.model_keys.empty());
  }
  for (const BomComponent& c : bom.components) {
    KITWATCH_FUZZ_CHECK(c.where.line >= 1 && c.where.column >= 1 && !c.ref.empty());
    KITWATCH_FUZZ_CHECK(c.supplier == kNoBom || c.supplier < bom.parties.size());
    KITWATCH_FUZZ_CHECK(c.manufacturer == kNoBom || c.manufacturer < bom.parties.size());
    for (std::size_t i = 0; i < c.children.size(); ++i) {
      KITWATCH_FUZZ_CHECK(c.children[i] < bom.components.size() && &bom.components[c.children[i]] != &c);
      KITWATCH_FUZZ_CHECK(i == 0 || c.children[i - 1] < c.children[i]);  // sorted, unique
    }
  }
  check_acyclic(bom);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  kitwatch::BomSet bom;
  const kitwatch::Status status = kitwatch::read_cyclonedx(bytes, "fuzz.cdx.json", bom);
  kitwatch::fuzz::check(status, bom);
  return 0;
}
