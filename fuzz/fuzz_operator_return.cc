// Fuzzes the operator return reader (read_return, kitwatch-return/1) and the national scenario
// reader (parse_national_scenario) on the same bytes. Neither may let an exception escape; an
// error must be an input error naming the file. A return that reads keeps what national.h
// promises: a valid operator id, rows read = accepted + rejected, cells and suppressed cells adding
// up to the totals, the totals' count equal to the accepted rows, a 64-digit content digest; and
// written again (write_return) it reads back to the same figures and the same digest.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "national/national.h"

namespace kitwatch::fuzz {
namespace {

void check_return(const OperatorReturn& r) {
  KITWATCH_FUZZ_CHECK(check_operator_id(r.operator_id).ok());
  KITWATCH_FUZZ_CHECK(r.rows_read == r.rows_accepted + r.rows_rejected);
  KITWATCH_FUZZ_CHECK(r.total.count == static_cast<double>(r.rows_accepted));
  KITWATCH_FUZZ_CHECK(r.content_sha256.size() == 64);
  double count = 0;
  for (const ReturnCell& c : r.cells) {
    KITWATCH_FUZZ_CHECK(!c.maker.empty());
    KITWATCH_FUZZ_CHECK(std::isfinite(c.measures.traffic) && c.measures.traffic >= 0);
    KITWATCH_FUZZ_CHECK(std::isfinite(c.measures.subscribers) && c.measures.subscribers >= 0);
    count += c.measures.count;
  }
  for (const SuppressedCells& s : r.suppressed) count += s.measures.count;
  KITWATCH_FUZZ_CHECK(count == r.total.count);
  // Written again, it reads back to the same figures and the same canonical content.
  auto written = write_return(r);
  KITWATCH_FUZZ_CHECK(written.ok());
  auto again = read_return(*written, "fuzz-again.return.json");
  KITWATCH_FUZZ_CHECK(again.ok());
  KITWATCH_FUZZ_CHECK(again->cells.size() == r.cells.size() && again->builds.size() == r.builds.size());
  KITWATCH_FUZZ_CHECK(again->total.count == r.total.count && again->total.traffic == r.total.traffic);
  KITWATCH_FUZZ_CHECK(again->operator_id == r.operator_id && again->as_of == r.as_of);
}

void check_text(std::string_view text) {
  Result<OperatorReturn> read = Status::internal("not run");
  try {
    read = read_return(text, "fuzz.return.json");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped read_return: %s\n", e.what());
    KITWATCH_FUZZ_CHECK(!"read_return threw");
  }
  if (read.ok()) {
    check_return(*read);
  } else {
    KITWATCH_FUZZ_CHECK(read.status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(read.status().message().starts_with("fuzz.return.json"));
  }
  Result<NationalScenario> scenario = Status::internal("not run");
  try {
    scenario = parse_national_scenario(text, "fuzz.scenario.yaml");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "exception escaped parse_national_scenario: %s\n", e.what());
    KITWATCH_FUZZ_CHECK(!"parse_national_scenario threw");
  }
  if (!scenario.ok()) {
    KITWATCH_FUZZ_CHECK(scenario.status().kind() == ErrorKind::kInput);
    KITWATCH_FUZZ_CHECK(scenario.status().message().starts_with("fuzz.scenario.yaml"));
    return;
  }
  KITWATCH_FUZZ_CHECK(!scenario->name.empty() && !scenario->steps.empty());
  for (const NationalStep& step : scenario->steps) {
    KITWATCH_FUZZ_CHECK(step.where.line >= 1);
    if (const auto* add = std::get_if<NationalAdd>(&step.operation)) {
      KITWATCH_FUZZ_CHECK(add->count >= 1 && !add->maker.empty() && !add->operator_id.empty());
      KITWATCH_FUZZ_CHECK(std::isfinite(add->traffic) && add->traffic >= 0);
    }
  }
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  kitwatch::fuzz::check_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
