// The national report for people (text) and programs (JSON, the same names as `assess` for the
// same figures). Caveats come first in both: nothing here may look more certain than its returns.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/csv_writer.h"
#include "base/text_escape.h"
#include "national/national.h"
#include "report/report.h"

namespace kitwatch {
namespace {

using nlohmann::ordered_json;

std::string pct(double share) {
  return fmt::format("{:.2f}%", 100 * share);
}

std::string scope_row(std::string_view name, const ScopeSummary& s, const Concentration* c) {
  std::string row =
      fmt::format("  {:<14} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10}", name, static_cast<std::uint64_t>(s.total.count),
                  pct(s.designated_share.count), pct(s.designated_share.traffic), pct(s.designated_share.subscribers),
                  pct(s.unknown_share.count), pct(s.control_unknown_share.count));
  if (c != nullptr) row += fmt::format(" {:>7.0f}", c->hhi.count);
  return row + "\n";
}

// The capacity model's text (evaluation/evaluation.h), after what is national about it.
std::string evaluation_text(const NationalEvaluation& e, std::size_t top_builds) {
  return fmt::format(
             "National evaluation load: each build is evaluated once nationally; {} builds are run by more than one "
             "operator; the operators' own loads add up to {:g}\n",
             e.shared_builds, e.operators_load_sum) +
         render_evaluation_text(e.report, top_builds);
}

ordered_json concentration_json(const Concentration& c) {
  return ordered_json{{"controllers", c.controllers},
                      {"hhi", measures_json(c.hhi)},
                      {"top1", measures_json(c.top1)},
                      {"top5", measures_json(c.top5)}};
}

ordered_json evaluation_json(const NationalEvaluation& e) {
  ordered_json out = kitwatch::evaluation_json(e.report);
  out["operators_load_sum"] = e.operators_load_sum;
  out["shared_builds"] = e.shared_builds;
  return out;
}

ordered_json national_json(const NationalReport& r);

// The matrix cell of operator o and rule k, "-" when the operator's run did not evaluate it.
std::string matrix_cell(const NationalReport& r, std::size_t o, std::size_t k) {
  return r.matrix[o][k].empty() ? std::string("-") : r.matrix[o][k];
}

}  // namespace

std::string render_national_text(const NationalReport& r) {
  std::string out = fmt::format("kitwatch national: {} operator returns, as of {} (registry {} of {})\n",
                                r.operators.size(), r.as_of.to_string(), r.registry_version, r.registry_date);
  out += fmt::format("Designation lists counted: {}\n",
                     r.lists.empty() ? "none" : fmt::format("{}", fmt::join(r.lists, ", ")));
  for (const std::string& c : r.caveats) out += fmt::format("CAVEAT: {}\n", c);
  out += "\nNational, by function           elements designated designated designated    unknown    control     HHI\n";
  out += "                                           (count)  (traffic)    (subs.)      maker    unknown (count)\n";
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count == 0) continue;
    out += scope_row(kFunctionNames[f], r.by_function[f], &r.concentration_by_function[f]);
  }
  out += scope_row("all", r.total, &r.concentration);
  if (r.suppressed_total.count > 0) {
    out += fmt::format("  suppressed cells: {} elements ({} of all), neither designated nor unknown here\n",
                       static_cast<std::uint64_t>(r.suppressed_total.count),
                       pct(r.suppressed_total.count / r.total.total.count));
  }
  out +=
      "\nBy operator                     elements designated designated designated    unknown    control  rejected  "
      "own load  signed\n";
  for (const OperatorFigures& op : r.operators) {
    out += fmt::format("  {:<14} {:>12} {:>10} {:>10} {:>10} {:>10} {:>10} {:>9} {:>9} {:>7}\n", op.id,
                       static_cast<std::uint64_t>(op.total.total.count), pct(op.total.designated_share.count),
                       pct(op.total.designated_share.traffic), pct(op.total.designated_share.subscribers),
                       pct(op.total.unknown_share.count), pct(op.total.control_unknown_share.count), op.rows_rejected,
                       r.evaluation ? fmt::format("{:g}", op.own_load) : std::string("-"),
                       op.signed_return ? "yes" : "NO");
  }
  out += "\nBy region                       elements designated designated designated    unknown    control\n";
  for (const RegionSummary& region : r.by_region) {
    out += scope_row(region.name.empty() ? "(no region)" : region.name, region.scope, nullptr);
  }
  out += "\nControllers (national share by count)\n";
  for (std::size_t i = 0; i < r.controllers.size() && i < 10; ++i) {
    const NationalController& c = r.controllers[i];
    out += fmt::format("  {:<28} {:>10} {:>12}{}\n", c.name, pct(c.share.count),
                       static_cast<std::uint64_t>(c.measures.count), c.designated ? "  DESIGNATED" : "");
  }
  if (r.controllers.size() > 10) out += fmt::format("  ... {} more\n", r.controllers.size() - 10);
  if (!r.rules.empty()) {
    out += "\nCompliance matrix (each operator's own run; '-' = not evaluated)\n";
    for (std::size_t o = 0; o < r.operators.size(); ++o) {
      std::size_t violated = 0, pending = 0, met = 0;
      std::string which;
      for (std::size_t k = 0; k < r.rules.size(); ++k) {
        const std::string& s = r.matrix[o][k];
        met += s == "met";
        pending += s == "pending";
        if (s == "violated") {
          ++violated;
          which += fmt::format("{}{}/{}", which.empty() ? "" : ", ", r.rules[k].pack, r.rules[k].rule);
        }
      }
      out +=
          fmt::format("  {:<14} {} met, {} violated, {} pending, {} not evaluated{}\n", r.operators[o].id, met,
                      violated, pending, r.rules.size() - met - violated - pending, which.empty() ? "" : ": " + which);
    }
  }
  if (r.evaluation) out += "\n" + evaluation_text(*r.evaluation, 20);
  return out;
}

