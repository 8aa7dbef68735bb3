// CSV: one RFC 4180 file per table, complete (the HTML and Markdown reports cap element lists and
// point here).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_map>

#include "base/csv_writer.h"
#include "base/output_file.h"
#include "report/report.h"

namespace kitwatch {
namespace {

// Every table is spreadsheet-safe (base/csv_writer.h): text cells from the inputs and the registry
// are quoted as needed, and none is run by a spreadsheet as a formula.
CsvWriter table_writer(std::string_view header) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.header(header);
  return out;
}

void measures_cells(CsvWriter& out, const Measures& m) {
  out.figure(m.count).figure(m.traffic).figure(m.subscribers);
}

CsvWriter scope_table(std::string_view first) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.plain(first).plain(
      "elements,traffic,subscribers,designated_count,designated_traffic,designated_subscribers,"
      "designated_share_count,designated_share_traffic,designated_share_subscribers,unknown_count,unknown_traffic,"
      "unknown_subscribers,unknown_share_count,unknown_share_traffic,unknown_share_subscribers,control_unknown_count,"
      "control_unknown_traffic,control_unknown_subscribers,control_unknown_share_count,control_unknown_share_traffic,"
      "control_unknown_share_subscribers");
  out.end_row();
  return out;
}

void scope_row(CsvWriter& out, std::string_view name, const ScopeSummary& s) {
  out.text(name);
  measures_cells(out, s.total);
  measures_cells(out, s.designated);
  measures_cells(out, s.designated_share);
  measures_cells(out, s.unknown);
  measures_cells(out, s.unknown_share);
  measures_cells(out, s.control_unknown);
  measures_cells(out, s.control_unknown_share);
  out.end_row();
}

CsvTable concentration_table(const AssessReport& r) {
  CsvWriter out = table_writer(
      "scope,controllers,hhi_count,hhi_traffic,hhi_subscribers,top1_count,top1_traffic,"
      "top1_subscribers,top5_count,top5_traffic,top5_subscribers");
  const auto row = [&](std::string_view name, const Concentration& k) {
    out.text(name).number(k.controllers);
    measures_cells(out, k.hhi);
    measures_cells(out, k.top1);
    measures_cells(out, k.top5);
    out.end_row();
  };
  row("all", r.concentration);
  for (std::size_t f = 0; f < kFunctionCount; ++f) row(kFunctionNames[f], r.concentration_by_function[f]);
  return {"concentration.csv", out.take()};
}

CsvTable controllers_table(const AssessContext& c) {
  CsvWriter out = table_writer(
      "controller,name,country,designated,count,traffic,subscribers,share_count,share_traffic,"
      "share_subscribers");
  for (const ControllerSummary& k : c.report.controllers) {
    const bool registered = c.resolution.is_entity(k.controller);
    out.text(c.resolution.maker_id(k.controller, c.registry)).text(c.resolution.maker_name(k.controller, c.registry));
    out.text(registered ? c.registry.entity(k.controller).country : "").boolean(k.designated);
    measures_cells(out, k.measures);
    measures_cells(out, k.share);
    out.end_row();
  }
  return {"controllers.csv", out.take()};
}

CsvTable manufacturers_table(const AssessContext& c) {
  CsvWriter out = table_writer("manufacturer,name,controller,designated,count,traffic,subscribers");
  for (const ManufacturerSummary& m : c.report.manufacturers) {
    out.text(c.resolution.maker_id(m.maker, c.registry)).text(c.resolution.maker_name(m.maker, c.registry));
    out.text(m.controller == kNoEntity ? "" : c.registry.entity(m.controller).id).boolean(m.designated);
    measures_cells(out, m.measures);
    out.end_row();
  }
  return {"manufacturers.csv", out.take()};
}

CsvTable designations_table(const AssessContext& c) {
  CsvWriter out =
      table_writer("controller,name,country,count,traffic,subscribers,list,authority,added,removed,source,verified");
  for (const DesignatedController& d : c.report.designated) {
    const Entity& e = c.registry.entity(d.entity);
    for (const DesignationRef& ref : d.designations) {
      const DesignationList& list = c.registry.lists()[ref.list];
      const Designation& fact = list.entries[ref.entry];
      out.text(e.id).text(e.name).text(e.country);
      measures_cells(out, d.measures);
      out.text(list.id).text(list.authority).plain(fact.added.to_string());
      out.plain(fact.removed ? fact.removed->to_string() : "").text(fact.source).boolean(fact.verified).end_row();
    }
  }
  return {"designated_controllers.csv", out.take()};
}

CsvTable rules_table(const PolicyReport& p) {
  CsvWriter out = table_writer(
      "pack,rule,title,kind,severity,date,status,days_left,measure,measured,limit,figure,scope_elements,"
      "scope_empty,undecided,elements,source,assumption");
  for (const RuleResult& r : p.results) {
    const Pack& pack = p.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    out.text(pack.name).text(rule.id).text(rule.title).plain(rule_kind_name(rule.kind)).text(rule.severity);
    out.plain(rule.date ? rule.date->to_string() : "").plain(rule_status_name(r.status)).number(r.days_left);
    out.plain(measure_name(rule.measure)).figure(r.measured).figure(r.limit).text(rule_figure_text(rule, r));
    out.number(r.scope_elements).boolean(r.scope_elements == 0).number(r.undecided).number(r.elements.size());
    out.text(rule.source).text(rule.assumption.empty() ? "" : "ASSUMPTION: " + rule.assumption).end_row();
  }
  return {"policy_rules.csv", out.take()};
}

