// The Markdown report: the HTML report's sections as tables, for tickets and board papers.
//
// Escaping: every text from the inputs goes through md(), which backslash-escapes Markdown's
// punctuation and writes '<', '>' and '&' as entities, so a cell can neither break its table nor
// inject markup into a renderer that allows HTML.
#include <fmt/format.h>

#include "base/text_escape.h"
#include "report/report.h"
#include "report/report_view.h"

namespace kitwatch {
namespace {

using nlohmann::ordered_json;

std::string md(const ordered_json& value) {
  if (value.is_string()) return markdown_text(value.get_ref<const std::string&>());
  if (value.is_null()) return "";
  return markdown_text(value.dump());
}

std::string pct(const ordered_json& share) {
  return fmt::format("{:.1f}%", 100.0 * share.get<double>());
}

void table(std::string& out, const std::vector<std::string>& header,
           const std::vector<std::vector<std::string>>& rows) {
  std::string line = "|", rule = "|";
  for (const std::string& h : header) {
    line += " " + h + " |";
    rule += " --- |";
  }
  out += line + "\n" + rule + "\n";
  for (const auto& row : rows) {
    line = "|";
    for (const std::string& cell : row) line += " " + cell + " |";
    out += line + "\n";
  }
  out += "\n";
}

void shares_table(std::string& out, const ordered_json& scopes, std::string_view first) {
  std::vector<std::vector<std::string>> rows;
  for (const ordered_json& s : scopes) {
    const ordered_json &d = s["designated_share"], &u = s["unknown_share"], &c = s["control_unknown_share"];
    rows.push_back({md(s["name"]), grouped_text(s["elements"].get<double>()), pct(d["count"]), pct(d["traffic"]),
                    pct(d["subscribers"]), pct(u["count"]), pct(c["count"])});
  }
  table(out,
        {std::string(first), "elements", "designated (count)", "designated (traffic)", "designated (subs)",
         "unknown maker (count)", "control unknown (count)"},
        rows);
}

void policy_section(std::string& out, const ordered_json& policy, std::size_t max_rows) {
  out += fmt::format("## Policy\n\n{}\n\n",
                     policy["compliant"].get<bool>()
                         ? "Compliant: no failing rule at the as-of date."
                         : fmt::format("**Not compliant**: {} failing rule(s).", policy["failing"].get<std::size_t>()));
  std::vector<std::vector<std::string>> rows;
  for (const ordered_json& r : policy["rules"]) {
    const auto scope = r["scope_elements"].get<double>();
    rows.push_back({md(r["pack"]), md(r["id"]), md(r["title"]), md(r["status"]),
                    r["date"].get<std::string>().empty() ? "always" : md(r["date"]), md(r["figure"]),
                    scope == 0 ? "EMPTY" : grouped_text(scope), grouped_text(r["undecided"].get<double>()),
                    grouped_text(r["elements"].get<double>())});
  }
  table(out, {"pack", "rule", "title", "status", "in force from", "measured (limit)", "scope", "undecided", "elements"},
        rows);
  out +=
      "A scope of EMPTY: no element is in the rule's scope, so \"met\" checks nothing. Undecided: elements in "
      "scope whose maker, or its controller, is unknown.\n\n";
  for (const ordered_json& r : policy["rules"]) {
    if (!r["assumption"].get<std::string>().empty()) {
      out += fmt::format("- ASSUMPTION ({} {}): {}\n", md(r["pack"]), md(r["id"]), md(r["assumption"]));
    }
  }
  out += "\n";
  const ordered_json& violations = policy["violations"];
  if (violations.empty()) return;
  out += "### Violations\n\n";
  rows.clear();
  for (std::size_t i = 0; i < violations.size() && i < max_rows; ++i) {
    const ordered_json& v = violations[i];
    const ordered_json& rule = policy["rules"][v[0].get<std::size_t>()];
    const ordered_json& evidence = policy["evidence"][v[7].get<std::size_t>()];
    rows.push_back(
        {md(rule["id"]), md(v[1]), md(v[3]), md(v[5]), md(evidence["maker"]), md(evidence["controller"]), md(v[6])});
  }
  table(out, {"rule", "element", "site", "function", "maker", "controller", "source"}, rows);
  const auto total = policy["violations_total"].get<std::size_t>();
  if (total > rows.size()) {
    out += fmt::format(
        "{} of {} (rule, element) rows shown; all of them are in `--format csv` "
        "(violations.csv) and `--format json`.\n\n",
        grouped_text(static_cast<double>(rows.size())), grouped_text(static_cast<double>(total)));
  }
}

void extra_sections(std::string& out, const ordered_json& sections) {
  for (const ordered_json& s : sections) {
    out += fmt::format("## {}\n\n", md(s["title"]));
    if (!s["note"].get<std::string>().empty()) out += md(s["note"]) + "\n\n";
    for (const ordered_json& f : s["figures"]) out += fmt::format("- {}: **{}**\n", md(f["label"]), md(f["value"]));
    if (!s["figures"].empty()) out += "\n";
    if (s["columns"].empty()) continue;
    std::vector<std::string> header;
    for (const ordered_json& c : s["columns"]) header.push_back(md(c));
    std::vector<std::vector<std::string>> rows;
    for (const ordered_json& r : s["rows"]) {
      rows.emplace_back();
      for (const ordered_json& cell : r) rows.back().push_back(md(cell));
    }
    table(out, header, rows);
  }
}

// The designated share over the snapshots of a snapshot store, oldest first.
void history_section(std::string& out, const ordered_json& history) {
  out += "## Designated share over snapshots\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const ordered_json& p : history) {
    const ordered_json& d = p["designated_share"];
    rows.push_back({md(p["taken"]), md(p["label"]), pct(d["count"]), pct(d["traffic"]), pct(d["subscribers"]),
                    pct(p["unknown_share"]["count"])});
  }
  table(out, {"taken", "snapshot", "designated (count)", "(traffic)", "(subscribers)", "unknown (count)"}, rows);
}

}  // namespace