namespace {

ordered_json national_json(const NationalReport& r) {
  ordered_json functions = ordered_json::array();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    ordered_json row{{"function", std::string(kFunctionNames[f])}};
    row.update(scope_json(r.by_function[f]));
    row["suppressed"] = measures_json(r.suppressed[f]);
    row["concentration"] = concentration_json(r.concentration_by_function[f]);
    functions.push_back(std::move(row));
  }
  ordered_json total = scope_json(r.total);
  total["suppressed"] = measures_json(r.suppressed_total);
  total["concentration"] = concentration_json(r.concentration);
  ordered_json regions = ordered_json::array();
  for (const RegionSummary& region : r.by_region) {
    ordered_json row{{"region", region.name}};
    row.update(scope_json(region.scope));
    regions.push_back(std::move(row));
  }
  ordered_json operators = ordered_json::array();
  for (std::size_t o = 0; o < r.operators.size(); ++o) {
    const OperatorFigures& op = r.operators[o];
    ordered_json by_function = ordered_json::array();
    for (std::size_t f = 0; f < kFunctionCount; ++f) {
      ordered_json row{{"function", std::string(kFunctionNames[f])}};
      row.update(scope_json(op.by_function[f]));
      by_function.push_back(std::move(row));
    }
    ordered_json rules = ordered_json::object();
    for (std::size_t k = 0; k < r.rules.size(); ++k) {
      rules[r.rules[k].pack + "/" + r.rules[k].rule] =
          r.matrix[o][k].empty() ? ordered_json(nullptr) : ordered_json(r.matrix[o][k]);
    }
    operators.push_back({{"id", op.id},
                         {"name", op.name},
                         {"file", op.file},
                         {"signed", op.signed_return},
                         {"rows_rejected", op.rows_rejected},
                         {"total", scope_json(op.total)},
                         {"suppressed", measures_json(op.suppressed)},
                         {"by_function", by_function},
                         {"own_load", r.evaluation ? ordered_json(op.own_load) : ordered_json(nullptr)},
                         {"rules", rules}});
  }
  ordered_json controllers = ordered_json::array();
  for (const NationalController& c : r.controllers) {
    controllers.push_back({{"id", c.id},
                           {"name", c.name},
                           {"designated", c.designated},
                           {"measures", measures_json(c.measures)},
                           {"share", measures_json(c.share)}});
  }
  ordered_json rules = ordered_json::array();
  for (const RuleKey& k : r.rules) rules.push_back({{"pack", k.pack}, {"rule", k.rule}});
  ordered_json out{{"schema_version", "national/1"},
                   {"as_of", r.as_of.to_string()},
                   {"registry", {{"version", r.registry_version}, {"date", r.registry_date}}},
                   {"lists", r.lists},
                   {"caveats", r.caveats},
                   {"rows_rejected", r.rows_rejected},
                   {"total", total},
                   {"by_function", functions},
                   {"by_region", regions},
                   {"operators", operators},
                   {"controllers", controllers},
                   {"rules", rules},
                   {"evaluation", r.evaluation ? evaluation_json(*r.evaluation) : ordered_json(nullptr)}};
  return out;
}

