// A loaded run's analyses as a report: the context every format renders, and the formats that
// are one stream (text, JSON, HTML, Markdown).
#include <ostream>

#include "report/report.h"

namespace kitwatch {

AssessContext assess_context(const Inputs& inputs, const Analysis& analysis) {
  const TopologyInputs* topology = inputs.topology ? &*inputs.topology : nullptr;
  AssessContext context{*analysis.assess,
                        inputs.elements_input(),
                        *inputs.registry,
                        inputs.resolution,
                        topology && !topology->reports.empty() ? &topology->reports.front().second : nullptr,
                        analysis.topology_results ? &*analysis.topology_results : nullptr,
                        analysis.policy ? &*analysis.policy : nullptr,
                        analysis.policy_context ? &*analysis.policy_context : nullptr,
                        inputs.history.empty() ? nullptr : &inputs.history,
                        topology && topology->coordinates ? &*topology->coordinates : nullptr,
                        {},
                        {},
                        analysis.evaluation ? &*analysis.evaluation : nullptr};
  if (analysis.evaluation) context.evaluation_utilisation = analysis.evaluation->utilisation;
  return context;
}

std::string render_assess_text(const AssessContext& context) {
  std::string out = render_text(context);
  if (context.policy && context.policy_context) {
    out += "\n" + render_policy_text(*context.policy, *context.policy_context);
    if (context.evaluation) out += "\n" + render_evaluation_text(*context.evaluation);
  }
  return out;
}

Status write_report(const AssessContext& context, std::string_view format, std::ostream& out) {
  if (format == "json") {
    write_json(context, out);
  } else if (format == "html") {
    auto html = render_html(context);
    if (!html.ok()) return html.status();
    out << *html;
  } else if (format == "md") {
    out << render_markdown(context);
  } else {
    out << render_assess_text(context);
  }
  return Status();
}

Result<std::string> render_topology_report(const Inputs& inputs, const Analysis& analysis, std::string_view format,
                                           std::size_t json_elements) {
  const TopologyResults& results = *analysis.topology_results;
  if (format == "json") return render_topology_json(results, json_elements);
  if (format == "csv") return render_topology_csv(results);
  if (format == "text") return render_topology_text(results);
  if (format == "md") return render_markdown(assess_context(inputs, analysis));
  return render_html(assess_context(inputs, analysis));
}

}  // namespace kitwatch
