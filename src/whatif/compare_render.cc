// The comparison for people (an aligned before / after / delta table) and for machines (JSON).
#include <fmt/format.h>

#include <cmath>

#include "whatif/whatif.h"

namespace kitwatch {
namespace {

std::string value_text(double v, const std::string& unit) {
  if (std::isinf(v)) return "inf";
  if (unit == "%") return fmt::format("{:.2f}%", v);
  if (v == std::floor(v) && std::fabs(v) < 1e15) return fmt::format("{:.0f}", v);
  return fmt::format("{:.2f}", v);
}

std::string delta_text(const MetricRow& r) {
  if (r.text()) return r.before_text == r.after_text ? "" : "changed";
  const double d = r.after - r.before;
  if (d == 0 || std::isnan(d)) return "";
  const std::string sign = d > 0 ? "+" : "";
  return r.unit == "%" ? fmt::format("{}{:.2f} pp", sign, d) : sign + value_text(d, r.unit);
}

}  // namespace

std::string render_comparison_text(const Comparison& c) {
  std::string out = fmt::format("What-if: {}{}{}\n", c.scenario, c.title.empty() ? "" : " — ", c.title);
  out += fmt::format("before: as of {}; after: as of {}\n", c.before_as_of.to_string(), c.after_as_of.to_string());
  for (const std::string& note : c.notes) out += "note: " + note + "\n";
  out += "operations:\n";
  for (const std::string& line : c.log) out += "  " + line + "\n";
  std::size_t width = 10;
  for (const MetricRow& r : c.rows) width = std::max(width, r.name.size() + 2);
  std::string section;
  for (const MetricRow& r : c.rows) {
    if (r.section != section) {
      section = r.section;
      out += fmt::format("\n{}\n  {:<{}} {:>16} {:>16} {:>12}\n", section, "", width, "before", "after", "delta");
    }
    const std::string before = r.text() ? r.before_text : value_text(r.before, r.unit);
    const std::string after = r.text() ? r.after_text : value_text(r.after, r.unit);
    const std::string delta = delta_text(r);
    out += fmt::format("  {:<{}} {:>16} {:>16} {:>12}{}\n", r.name, width, before, after, delta,
                       delta.empty() ? "" : "  *");
  }
  if (!c.before_details.empty()) out += "\nBEFORE\n" + c.before_details;
  if (!c.after_details.empty()) out += "\nAFTER\n" + c.after_details;
  return out;
}

std::string render_comparison_json(const Comparison& c) {
  nlohmann::ordered_json out;
  out["schema"] = "kitwatch-whatif/1";
  out["scenario"] = c.scenario;
  out["title"] = c.title;
  out["before_as_of"] = c.before_as_of.to_string();
  out["after_as_of"] = c.after_as_of.to_string();
  out["notes"] = c.notes;
  out["operations"] = c.log;
  out["metrics"] = nlohmann::ordered_json::array();
  for (const MetricRow& r : c.rows) {
    nlohmann::ordered_json j{{"section", r.section}, {"metric", r.name}};
    if (r.text()) {
      j["before"] = r.before_text;
      j["after"] = r.after_text;
    } else {
      const auto number = [](double v) { return std::isfinite(v) ? nlohmann::ordered_json(v) : nullptr; };
      j["before"] = number(r.before);
      j["after"] = number(r.after);
      j["delta"] = number(r.after - r.before);
      if (!r.unit.empty()) j["unit"] = r.unit == "%" ? "percent" : r.unit;
    }
    out["metrics"].push_back(std::move(j));
  }
  if (!c.details_json.is_null()) out["details"] = c.details_json;
  return out.dump(2) + "\n";
}

}  // namespace kitwatch
