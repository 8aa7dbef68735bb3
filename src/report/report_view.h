// The report's data model, shared by the HTML page (embedded as JSON and drawn by web/report.js)
// and the Markdown and CSV renderers. Private to src/report.
//
// Aggregates are complete; element-level lists (violations, map nodes, regions, controllers) are
// capped by ReportLimits and say how many rows they left out, so the view stays small at any scale.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/report.h"

namespace kitwatch {

// "12.3%" ("-" when the whole is 0) and "1,234,567".
std::string percent_text(double fraction, double whole);
std::string grouped_text(double value);

// The whole view; docs/report.md lists its members.
nlohmann::ordered_json report_view(const AssessContext& context, const ReportLimits& limits);

}  // namespace kitwatch
