// kitwatch plan: a replacement programme that meets every dated requirement of the policy packs
// within a budget and crews per period (docs/plan.md).
#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/run_options.h"
#include "plan/plan.h"
#include "report/report.h"

namespace kitwatch {
namespace {

struct PlanArgs {
  InputArgs input;
  std::string settings, from, until, periods = "quarterly", objective = "cost", method = "auto", format = "text",
                                     output;
  std::optional<double> budget, crews;
  double time_limit = 60;
};

Status run_plan(const PlanArgs& args) {
  StageTimer timer(args.input.timings);
  PlanSpec plan_spec;
  // Settings and dates are checked before the inventory is read.
  if (!args.settings.empty()) {
    auto settings = load_plan_settings(args.settings, args.input.limits.max_file_bytes);
    if (!settings.ok()) return settings.status();
    plan_spec.settings = std::move(*settings);
  }
  if (args.budget) {
    plan_spec.settings.budget = {*args.budget};
  }
  if (args.crews) plan_spec.settings.crews = *args.crews;
  if (plan_spec.settings.budget.empty()) plan_spec.settings.assumptions.push_back("No budget limit (give --budget)");
  if (!plan_spec.settings.crews && plan_spec.settings.region_crews.empty()) {
    plan_spec.settings.assumptions.push_back("No crew limit (give --crews)");
  }
  const std::string from_text = !args.from.empty() ? args.from : args.input.as_of;
  if (!from_text.empty()) {
    auto from = Date::parse(from_text);
    if (!from) return Status::usage(fmt::format("--from {}: expected a real date as YYYY-MM-DD", from_text));
    plan_spec.from = *from;
  } else {
    plan_spec.from = system_clock().today();
  }
  if (!args.until.empty()) {
    plan_spec.until = Date::parse(args.until);
    if (!plan_spec.until)
      return Status::usage(fmt::format("--until {}: expected a real date as YYYY-MM-DD", args.until));
    if (*plan_spec.until < plan_spec.from) return Status::usage("--until comes before --from");
  }
  plan_spec.period = *parse_period_length(args.periods);
  plan_spec.objective = *parse_plan_objective(args.objective);
  plan_spec.time_limit = args.time_limit;
  plan_spec.method = args.method == "milp"        ? PlanMethod::kMilp
                     : args.method == "heuristic" ? PlanMethod::kHeuristic
                                                  : PlanMethod::kAuto;
  if (args.input.policies.empty()) {
    return Status::usage("plan: give the policy packs whose requirements the plan must meet (--policy NAME|FILE)");
  }

  InputArgs input = args.input;
  if (input.as_of.empty()) input.as_of = plan_spec.from.to_string();  // control and designations at the start
  auto spec = run_spec(input, timer);
  if (!spec.ok()) return spec.status();
  auto inputs = load(std::move(*spec));
  if (!inputs.ok()) return inputs.status();
  auto plan = make_plan(**inputs, plan_spec);
  if (!plan.ok()) return plan.status();
  timer.stage("plan");
  std::string rendered;
  if (args.format == "json") {
    rendered = plan_json(*plan, **inputs).dump(2) + "\n";
  } else if (args.format == "csv") {
    rendered = render_plan_csv(*plan, **inputs);
  } else if (args.format == "md") {
    rendered = render_plan_markdown(*plan, **inputs);
  } else if (args.format == "html") {
    auto page = render_plan_html(*plan, **inputs);
    if (!page.ok()) return page.status();
    rendered = std::move(*page);
  } else {
    rendered = render_plan_text(*plan, **inputs, args.input.top);
  }
  const auto summary = [&] {
    return args.format == "text" ? std::string() : render_plan_text(*plan, **inputs, args.input.top);
  };
  if (Status s = emit_text(args.output, rendered, args.input.quiet, summary); !s.ok()) return s;
  print_timings(args.input, timer,
                fmt::format("{} work items, {} outage cuts, {:.2f} s in the planner", plan->items, plan->outage_cuts,
                            plan->seconds));
  for (const std::string& note : plan->notes) {
    if (note.starts_with("CHECK FAILED")) return Status::internal(note);
  }
  if (plan->status == PlanStatus::kNotFound) {
    return Status::incomplete("no plan found within the time limit, and none proven impossible (the report says more)");
  }
  if (plan->status == PlanStatus::kInfeasible) {
    return Status::findings("no plan meets every requirement (the report says why)");
  }
  return Status();
}

}  // namespace

CommandRunner add_plan_command(CLI::App& app) {
  auto args = std::make_shared<PlanArgs>();
  CLI::App* cmd = app.add_subcommand(
      "plan",
      "Plan the replacement of designated equipment: every dated requirement met within budget and crews, "
      "nothing cut off mid-plan (MILP)");
  add_input_options(*cmd, args->input);
  add_policy_option(*cmd, args->input, "Policy packs whose requirements the plan must meet (shipped name or file)");
  add_topology_options(*cmd, args->input,
                       "Links CSV (a, b, cost, capacity): no period's swaps may cut an element off from the core",
                       "Demands CSV (src, dst, volume), with --links");
  cmd->add_option("--costs", args->settings,
                  "Plan settings YAML: costs, replacements with lead times, budget, crews, blackouts, end-of-life "
                  "dates (docs/plan.md; default: illustrative costs, named in every output)")
      ->check(CLI::ExistingFile);
  cmd->add_option("--budget", args->budget, "Money per period (overrides the settings file; default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--crews", args->crews,
                  "Site visits per period, all regions (overrides the settings file; default: no limit)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--from", args->from, "The plan's first day (YYYY-MM-DD; default --as-of, else today)");
  cmd->add_option("--until", args->until, "Plan until this date (default: the last rule date)");
  cmd->add_option("--periods", args->periods, "Period length")
      ->check(CLI::IsMember({"monthly", "quarterly", "half-yearly", "yearly"}))
      ->capture_default_str();
  cmd->add_option("--objective", args->objective,
                  "What to optimise: cost (least spend), exposure (designated element-periods), finish (earliest end)")
      ->check(CLI::IsMember({"cost", "exposure", "finish"}))
      ->capture_default_str();
  cmd->add_option("--method", args->method,
                  "auto (the MILP; the heuristic when the instance is too large or the MILP finds nothing in time), "
                  "milp, or heuristic (with its gap to the LP bound)")
      ->check(CLI::IsMember({"auto", "milp", "heuristic"}))
      ->capture_default_str();
  cmd->add_option("--time-limit", args->time_limit, "Seconds for the solver; the gap to its bound is reported")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  add_output_options(*cmd, args->format, args->output, {"text", "json", "csv", "md", "html"},
                     "Report format (csv: one row per element replaced, the FCC per-site status shape; html: one "
                     "page with the Gantt chart and the exposure curve)");
  add_threads_option(*cmd, args->input);
  add_top_option(*cmd, args->input, "How many work items the text schedule lists");
  add_timings_flag(*cmd, args->input);
  return [args] { return run_plan(*args); };
}

}  // namespace kitwatch