// "list since date; ..." for the designations that make a controller count, restricted to the
// lists a rule names (all of them when it names none, or when none of its lists applies).
std::string designations_text(const AssessContext& c, EntityIndex controller, const std::vector<std::string>& lists) {
  std::string all, named;
  for (const DesignatedController& d : c.report.designated) {
    if (d.entity != controller) continue;
    for (const DesignationRef& ref : d.designations) {
      const DesignationList& list = c.registry.lists()[ref.list];
      const std::string item = fmt::format("{} since {}", list.id, list.entries[ref.entry].added.to_string());
      all += (all.empty() ? "" : "; ") + item;
      if (std::find(lists.begin(), lists.end(), list.id) != lists.end()) named += (named.empty() ? "" : "; ") + item;
    }
  }
  return named.empty() ? all : named;
}

// The cells of a violated rule that start each of its rows.
std::string rule_cells(const Pack& pack, const Rule& rule, const RuleResult& r) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.text(pack.name).text(rule.id).text(rule.title).plain(rule_kind_name(rule.kind));
  out.plain(rule.date ? rule.date->to_string() : "").text(rule.severity).plain(measure_name(rule.measure));
  out.number(r.measured).number(r.limit);
  return out.take();
}

// The last four cells of a row: why the element's decision counts.
std::string decision_cells(const AssessContext& c, const Decision& decision, const RuleResult& r) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  out.text(decision.maker == kNoMaker ? "" : c.resolution.maker_id(decision.maker, c.registry));
  out.text(decision.controller == kNoEntity ? "" : c.registry.entity(decision.controller).id);
  out.text(designations_text(c, decision.controller, r.lists)).fixed(decision.confidence, 2);
  return out.take();
}

// One row per (violated rule, element): which rule and requirement, the figure it was held to,
// then the element, its source row and why it counts. The rows of a rule add up to that rule's
// `elements` in policy_rules.csv; rules that are met or pending list no rows here.
CsvTable violations_table(const AssessContext& c) {
  const PolicyReport& p = *c.policy;
  const ElementStore& store = c.policy_context->store;
  CsvWriter out = table_writer(
      "pack,rule,requirement,kind,in_force_from,severity,measure,measured,limit,element,name,site,region,function,"
      "source,manufacturer,controller,designations,confidence");
  for (const RuleResult& r : p.results) {
    if (r.status != RuleStatus::kViolated) continue;
    const std::string rule = rule_cells(p.packs[r.pack], p.packs[r.pack].rules[r.rule], r);
    std::unordered_map<std::uint32_t, std::string> why;  // decision → its last four cells
    for (ElementIndex e : r.elements) {
      const std::uint32_t d = c.resolution.decision_of[e];
      auto [it, inserted] = why.try_emplace(d);
      if (inserted) it->second = decision_cells(c, c.resolution.decisions[d], r);
      const RowOrigin& origin = store.origin[e];
      out.plain(rule).text(store.id_of(e)).text(store.names.view(store.name[e]));
      out.text(store.sites.view(store.site[e])).text(store.regions.view(store.region[e]));
      out.plain(function_name(store.function[e]));
      out.text(fmt::format("{}:{}", store.source_files[origin.file], origin.line)).plain(it->second).end_row();
    }
  }
  return {"violations.csv", out.take()};
}

CsvTable section_table(const ReportSection& s) {
  CsvWriter out(CsvCells::kSpreadsheetSafe);
  for (const std::string& column : s.columns) out.text(column);
  out.end_row();
  for (const auto& row : s.rows) {
    for (const auto& cell : row) out.text(cell);
    out.end_row();
  }
  // The id names a file: keep it to a plain name whatever a section calls itself.
  std::string name;
  for (char ch : s.id) name.push_back(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ? ch : '_');
  return {"section_" + name + ".csv", out.take()};
}

}  // namespace

std::vector<CsvTable> render_csv_tables(const AssessContext& c) {
  const AssessReport& r = c.report;
  std::vector<CsvTable> tables;
  CsvWriter out = scope_table("function");
  for (std::size_t f = 0; f < kFunctionCount; ++f) scope_row(out, kFunctionNames[f], r.by_function[f]);
  scope_row(out, "all", r.total);
  tables.push_back({"by_function.csv", out.take()});
  out = scope_table("region");
  for (const RegionSummary& region : r.by_region) scope_row(out, region.name, region.scope);
  tables.push_back({"by_region.csv", out.take()});
  tables.push_back(concentration_table(r));
  tables.push_back(controllers_table(c));
  tables.push_back(manufacturers_table(c));
  tables.push_back(designations_table(c));
  if (c.policy && c.policy_context) {
    tables.push_back(rules_table(*c.policy));
    tables.push_back(violations_table(c));
  }
  if (c.topology) tables.push_back({"topology.csv", render_topology_csv(*c.topology)});
  for (const ReportSection& s : c.sections) {
    if (!s.columns.empty()) tables.push_back(section_table(s));
  }
  return tables;
}

Result<std::vector<std::string>> write_csv_tables(const AssessContext& context, const std::string& folder) {
  return write_csv_tables(render_csv_tables(context), folder);
}

Result<std::vector<std::string>> write_csv_tables(const std::vector<CsvTable>& tables, const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return Status::io(fmt::format("{}: cannot create folder: {}", folder, error.message()));
  std::vector<std::string> written;
  for (const CsvTable& table : tables) {
    const std::string path = (std::filesystem::path(folder) / table.name).string();
    // Each table whole or not at all (base/output_file.h): a failure leaves the earlier table.
    if (Status s = write_file(path, table.text); !s.ok()) return s;
    written.push_back(path);
  }
  return written;
}

}  // namespace kitwatch