std::string render_markdown(const AssessContext& context, const ReportLimits& limits) {
  const ordered_json view = report_view(context, limits);
  const ordered_json& meta = view["meta"];
  std::string out = fmt::format("# kitwatch assessment as of {}\n\n", md(meta["as_of"]));
  for (const ordered_json& c : view["cards"]) {
    out += fmt::format("- **{}**: {} ({})\n", md(c["label"]), md(c["value"]), md(c["detail"]));
  }
  out += "\n## Designated and unknown share by function\n\n";
  ordered_json functions = view["functions"];
  functions.push_back(view["total"]);  // the "all" row
  shares_table(out, functions, "function");
  if (!view["regions"].empty()) {
    out += "## By region\n\n";
    shares_table(out, view["regions"], "region");
    if (view["regions_omitted"].get<std::size_t>() > 0) {
      out += fmt::format("{} smaller regions left out (see by_region.csv).\n\n",
                         view["regions_omitted"].get<std::size_t>());
    }
  }
  const ordered_json& conc = view["concentration"];
  out += fmt::format(
      "## Manufacturer concentration\n\nHHI {:.0f} (0-10,000) by element count; the top five "
      "controllers hold {}.\n\n",
      conc["overall"]["hhi"]["count"].get<double>(), pct(conc["overall"]["top5"]["count"]));
  out += fmt::format("By element count the network is {}.\n\n", md(conc["hhi_words"]));
  std::vector<std::vector<std::string>> rows;
  for (const ordered_json& k : conc["controllers"]) {
    if (rows.size() >= 10) break;
    rows.push_back({md(k["name"]), md(k["country"]), pct(k["share"]["count"]), k["designated"] ? "yes" : ""});
  }
  table(out, {"controller", "country", "share (count)", "designated"}, rows);
  if (!view["designated"].empty()) {
    out += "## Designated controllers\n\n";
    for (const ordered_json& d : view["designated"]) {
      out += fmt::format("- **{}** ({}): {} of elements\n", md(d["name"]), md(d["country"]), pct(d["share"]["count"]));
      for (const ordered_json& f : d["designations"]) {
        out += fmt::format("  - {} since {} ({}){}\n", md(f["list"]), md(f["added"]), md(f["source"]),
                           f["verified"].get<bool>() ? "" : " **[unverified]**");
      }
    }
    out += "\n";
  }
  if (!view["policy"].is_null())
    policy_section(out, view["policy"], std::max<std::size_t>(1, limits.violation_rows / 10));
  if (!view["history"].is_null()) history_section(out, view["history"]);
  extra_sections(out, view["sections"]);
  out += fmt::format("---\nRegistry {} ({}).", md(meta["registry"]["version"]), md(meta["registry"]["date"]));
  for (const ordered_json& p : meta["policy_packs"])
    out += fmt::format(" Policy {}: {}.", md(p["name"]), md(p["source"]));
  return out + "\n";
}

}  // namespace kitwatch