std::string md(std::string_view text) {
  return markdown_text(text);
}

std::string md_scope_row(std::string_view name, const ScopeSummary& s) {
  return fmt::format("| {} | {} | {} | {} | {} | {} | {} |", md(name), static_cast<std::uint64_t>(s.total.count),
                     pct(s.designated_share.count), pct(s.designated_share.traffic),
                     pct(s.designated_share.subscribers), pct(s.unknown_share.count),
                     pct(s.control_unknown_share.count));
}

// A scope table's header, with extra columns after the scope's (each "name" right-aligned, or
// "name<" left-aligned).
std::string md_scope_header(std::string_view first, const std::vector<std::string>& extra = {}) {
  std::string names = fmt::format(
      "| {} | elements | designated (count) | designated (traffic) | designated "
      "(subscribers) | unknown maker (count) | control unknown (count) |",
      first);
  std::string rule = "|---|---:|---:|---:|---:|---:|---:|";
  for (const std::string& column : extra) {
    const bool left = column.back() == '<';
    names += fmt::format(" {} |", left ? column.substr(0, column.size() - 1) : column);
    rule += left ? "---|" : "---:|";
  }
  return names + "\n" + rule + "\n";
}

void csv_scope(CsvWriter& w, const ScopeSummary& s) {
  for (const double v :
       {s.total.count, s.designated.count, s.unknown.count, s.designated_share.count, s.designated_share.traffic,
        s.designated_share.subscribers, s.unknown_share.count, s.unknown_share.traffic, s.unknown_share.subscribers,
        s.control_unknown.count, s.control_unknown_share.count, s.control_unknown_share.traffic,
        s.control_unknown_share.subscribers}) {
    w.figure(v);
  }
}

constexpr std::string_view kCsvScopeColumns =
    "elements,designated,unknown,designated_share_count,designated_share_traffic,designated_share_subscribers,"
    "unknown_share_count,unknown_share_traffic,unknown_share_subscribers,control_unknown,control_unknown_share_count,"
    "control_unknown_share_traffic,control_unknown_share_subscribers";

}  // namespace

std::string render_national_json(const NationalReport& r) {
  return national_json(r).dump(2) + "\n";
}

Result<std::string> render_national_html(const NationalReport& r) {
  return render_html_page("national.html", "national.js", national_json(r));
}

