// Fuzzes the policy pack reader (parse_pack). yaml-cpp reports errors by throwing; parse_pack
// promises a Result instead, so an escaping exception is reported as a crash. An error must be an
// input error that names the pack file; a pack that parses must keep what policy.h promises: a
// name, rules with ids and lines, a scope on every rule, shares and confidences within 0..1.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <set>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "policy/policy.h"

namespace kitwatch::fuzz {
namespace {

void check_pack(const Pack& pack) {
  KITWATCH_FUZZ_CHECK(!pack.name.empty());
  std::set<std::string> ids;
  for (const Rule& rule : pack.rules) {
    KITWATCH_FUZZ_CHECK(!rule.id.empty() && rule.line >= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(rule.limit) && rule.limit >= 0 && rule.limit <= 1);
    KITWATCH_FUZZ_CHECK(std::isfinite(rule.min_confidence) && rule.min_confidence >= 0 && rule.min_confidence <= 1);
  }
}

void check_text(std::string_view text) {
  Result<Pack> parsed = Status::internal("not run");
  try {
    parsed = parse_pack(PackSource{"fuzz.policy.yaml", std::string(text)});
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped parse_pack: %s\n", e.what());
    KITWATCH_FUZZ_CHECK(!"parse_pack threw");
  }
  if (!parsed.ok()) {
    KITWATCH_FUZZ_CHECK(parsed.status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(parsed.status().message().starts_with("fuzz.policy.yaml"));
    return;
  }
  check_pack(parsed.value());
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kitwatch::fuzz::check_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
