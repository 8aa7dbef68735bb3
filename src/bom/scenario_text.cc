// A cascade scenario from its parts as people write them (bom.h: parse_cascade_scenario).
#include <fmt/format.h>

#include "bom/bom.h"

namespace kitwatch {
namespace {

Result<Date> parse_date_option(const std::string& text, const char* option) {
  auto d = Date::parse(text);
  if (!d) return Status::usage(fmt::format("{} '{}': expected a date YYYY-MM-DD", option, text));
  return *d;
}

}  // namespace

Result<CascadeScenario> parse_cascade_scenario(const CascadeScenarioText& text) {
  CascadeScenario s;
  const bool stop = !text.suppliers.empty(), designate = !text.designate.empty();
  if (stop == designate) return Status::usage("give either --stop-supplier S --to V, or --designate V --list L");
  if (stop && text.to.empty()) {
    return Status::usage("--stop-supplier needs --to V (the controller they stop selling to)");
  }
  if (designate && text.list.empty()) return Status::usage("--designate needs --list L (the designation list)");
  s.kind = stop ? CascadeScenario::Kind::kStopSupplier : CascadeScenario::Kind::kDesignate;
  s.suppliers = text.suppliers;
  s.target = stop ? text.to : text.designate;
  s.list = text.list;
  auto from = parse_date_option(text.from, "--from");
  if (!from.ok()) return from.status();
  s.from = *from;
  if (!text.until.empty()) {
    auto until = parse_date_option(text.until, "--until");
    if (!until.ok()) return until.status();
    s.until = *until;
  }
  return s;
}

}  // namespace kitwatch
