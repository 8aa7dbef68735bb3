// Pieces of the report view (report_view.h), one per optional section. Private to src/report.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "report/report.h"

namespace kitwatch {

nlohmann::ordered_json measures_view(const Measures& m);
nlohmann::ordered_json designation_view(const Registry& registry, const DesignationRef& ref);
// Rules, the timeline of dated requirements, and up to limits.violation_rows (rule, element) rows
// with each row's evidence (shared by the elements of one resolution decision).
nlohmann::ordered_json policy_view(const AssessContext& context, const ReportLimits& limits);
// Graph nodes (designated seeds, then their neighbourhood, up to limits.map_nodes) with coordinates when every kept
// node has them, and the links between kept nodes; a link is exposed when an end is designated.
nlohmann::ordered_json map_view(const AssessContext& context, const ReportLimits& limits);
nlohmann::ordered_json history_view(const std::vector<ShareHistoryPoint>& history);
nlohmann::ordered_json sections_view(const std::vector<ReportSection>& sections);

}  // namespace kitwatch
