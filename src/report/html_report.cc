// The HTML report: web/report.html with its stylesheet, script, the charting library (ECharts,
// pinned in web/package-lock.json) and the report view inlined, so the file opens offline.
//
// Escaping: input text reaches the page only inside the JSON data block, where every '<', '>' and
// '&' is written as a \u escape, so no inventory string can close the block or open a tag; the
// page's script puts text into the DOM with textContent, never as markup.
#include <fmt/format.h>

#include <cctype>
#include <string_view>

#include "base/embedded_files.h"
#include "report/report.h"
#include "report/report_view.h"

namespace kitwatch {
namespace {

std::string_view embedded(std::string_view name) {
  for (const EmbeddedFile& file : embedded_files()) {
    if (file.name == name) return file.bytes;
  }
  return {};
}

// JSON that is safe inside <script type="application/json">: nothing in it can end the element.
std::string script_safe_json(const nlohmann::ordered_json& data) {
  const std::string text = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size() + text.size() / 16);
  for (char ch : text) {
    switch (ch) {
      case '<':
        out += "\\u003c";
        break;
      case '>':
        out += "\\u003e";
        break;
      case '&':
        out += "\\u0026";
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

// A script's text inlined in <script>: "</script" (any case) cannot appear, so it cannot end the
// element early. Only that sequence is touched; in JS it can only occur inside a string or regex,
// where "<\\/" means the same.
std::string script_safe_code(std::string_view code) {
  std::string out(code);
  for (std::size_t at = out.find("</"); at != std::string::npos; at = out.find("</", at + 2)) {
    std::string word = out.substr(at + 2, 6);
    for (char& ch : word) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (word == "script") out.replace(at, 2, "<\\/");
  }
  return out;
}

// Replaces each placeholder once, in the order they appear in the page; fails if one is missing.
Result<std::string> fill(std::string_view page, const std::vector<std::pair<std::string_view, std::string>>& parts) {
  std::string out;
  out.reserve(page.size() + 2'000'000);
  for (const auto& [marker, text] : parts) {
    const std::size_t at = page.find(marker);
    if (at == std::string_view::npos) {
      return Status::internal(fmt::format("report.html has no {} placeholder", marker));
    }
    out.append(page.substr(0, at));
    out += text;
    page.remove_prefix(at + marker.size());
  }
  out.append(page);
  return out;
}

}  // namespace

Result<std::string> render_html_page(std::string_view page_name, std::string_view script_name,
                                     const nlohmann::ordered_json& data) {
  const std::string_view page = embedded(page_name), css = embedded("report.css"), common = embedded("common.js"),
                         js = embedded(script_name), charts = embedded("echarts.min.js");
  if (page.empty() || css.empty() || common.empty() || js.empty() || charts.empty()) {
    return Status::internal("this build has no HTML report assets (web/: run `npm ci` there and rebuild)");
  }
  return fill(page, {{"/*@KITWATCH_CSS@*/", std::string(css)},
                     {"@KITWATCH_DATA@", script_safe_json(data)},
                     {"/*@ECHARTS@*/", script_safe_code(charts)},
                     {"/*@KITWATCH_COMMON@*/", script_safe_code(common)},
                     {"/*@KITWATCH_JS@*/", script_safe_code(js)}});
}

Result<std::string> render_html(const AssessContext& context, const ReportLimits& limits) {
  return render_html_page("report.html", "report.js", report_view(context, limits));
}

}  // namespace kitwatch
