// Renders an assessment for people (a terminal table, a self-contained HTML page, Markdown) and
// for programs (versioned JSON, schema in docs/json-schema.md and docs/schema/assess.schema.json;
// CSV, one file per table). docs/report.md describes every format.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "assess/assess.h"
#include "base/status.h"
#include "evaluation/evaluation.h"
#include "ingest/ingest.h"
#include "plan/plan.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "run/run.h"
#include "snapshot/snapshot.h"
#include "topology/topology.h"

namespace kitwatch {

inline constexpr const char* kAssessSchemaVersion = "1.0";

// An optional analysis's section (evaluation capacity, supply-chain cascade, ...), drawn the same
// way by every format: headline figures, then one table. Cells are plain text (escaped on output).
struct ReportSection {
  std::string id, title, note;
  std::vector<std::pair<std::string, std::string>> figures;  // label, value
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Everything a rendered report draws on. Pointers are optional inputs (null = section absent) and
// must outlive the render call.
struct AssessContext {
  const AssessReport& report;
  const IngestReport& ingest;
  const Registry& registry;
  const Resolution& resolution;
  const IngestReport* links = nullptr;        // the links file's ingest, when --links was given
  const TopologyResults* topology = nullptr;  // the topology analyses, when --links was given
  const PolicyReport* policy = nullptr;       // with policy_context, when --policy was given
  const PolicyContext* policy_context = nullptr;
  const std::vector<ShareHistoryPoint>* history = nullptr;  // snapshots, oldest first
  const ElementCoordinates* coordinates = nullptr;          // for the topology map
  std::optional<double> evaluation_utilisation = {};        // mitigation capacity: load / capacity
  std::vector<ReportSection> sections = {};                 // further analyses, in order
  const EvaluationReport* evaluation = nullptr;             // its text joins the text report
  // Element ids per list in the JSON report (per policy rule, designated transit nodes, designated
  // articulation points); the rest are counted as omitted. SIZE_MAX: all.
  std::size_t json_elements = SIZE_MAX;
};

// What `--elements` gives the JSON report by default: enough to read, small at national scale.
inline constexpr std::size_t kDefaultJsonElements = 1000;

// The context of one loaded run's analyses (run/run.h): every section the analysis has.
AssessContext assess_context(const Inputs& inputs, const Analysis& analysis);

// How much of each element-level list a human-readable report keeps. The aggregates are always
// complete; the lists are capped so a national inventory still gives a small file, and the report
// says how many rows it left out (all of them are in CSV and JSON).
struct ReportLimits {
  std::size_t violation_rows = 2000;  // (rule, element) rows in the violations table
  std::size_t regions = 200;          // regions drawn, largest first
  std::size_t controllers = 50;       // controllers in the concentration table
  std::size_t map_nodes = 2000;       // topology map nodes (designated ones first)
  std::size_t map_links = 6000;
};

std::string render_text(const AssessContext& context);
// What `kitwatch assess` prints: render_text, then the policy results and the mitigation capacity
// verdict when the context has them.
std::string render_assess_text(const AssessContext& context);
// kitwatch topo's report: the topology results as text, json or csv; html and md are the
// assessment report of the elements the topology covers, with the map.
Result<std::string> render_topology_report(const Inputs& inputs, const Analysis& analysis, std::string_view format,
                                           std::size_t json_elements = SIZE_MAX);
// The report in one format, written to out: text (render_assess_text), json, html or md.
Status write_report(const AssessContext& context, std::string_view format, std::ostream& out);
// Includes the "policy" section when context.policy is set.
std::string render_json(const AssessContext& context);
// A figure per measure ({count, traffic, subscribers}) and a scope ({total, designated,
// designated_share, unknown, unknown_share}) as the JSON report writes them, for every report that
// shows the same figures under the same names (the national report).
nlohmann::ordered_json measures_json(const Measures& m);
// A self-contained HTML page from web/: the page template page_name (with the shared stylesheet,
// the charting library and the script script_name inlined) and data as its JSON data block, made
// safe to inline. The assess report is report.html + report.js; the national one national.*.
Result<std::string> render_html_page(std::string_view page_name, std::string_view script_name,
                                     const nlohmann::ordered_json& data);
nlohmann::ordered_json scope_json(const ScopeSummary& s);
// The same bytes as render_json, written to out as they are made: a national report is hundreds
// of megabytes, which a string would hold (and grow, copying) once more.
void write_json(const AssessContext& context, std::ostream& out);
// One self-contained HTML page (scripts, styles and data inlined; no network fetches). Fails when
// this build did not embed the web assets (web/, docs/report.md).
Result<std::string> render_html(const AssessContext& context, const ReportLimits& limits = {});
// A replacement plan (kitwatch plan) as one self-contained page (web/plan.html): the verdict and the
// caveats, spend and crews against their limits, the exposure curve with and without the plan, a
// Gantt chart of the works by site, the compliance projection and the schedule. The data block is
// plan_json with the works list cut to max_works (the page says how many it left out; JSON and CSV
// have them all).
Result<std::string> render_plan_html(const Plan& plan, const Inputs& inputs, std::size_t max_works = 2000);
// Markdown for tickets and board papers. Element lists are capped by limits (rows shown ÷ 10).
std::string render_markdown(const AssessContext& context, const ReportLimits& limits = {});

// One CSV table: a file name ("by_function.csv") and its RFC 4180 text.
struct CsvTable {
  std::string name, text;
};
// Every table of the report, complete (no caps).
std::vector<CsvTable> render_csv_tables(const AssessContext& context);
// Writes render_csv_tables() into folder (created when missing); returns the paths written.
Result<std::vector<std::string>> write_csv_tables(const AssessContext& context, const std::string& folder);
// Writes tables into folder (created when missing), each as its name; returns the paths written.
Result<std::vector<std::string>> write_csv_tables(const std::vector<CsvTable>& tables, const std::string& folder);

// Who made what (kitwatch resolve): one row per distinct evidence key (declared vendor, model, MAC
// organisations), largest first, with its evidence; top rows at most.
std::string render_resolution_text(const Inputs& inputs, std::size_t top);
// One JSON record per element: maker, controller, designations (active: active_designations()),
// confidence, flags and evidence.
std::string render_resolution_json(const Inputs& inputs, const std::vector<std::vector<DesignationRef>>& active);
// Why element e resolved as it did: its evidence, control chain and designations.
std::string render_explanation(const Inputs& inputs, ElementIndex e,
                               const std::vector<std::vector<DesignationRef>>& active);

}  // namespace kitwatch
