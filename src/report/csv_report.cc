// CSV: one RFC 4180 file per table, complete (the HTML and Markdown reports cap element lists and
// point here).
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <unordered_map>

#include "base/csv_cells.h"
#include "report/report.h"

namespace kitwatch {
namespace {

// Every text cell goes through csv_field(): RFC 4180 quoting, and no cell a spreadsheet would run
// as a formula (csv_cells.h).
std::string field(std::string_view text) {
  return csv_field(text);
}

std::string number(double value) {
  return fmt::format("{}", value);
}

std::string measures_cells(const Measures& m) {
  return fmt::format("{},{},{}", number(m.count), number(m.traffic), number(m.subscribers));
}

std::string scope_header(std::string_view first) {
  return fmt::format(
      "{},elements,traffic,subscribers,designated_count,designated_traffic,designated_subscribers,"
      "designated_share_count,designated_share_traffic,designated_share_subscribers,unknown_count,unknown_traffic,"
      "unknown_subscribers,unknown_share_count,unknown_share_traffic,unknown_share_subscribers\n",
      first);
}

std::string scope_row(std::string_view name, const ScopeSummary& s) {
  return fmt::format("{},{},{},{},{},{}\n", field(name), measures_cells(s.total), measures_cells(s.designated),
                     measures_cells(share_of(s.designated, s.total)), measures_cells(s.unknown),
                     measures_cells(share_of(s.unknown, s.total)));
}

CsvTable concentration_table(const AssessReport& r) {
  std::string text =
      "scope,controllers,hhi_count,hhi_traffic,hhi_subscribers,top1_count,top1_traffic,"
      "top1_subscribers,top5_count,top5_traffic,top5_subscribers\n";
  const auto row = [&](std::string_view name, const Concentration& k) {
    text += fmt::format("{},{},{},{},{}\n", field(name), k.controllers, measures_cells(k.hhi), measures_cells(k.top1),
                        measures_cells(k.top5));
  };
  row("all", r.concentration);
  for (std::size_t f = 0; f < kFunctionCount; ++f) row(kFunctionNames[f], r.concentration_by_function[f]);
  return {"concentration.csv", std::move(text)};
}

CsvTable controllers_table(const AssessContext& c) {
  std::string text =
      "controller,name,country,designated,count,traffic,subscribers,share_count,share_traffic,"
      "share_subscribers\n";
  for (const ControllerSummary& k : c.report.controllers) {
    const bool registered = c.resolution.is_entity(k.controller);
    text += fmt::format("{},{},{},{},{},{}\n", field(c.resolution.maker_id(k.controller, c.registry)),
                        field(c.resolution.maker_name(k.controller, c.registry)),
                        field(registered ? c.registry.entity(k.controller).country : ""), k.designated,
                        measures_cells(k.measures), measures_cells(share_of(k.measures, c.report.total.total)));
  }
  return {"controllers.csv", std::move(text)};
}

CsvTable manufacturers_table(const AssessContext& c) {
  std::string text = "manufacturer,name,controller,designated,count,traffic,subscribers\n";
  for (const ManufacturerSummary& m : c.report.manufacturers) {
    text += fmt::format("{},{},{},{},{}\n", field(c.resolution.maker_id(m.maker, c.registry)),
                        field(c.resolution.maker_name(m.maker, c.registry)),
                        field(m.controller == kNoEntity ? "" : c.registry.entity(m.controller).id), m.designated,
                        measures_cells(m.measures));
  }
  return {"manufacturers.csv", std::move(text)};
}

CsvTable designations_table(const AssessContext& c) {
  std::string text = "controller,name,country,count,traffic,subscribers,list,authority,added,removed,source,verified\n";
  for (const DesignatedController& d : c.report.designated) {
    const Entity& e = c.registry.entity(d.entity);
    for (const DesignationRef& ref : d.designations) {
      const DesignationList& list = c.registry.lists()[ref.list];
      const Designation& fact = list.entries[ref.entry];
      text += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", field(e.id), field(e.name), field(e.country),
                          measures_cells(d.measures), field(list.id), field(list.authority), fact.added.to_string(),
                          fact.removed ? fact.removed->to_string() : "", field(fact.source), fact.verified);
    }
  }
  return {"designated_controllers.csv", std::move(text)};
}

CsvTable rules_table(const PolicyReport& p) {
  std::string text = "pack,rule,title,kind,severity,date,status,days_left,measure,measured,limit,elements,source\n";
  for (const RuleResult& r : p.results) {
    const Pack& pack = p.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    text += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{}\n", field(pack.name), field(rule.id), field(rule.title),
                        rule_kind_name(rule.kind), field(rule.severity), rule.date ? rule.date->to_string() : "",
                        rule_status_name(r.status), r.days_left, measure_name(rule.measure), number(r.measured),
                        number(r.limit), r.elements.size(), field(rule.source));
  }
  return {"policy_rules.csv", std::move(text)};
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

// One row per (violated rule, element): which rule and requirement, the figure it was held to,
// then the element, its source row and why it counts. The rows of a rule add up to that rule's
// `elements` in policy_rules.csv; rules that are met or pending list no rows here.
CsvTable violations_table(const AssessContext& c) {
  const PolicyReport& p = *c.policy;
  const ElementStore& store = c.policy_context->store;
  std::string text =
      "pack,rule,requirement,kind,in_force_from,severity,measure,measured,limit,element,name,site,region,function,"
      "source,manufacturer,controller,designations,confidence\n";
  for (const RuleResult& r : p.results) {
    if (r.status != RuleStatus::kViolated) continue;
    const Pack& pack = p.packs[r.pack];
    const Rule& rule = pack.rules[r.rule];
    const std::string rule_cells =
        fmt::format("{},{},{},{},{},{},{},{},{}", field(pack.name), field(rule.id), field(rule.title),
                    rule_kind_name(rule.kind), rule.date ? rule.date->to_string() : "", field(rule.severity),
                    measure_name(rule.measure), number(r.measured), number(r.limit));
    std::unordered_map<std::uint32_t, std::string> why;  // decision → its last four cells
    for (ElementIndex e : r.elements) {
      const std::uint32_t d = c.resolution.decision_of[e];
      auto [it, inserted] = why.try_emplace(d);
      if (inserted) {
        const Decision& decision = c.resolution.decisions[d];
        it->second =
            fmt::format("{},{},{},{:.2f}",
                        field(decision.maker == kNoMaker ? "" : c.resolution.maker_id(decision.maker, c.registry)),
                        field(decision.controller == kNoEntity ? "" : c.registry.entity(decision.controller).id),
                        field(designations_text(c, decision.controller, r.lists)), decision.confidence);
      }
      const RowOrigin& origin = store.origin[e];
      text += fmt::format("{},{},{},{},{},{},{},{}\n", rule_cells, field(store.id_of(e)),
                          field(store.names.view(store.name[e])), field(store.sites.view(store.site[e])),
                          field(store.regions.view(store.region[e])), function_name(store.function[e]),
                          field(fmt::format("{}:{}", store.source_files[origin.file], origin.line)), it->second);
    }
  }
  return {"violations.csv", std::move(text)};
}

CsvTable section_table(const ReportSection& s) {
  std::string text;
  for (std::size_t i = 0; i < s.columns.size(); ++i) text += (i ? "," : "") + field(s.columns[i]);
  text += "\n";
  for (const auto& row : s.rows) {
    for (std::size_t i = 0; i < row.size(); ++i) text += (i ? "," : "") + field(row[i]);
    text += "\n";
  }
  // The id names a file: keep it to a plain name whatever a section calls itself.
  std::string name;
  for (char ch : s.id) name.push_back(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' ? ch : '_');
  return {"section_" + name + ".csv", std::move(text)};
}

}  // namespace

std::vector<CsvTable> render_csv_tables(const AssessContext& c) {
  const AssessReport& r = c.report;
  std::vector<CsvTable> tables;
  std::string text = scope_header("function");
  for (std::size_t f = 0; f < kFunctionCount; ++f) text += scope_row(kFunctionNames[f], r.by_function[f]);
  text += scope_row("all", r.total);
  tables.push_back({"by_function.csv", std::move(text)});
  text = scope_header("region");
  for (const RegionSummary& region : r.by_region) text += scope_row(region.name, region.scope);
  tables.push_back({"by_region.csv", std::move(text)});
  tables.push_back(concentration_table(r));
  tables.push_back(controllers_table(c));
  tables.push_back(manufacturers_table(c));
  tables.push_back(designations_table(c));
  if (c.policy && c.policy_context) {
    tables.push_back(rules_table(*c.policy));
    tables.push_back(violations_table(c));
  }
  // The topology module writes its own table; its cells (element ids) are neutralised here.
  if (c.topology) tables.push_back({"topology.csv", spreadsheet_safe_csv(render_topology_csv(*c.topology))});
  for (const ReportSection& s : c.sections) {
    if (!s.columns.empty()) tables.push_back(section_table(s));
  }
  return tables;
}

Result<std::vector<std::string>> write_csv_tables(const AssessContext& context, const std::string& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) return Status::io(fmt::format("{}: cannot create folder: {}", folder, error.message()));
  std::vector<std::string> written;
  for (const CsvTable& table : render_csv_tables(context)) {
    const std::string path = (std::filesystem::path(folder) / table.name).string();
    std::ofstream file(path, std::ios::binary);
    file << table.text;
    if (!file.flush()) return Status::io(fmt::format("{}: cannot write", path));
    written.push_back(path);
  }
  return written;
}

}  // namespace kitwatch
