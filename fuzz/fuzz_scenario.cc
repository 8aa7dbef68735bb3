// Fuzzes the what-if scenario reader (parse_scenario). yaml-cpp reports errors by throwing;
// parse_scenario promises a Result instead, so an escaping exception is reported as a crash. An
// error must be an input error that names the scenario file; a scenario that parses must keep what
// whatif.h promises: a name, at least one operation, each located in the file, counts of at least
// one, finite non-negative measures, a cascade with BOMs and a target.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "whatif/whatif.h"

namespace kitwatch::fuzz {
namespace {

void check_step(const ScenarioStep& step) {
  KITWATCH_FUZZ_CHECK(step.where.line >= 1);
  if (const auto* add = std::get_if<AddOperation>(&step.operation)) {
    KITWATCH_FUZZ_CHECK(add->count >= 1 && !add->vendor.empty());
    KITWATCH_FUZZ_CHECK(std::isfinite(add->traffic) && add->traffic >= 0);
    KITWATCH_FUZZ_CHECK(std::isfinite(add->subscribers) && add->subscribers >= 0);
  }
  if (const auto* cascade = std::get_if<CascadeOperation>(&step.operation)) {
    KITWATCH_FUZZ_CHECK(!cascade->boms.empty() && !cascade->scenario.target.empty());
  }
  if (const auto* designate = std::get_if<DesignateOperation>(&step.operation)) {
    KITWATCH_FUZZ_CHECK(!designate->until || designate->from < *designate->until);
  }
  (void)step.describe();
}

void check_text(std::string_view text) {
  Result<Scenario> parsed = Status::internal("not run");
  try {
    parsed = parse_scenario(text, "fuzz.scenario.yaml");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped parse_scenario: %s\n", e.what());
    KITWATCH_FUZZ_CHECK(!"parse_scenario threw");
  }
  if (!parsed.ok()) {
    KITWATCH_FUZZ_CHECK(parsed.status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(parsed.status().message().starts_with("fuzz.scenario.yaml"));
    return;
  }
  KITWATCH_FUZZ_CHECK(!parsed->name.empty() && !parsed->steps.empty());
  for (const ScenarioStep& step : parsed->steps) check_step(step);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kitwatch::fuzz::check_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
