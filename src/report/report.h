// Renders an assessment for people (a terminal table, a self-contained HTML page, Markdown) and
// for programs (versioned JSON, schema in docs/json-schema.md and docs/schema/assess.schema.json;
// CSV, one file per table). docs/report.md describes every format.
#pragma once

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "assess/assess.h"
#include "base/status.h"
#include "ingest/ingest.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "topology/topology.h"

namespace kitwatch {

inline constexpr const char* kAssessSchemaVersion = "1.0";

struct HistoryPoint;  // one stored snapshot's metrics (snapshot/snapshot.h)

// One point of the report's history series (snapshots over time): the whole network's designated
// and unknown shares (fractions 0..1) in that snapshot.
struct ShareHistoryPoint {
  std::string label, taken;  // taken: ISO date
  Measures designated_share, unknown_share;
};

// The series a report draws from a snapshot store's history (SnapshotStore::history(), oldest
// first): each snapshot's "all" scope shares as the snapshot stored them (with its own as-of date
// and lists). A share the snapshot lacks is 0.
std::vector<ShareHistoryPoint> share_history(const std::vector<HistoryPoint>& snapshots);

// An optional analysis's section (evaluation capacity, supply-chain cascade, ...), drawn the same
// way by every format: headline figures, then one table. Cells are plain text (escaped on output).
struct ReportSection {
  std::string id, title, note;
  std::vector<std::pair<std::string, std::string>> figures;  // label, value
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// Per-element map coordinates (e.g. a Topology Zoo node's Latitude/Longitude); NaN = none.
struct ElementCoordinates {
  std::vector<double> latitude, longitude;
};

// The coordinates of the elements a topology file's nodes became (attach_topology): each node's
// Latitude and Longitude attributes (Topology Zoo GraphML), matched to an element as
// attach_topology matches it: through node_map (node id → element id) when the node is listed,
// else by node id, label, or "label#id" (the id of a demo element). Nodes without both, or with
// values out of range, give no coordinates.
ElementCoordinates coordinates_from(const TopologyFile& file, const ElementStore& store,
                                    const std::vector<std::pair<std::string, std::string>>& node_map = {});

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
};

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
// Includes the "policy" section when context.policy is set.
std::string render_json(const AssessContext& context);
// The same bytes as render_json, written to out as they are made: a national report is hundreds
// of megabytes, which a string would hold (and grow, copying) once more.
void write_json(const AssessContext& context, std::ostream& out);
// One self-contained HTML page (scripts, styles and data inlined; no network fetches). Fails when
// this build did not embed the web assets (web/, docs/report.md).
Result<std::string> render_html(const AssessContext& context, const ReportLimits& limits = {});
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

}  // namespace kitwatch