std::string render_national_markdown(const NationalReport& r) {
  std::string out = fmt::format("# kitwatch national picture, as of {}\n\n", r.as_of.to_string());
  out += fmt::format("{} operator returns; registry {} ({}); designation lists: {}.\n\n", r.operators.size(),
                     md(r.registry_version), md(r.registry_date), md(fmt::format("{}", fmt::join(r.lists, ", "))));
  for (const std::string& c : r.caveats) out += fmt::format("> **CAVEAT:** {}\n>\n", md(c));
  if (!r.caveats.empty()) out += "\n";
  out += "## By network function\n\n" + md_scope_header("function");
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0) out += md_scope_row(kFunctionNames[f], r.by_function[f]) + "\n";
  }
  out += md_scope_row("**all**", r.total) + "\n\n";
  out += fmt::format("Concentration (HHI by count): {:.0f} nationally", r.concentration.hhi.count);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (r.by_function[f].total.count > 0) {
      out += fmt::format("; {} {:.0f}", kFunctionNames[f], r.concentration_by_function[f].hhi.count);
    }
  }
  out += ".\n\n";
  if (r.suppressed_total.count > 0) {
    out += fmt::format("Suppressed cells: {} elements, in every total, neither designated nor unknown.\n\n",
                       static_cast<std::uint64_t>(r.suppressed_total.count));
  }
  out += "## By operator\n\n" + md_scope_header("operator", {"rows rejected", "own evaluation load", "signed<"});
  for (const OperatorFigures& op : r.operators) {
    out +=
        md_scope_row(op.id, op.total) + fmt::format(" {} | {} | {} |\n", op.rows_rejected,
                                                    r.evaluation ? fmt::format("{:g}", op.own_load) : std::string("-"),
                                                    op.signed_return ? "yes" : "**NO**");
  }
  out += "\n## By region\n\n" + md_scope_header("region");
  for (const RegionSummary& region : r.by_region) {
    out += md_scope_row(region.name.empty() ? "(no region)" : region.name, region.scope) + "\n";
  }
  out += "\n## Controllers\n\n| controller | elements | share (count) | designated |\n|---|---:|---:|---|\n";
  for (const NationalController& c : r.controllers) {
    out += fmt::format("| {} | {} | {} | {} |\n", md(c.name), static_cast<std::uint64_t>(c.measures.count),
                       pct(c.share.count), c.designated ? "**yes**" : "no");
  }
  if (!r.rules.empty()) {
    out += "\n## Compliance matrix (each operator's own result)\n\n| operator |";
    for (const RuleKey& k : r.rules) out += fmt::format(" {} / {} |", md(k.pack), md(k.rule));
    out += "\n|---|" + [&] {
      std::string s;
      for (std::size_t k = 0; k < r.rules.size(); ++k) s += "---|";
      return s;
    }() + "\n";
    for (std::size_t o = 0; o < r.operators.size(); ++o) {
      out += "| " + md(r.operators[o].id) + " |";
      for (std::size_t k = 0; k < r.rules.size(); ++k) out += " " + matrix_cell(r, o, k) + " |";
      out += "\n";
    }
  }
  if (r.evaluation) {
    const NationalEvaluation& n = *r.evaluation;
    const EvaluationReport& e = n.report;
    out += fmt::format(
        "\n## National evaluation load ({})\n\n**{}**: load {:g} of {:g} analyst-days a year, "
        "utilisation {:.1f}%. {} builds are run by more than one operator and evaluated once; the "
        "operators' own loads add up to {:g}.\n\n",
        md(e.pack), e.effective ? "EFFECTIVE" : "EXCEEDED", e.total_load, e.capacity, 100 * e.utilisation,
        n.shared_builds, n.operators_load_sum);
    out += fmt::format("ASSUMPTION: {}\n\n", md(evaluation_assumption(e.section)));
    out +=
        "| controller | model | software version | charged as | cost | elements | operators |\n"
        "|---|---|---|---|---:|---:|---|\n";
    for (const ControllerLoad& c : e.controllers) {
      for (const EvaluatedBuild& b : c.builds) {
        out += fmt::format("| {} | {} | {} | {} | {:g} | {} | {} |\n", md(c.name), md(b.model),
                           md(b.software_version.empty() ? "(version unknown)" : b.software_version),
                           function_name(b.function), b.cost, b.elements,
                           md(fmt::format("{}", fmt::join(b.operators, ", "))));
      }
    }
  }
  return out;
}

