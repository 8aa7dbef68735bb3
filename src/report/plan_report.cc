// The plan's HTML page: plan_json (plan/plan.h) drawn by web/plan.js. Rendering lives here, not in
// the plan module, because the page shares the report's assets and inlining (html_report.cc).
#include "report/report.h"

namespace kitwatch {

Result<std::string> render_plan_html(const Plan& plan, const Inputs& inputs, std::size_t max_works) {
  nlohmann::ordered_json data = plan_json(plan, inputs);
  nlohmann::ordered_json& works = data["works"];
  const std::size_t total = works.size();
  if (total > max_works) works.erase(works.begin() + static_cast<std::ptrdiff_t>(max_works), works.end());
  // What the page left out is said on the page: the works are the largest part of a national plan.
  data["works_total"] = total;
  return render_html_page("plan.html", "plan.js", data);
}

}  // namespace kitwatch
