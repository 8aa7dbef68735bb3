// Text and JSON for the mitigation capacity: the verdict first, then what drives each load.
#include <fmt/format.h>

#include "evaluation/evaluation.h"

namespace kitwatch {
namespace {

constexpr std::string_view kIllustrative =
    "The capacity and costs are illustrative assumptions (docs/evaluation.md), not published figures.";

std::string scope_text(const EvaluationSection& section) {
  std::string out;
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (!section.in_scope[f]) continue;
    out += fmt::format("{}{} {:g}", out.empty() ? "" : ", ", kFunctionNames[f], section.build_cost[f]);
  }
  return out.empty() ? "none" : out;
}

}  // namespace

std::string evaluation_assumption(const EvaluationSection& section) {
  return section.assumption.empty() ? std::string(kIllustrative) : section.assumption;
}

std::string render_evaluation_text(const EvaluationReport& report, std::size_t max_builds) {
  const EvaluationSection& s = report.section;
  std::string out = fmt::format("Mitigation capacity ({}, as of {})\n", report.pack, report.as_of.to_string());
  out += fmt::format("  verdict: {} — load {:g} of {:g} analyst-days a year, utilisation {:.1f}%\n",
                     report.effective ? "EFFECTIVE" : "EXCEEDED", report.total_load, report.capacity,
                     100 * report.utilisation);
  out += fmt::format("  model: {:g} fixed per designated controller; per distinct (model, software version): {}\n",
                     s.fixed_per_controller, scope_text(s));
  out += fmt::format("  ASSUMPTION: {}\n", evaluation_assumption(s));
  if (!s.source.empty()) out += fmt::format("  source: {}\n", s.source);
  for (const ControllerLoad& c : report.controllers) {
    out += fmt::format("  {} ({}): load {:g} = {:g} fixed + {:g} for {} builds over {} elements\n", c.name, c.id,
                       c.load, c.fixed, c.builds_cost, c.builds.size(), c.elements);
    for (std::size_t i = 0; i < c.builds.size() && i < max_builds; ++i) {
      const EvaluatedBuild& b = c.builds[i];
      out +=
          fmt::format("    {:g}  {} {} ({}, {} elements{})\n", b.cost, b.model,
                      b.software_version.empty() ? "(version unknown)" : b.software_version, function_name(b.function),
                      b.elements, b.operators.empty() ? "" : fmt::format("; {}", fmt::join(b.operators, ", ")));
    }
    if (c.builds.size() > max_builds) out += fmt::format("    ... {} more builds\n", c.builds.size() - max_builds);
  }
  if (report.controllers.empty()) out += "  no designated controller's elements are in scope\n";
  return out;
}

nlohmann::ordered_json evaluation_json(const EvaluationReport& report) {
  const EvaluationSection& s = report.section;
  nlohmann::ordered_json out;
  out["pack"] = report.pack;
  out["as_of"] = report.as_of.to_string();
  out["capacity"] = report.capacity;
  out["total_load"] = report.total_load;
  out["utilisation"] = report.capacity > 0 ? nlohmann::ordered_json(report.utilisation) : nullptr;
  out["effective"] = report.effective;
  out["fixed_per_controller"] = s.fixed_per_controller;
  nlohmann::ordered_json costs = nlohmann::ordered_json::object();
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (s.in_scope[f]) costs[std::string(kFunctionNames[f])] = s.build_cost[f];
  }
  out["build_cost"] = costs;
  out["lists"] = s.lists;
  out["assumption"] = evaluation_assumption(s);
  out["controllers"] = nlohmann::ordered_json::array();
  for (const ControllerLoad& c : report.controllers) {
    nlohmann::ordered_json j{{"id", c.id},
                             {"name", c.name},
                             {"load", c.load},
                             {"fixed", c.fixed},
                             {"builds_cost", c.builds_cost},
                             {"elements", c.elements}};
    j["builds"] = nlohmann::ordered_json::array();
    for (const EvaluatedBuild& b : c.builds) {
      nlohmann::ordered_json build{{"model", b.model},
                                   {"software_version", b.software_version},
                                   {"function", function_name(b.function)},
                                   {"cost", b.cost},
                                   {"elements", b.elements}};
      if (!b.operators.empty()) build["operators"] = b.operators;
      j["builds"].push_back(std::move(build));
    }
    out["controllers"].push_back(std::move(j));
  }
  return out;
}

}  // namespace kitwatch