std::vector<CsvTable> render_national_csv_tables(const NationalReport& r) {
  std::vector<CsvTable> tables;
  CsvWriter w(CsvCells::kSpreadsheetSafe);
  w.header("caveat");
  for (const std::string& c : r.caveats) {
    w.text(c);
    w.end_row();
  }
  tables.push_back({"caveats.csv", w.take()});
  w.header(fmt::format("function,{},suppressed,hhi_count,hhi_traffic,hhi_subscribers", kCsvScopeColumns));
  for (std::size_t f = 0; f <= kFunctionCount; ++f) {
    const bool all = f == kFunctionCount;
    w.plain(all ? "all" : kFunctionNames[f]);
    csv_scope(w, all ? r.total : r.by_function[f]);
    const Concentration& c = all ? r.concentration : r.concentration_by_function[f];
    for (const double v :
         {(all ? r.suppressed_total : r.suppressed[f]).count, c.hhi.count, c.hhi.traffic, c.hhi.subscribers}) {
      w.figure(v);
    }
    w.end_row();
  }
  tables.push_back({"functions.csv", w.take()});
  w.header(fmt::format("operator,name,{},suppressed,rows_rejected,own_load,signed", kCsvScopeColumns));
  for (const OperatorFigures& op : r.operators) {
    w.text(op.id).text(op.name);
    csv_scope(w, op.total);
    w.figure(op.suppressed.count);
    w.number(op.rows_rejected);
    if (r.evaluation) {
      w.figure(op.own_load);
    } else {
      w.plain("");
    }
    w.boolean(op.signed_return);
    w.end_row();
  }
  tables.push_back({"operators.csv", w.take()});
  w.header(fmt::format("region,{}", kCsvScopeColumns));
  for (const RegionSummary& region : r.by_region) {
    w.text(region.name);
    csv_scope(w, region.scope);
    w.end_row();
  }
  tables.push_back({"regions.csv", w.take()});
  w.header("controller,name,designated,count,traffic,subscribers,share_count,share_traffic,share_subscribers");
  for (const NationalController& c : r.controllers) {
    w.text(c.id).text(c.name).boolean(c.designated);
    for (const double v : {c.measures.count, c.measures.traffic, c.measures.subscribers, c.share.count, c.share.traffic,
                           c.share.subscribers}) {
      w.figure(v);
    }
    w.end_row();
  }
  tables.push_back({"controllers.csv", w.take()});
  w.header("operator,pack,rule,status");
  for (std::size_t o = 0; o < r.operators.size(); ++o) {
    for (std::size_t k = 0; k < r.rules.size(); ++k) {
      w.text(r.operators[o].id).text(r.rules[k].pack).text(r.rules[k].rule).text(matrix_cell(r, o, k));
      w.end_row();
    }
  }
  tables.push_back({"matrix.csv", w.take()});
  if (r.evaluation) {
    w.header("controller,model,software_version,function,cost,elements,operators");
    for (const ControllerLoad& c : r.evaluation->report.controllers) {
      for (const EvaluatedBuild& b : c.builds) {
        w.text(c.id).text(b.model).text(b.software_version).plain(function_name(b.function));
        w.figure(b.cost);
        w.number(b.elements).text(fmt::format("{}", fmt::join(b.operators, ";")));
        w.end_row();
      }
    }
    tables.push_back({"builds.csv", w.take()});
  }
  return tables;
}

Result<std::string> render_national(const NationalReport& report, std::string_view format) {
  if (format == "text") return render_national_text(report);
  if (format == "json") return render_national_json(report);
  if (format == "html") return render_national_html(report);
  if (format == "md") return render_national_markdown(report);
  return Status::usage(
      fmt::format("national: unknown format '{}' (text, json, html, md; csv writes a folder)", format));
}

}  // namespace kitwatch
