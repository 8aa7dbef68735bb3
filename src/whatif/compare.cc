// Every metric on both states, side by side: shares, concentration, policy, evaluation capacity,
// topology exposure and supply-chain cascades.
#include <fmt/format.h>

#include <filesystem>

#include "assess/assess.h"
#include "evaluation/evaluation.h"
#include "policy/policy.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

// Every metric of one state: the same analyses as `kitwatch assess`, through the engine's run.
Result<Analysis> measure(const NetworkState& s, const CompareOptions& options,
                         const std::vector<std::pair<const CascadeOperation*, BomSet>>& boms) {
  AnalysisOptions analysis;
  analysis.lists = options.lists;
  analysis.packs = options.packs;
  analysis.threads = options.threads;
  for (const auto& [op, bom] : boms) analysis.cascades.push_back(CascadeRun{op->scenario, &bom});
  return analyse(s, analysis);
}

class Rows {
 public:
  explicit Rows(std::vector<MetricRow>& rows) : rows_(rows) {}
  void section(std::string name) { section_ = std::move(name); }
  void number(std::string name, double before, double after, std::string unit = "") {
    rows_.push_back(MetricRow{section_, std::move(name), before, after, "", "", std::move(unit)});
  }
  void percent(std::string name, double before, double after) {
    number(std::move(name), 100 * before, 100 * after, "%");
  }
  void text(std::string name, std::string before, std::string after) {
    rows_.push_back(MetricRow{section_, std::move(name), 0, 0, std::move(before), std::move(after), ""});
  }

 private:
  std::vector<MetricRow>& rows_;
  std::string section_;
};

constexpr std::string_view kMeasureNames[] = {"count", "traffic", "subscribers"};
double pick(const Measures& m, std::size_t i) {
  return i == 0 ? m.count : i == 1 ? m.traffic : m.subscribers;
}

void share_rows(Rows& rows, const AssessReport& b, const AssessReport& a) {
  rows.section("network");
  for (std::size_t i = 0; i < 3; ++i)
    rows.number(std::string(kMeasureNames[i]), pick(b.total.total, i), pick(a.total.total, i));
  rows.section("designated share");
  for (std::size_t i = 0; i < 3; ++i) {
    rows.percent(fmt::format("all ({})", kMeasureNames[i]), pick(b.total.designated_share, i),
                 pick(a.total.designated_share, i));
  }
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    const ScopeSummary &sb = b.by_function[f], &sa = a.by_function[f];
    if (sb.total.count == 0 && sa.total.count == 0) continue;
    // A function with no designated elements in either state is left out: its shares are all zero.
    if (sb.designated.count == 0 && sa.designated.count == 0) continue;
    for (std::size_t i = 0; i < 3; ++i) {
      rows.percent(fmt::format("{} ({})", kFunctionNames[f], kMeasureNames[i]), pick(sb.designated_share, i),
                   pick(sa.designated_share, i));
    }
  }
  rows.section("unknown share");
  for (std::size_t i = 0; i < 3; ++i) {
    rows.percent(fmt::format("all ({})", kMeasureNames[i]), pick(b.total.unknown_share, i),
                 pick(a.total.unknown_share, i));
  }
  // Makers the registry does not know: whether the change adds kit whose control nobody can vouch for.
  rows.section("control unknown share");
  for (std::size_t i = 0; i < 3; ++i) {
    rows.percent(fmt::format("all ({})", kMeasureNames[i]), pick(b.total.control_unknown_share, i),
                 pick(a.total.control_unknown_share, i));
  }
  rows.section("concentration");
  for (std::size_t i = 0; i < 3; ++i) {
    rows.number(fmt::format("HHI ({})", kMeasureNames[i]), pick(b.concentration.hhi, i), pick(a.concentration.hhi, i));
  }
  rows.percent("top-5 share (count)", b.concentration.top5.count, a.concentration.top5.count);
  rows.number("controllers", static_cast<double>(b.concentration.controllers),
              static_cast<double>(a.concentration.controllers));
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (b.by_function[f].total.count == 0 && a.by_function[f].total.count == 0) continue;
    rows.number(fmt::format("HHI {} (count)", kFunctionNames[f]), b.concentration_by_function[f].hhi.count,
                a.concentration_by_function[f].hhi.count);
  }
}

std::string controller_names(const AssessReport& r, const Registry& registry) {
  std::string out;
  for (const DesignatedController& c : r.designated) out += (out.empty() ? "" : ", ") + registry.entity(c.entity).id;
  return out.empty() ? "none" : out;
}

std::string rule_text(const PolicyReport& report, std::size_t i) {
  const RuleResult& r = report.results[i];
  const Rule& rule = report.packs[r.pack].rules[r.rule];
  const bool share = rule.kind == RuleKind::kCap;
  return fmt::format("{} ({})", rule_status_name(r.status),
                     share ? fmt::format("{:.1f}% of {:.0f}%", 100 * r.measured, 100 * r.limit)
                           : fmt::format("{:g} of {:g}", r.measured, r.limit));
}

void policy_rows(Rows& rows, const PolicyReport& b, const PolicyReport& a) {
  rows.section("policy");
  const auto violated = [](const PolicyReport& p) {
    double n = 0;
    for (const RuleResult& r : p.results) n += r.status == RuleStatus::kViolated;
    return n;
  };
  rows.number("rules violated", violated(b), violated(a));
  rows.number("rules failing the gate (severity error)", static_cast<double>(b.failing()),
              static_cast<double>(a.failing()));
  for (std::size_t i = 0; i < b.results.size() && i < a.results.size(); ++i) {
    const RuleResult& r = b.results[i];
    const Pack& pack = b.packs[r.pack];
    rows.text(fmt::format("{} {}", pack.name, pack.rules[r.rule].id), rule_text(b, i), rule_text(a, i));
  }
}

void evaluation_rows(Rows& rows, const EvaluationReport& b, const EvaluationReport& a) {
  rows.section("evaluation capacity (illustrative assumptions)");
  rows.number("capacity (analyst-days/year)", b.capacity, a.capacity);
  rows.number("total load (analyst-days/year)", b.total_load, a.total_load);
  rows.percent("utilisation", b.utilisation, a.utilisation);
  rows.text("verdict", b.effective ? "effective" : "EXCEEDED", a.effective ? "effective" : "EXCEEDED");
  rows.number("designated controllers under evaluation", static_cast<double>(b.controllers.size()),
              static_cast<double>(a.controllers.size()));
  std::vector<std::string> ids;
  for (const auto* r : {&b, &a}) {
    for (const ControllerLoad& c : r->controllers) {
      if (std::find(ids.begin(), ids.end(), c.id) == ids.end()) ids.push_back(c.id);
    }
  }
  const auto load_of = [](const EvaluationReport& r, const std::string& id, bool builds) {
    for (const ControllerLoad& c : r.controllers) {
      if (c.id == id) return builds ? static_cast<double>(c.builds.size()) : c.load;
    }
    return 0.0;
  };
  for (const std::string& id : ids) {
    rows.number("load " + id, load_of(b, id, false), load_of(a, id, false));
    rows.number("distinct builds " + id, load_of(b, id, true), load_of(a, id, true));
  }
}

void topology_rows(Rows& rows, const TopologyRun& b, const TopologyRun& a) {
  rows.section("topology");
  if (b.has_exposure || a.has_exposure) {
    rows.percent("traffic exposed to designated nodes", b.has_exposure ? b.exposure.share(0) : 0,
                 a.has_exposure ? a.exposure.share(0) : 0);
    const auto unavoidable = [](const TopologyRun& t) {
      const auto& v = t.exposure.volume_by_avoidability;
      return t.has_exposure && t.exposure.routed_volume > 0
                 ? (v[static_cast<std::size_t>(Avoidability::kUnavoidable)] +
                    v[static_cast<std::size_t>(Avoidability::kUnavoidableEndpoint)]) /
                       t.exposure.routed_volume
                 : 0;
    };
    rows.percent("traffic that cannot avoid them", unavoidable(b), unavoidable(a));
  }
  if (!b.losses.empty() && !a.losses.empty()) {
    rows.number("elements cut off if designated kit is lost", b.losses[0].cut_off_total.count,
                a.losses[0].cut_off_total.count);
    rows.number("subscribers cut off if designated kit is lost", b.losses[0].cut_off_total.subscribers,
                a.losses[0].cut_off_total.subscribers);
    rows.number("demands disconnected", static_cast<double>(b.losses[0].demands_disconnected),
                static_cast<double>(a.losses[0].demands_disconnected));
  }
  rows.number("designated single points of failure", static_cast<double>(b.articulation.designated_points.size()),
              static_cast<double>(a.articulation.designated_points.size()));
}

void cascade_rows(Rows& rows, const CascadeReport& b, const CascadeReport& a) {
  rows.section("cascade: " + a.scenario.describe());
  rows.text("in effect at the as-of date", b.in_effect ? "yes" : "no", a.in_effect ? "yes" : "no");
  rows.number("elements losing parts", b.total.parts.count, a.total.parts.count);
  rows.number("elements losing software updates", b.total.updates.count, a.total.updates.count);
  rows.number("elements affected", b.total.any.count, a.total.any.count);
  rows.number("traffic affected", b.total.any.traffic, a.total.any.traffic);
  rows.number("subscribers affected", b.total.any.subscribers, a.total.any.subscribers);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (b.by_function[f].any.count == 0 && a.by_function[f].any.count == 0) continue;
    rows.number(fmt::format("elements affected: {}", kFunctionNames[f]), b.by_function[f].any.count,
                a.by_function[f].any.count);
  }
}

Result<std::vector<std::pair<const CascadeOperation*, BomSet>>> load_boms(const Scenario& scenario,
                                                                          const AfterState& after,
                                                                          std::uint64_t max_file_bytes) {
  std::vector<std::pair<const CascadeOperation*, BomSet>> out;
  const std::filesystem::path folder = std::filesystem::path(scenario.file).parent_path();
  for (const CascadeOperation* op : after.cascades) {
    BomSet bom;
    for (const std::string& file : op->boms) {
      const std::filesystem::path path =
          std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : folder / file;
      if (Status s = read_bom_file(path.string(), bom, max_file_bytes); !s.ok()) return s;
    }
    out.emplace_back(op, std::move(bom));
  }
  return out;
}

}  // namespace

Result<Comparison> compare_states(const Scenario& scenario, const NetworkState& before, const AfterState& after,
                                  const CompareOptions& options) {
  auto boms = load_boms(scenario, after, options.max_file_bytes);
  if (!boms.ok()) return boms.status();
  auto b = measure(before, options, *boms);
  if (!b.ok()) return b.status();
  auto a = measure(after.state, options, *boms);
  if (!a.ok()) return a.status();
  Comparison c;
  c.scenario = scenario.name;
  c.title = scenario.title;
  c.before_as_of = before.as_of;
  c.after_as_of = after.state.as_of;
  c.log = after.log;
  c.notes = scenario.notes;
  Rows rows(c.rows);
  share_rows(rows, *b->assess, *a->assess);
  rows.section("designated controllers");
  rows.text("who", controller_names(*b->assess, *before.registry), controller_names(*a->assess, *after.state.registry));
  if (b->policy && a->policy) policy_rows(rows, *b->policy, *a->policy);
  if (b->evaluation && a->evaluation) {
    evaluation_rows(rows, *b->evaluation, *a->evaluation);
    c.before_details += render_evaluation_text(*b->evaluation, options.max_details);
    c.after_details += render_evaluation_text(*a->evaluation, options.max_details);
    c.details_json["evaluation"] = {{"before", evaluation_json(*b->evaluation)},
                                    {"after", evaluation_json(*a->evaluation)}};
  }
  if (b->topology && a->topology) topology_rows(rows, *b->topology, *a->topology);
  for (std::size_t i = 0; i < boms->size(); ++i) {
    cascade_rows(rows, b->cascades[i], a->cascades[i]);
    const BomSet& bom = (*boms)[i].second;
    c.after_details +=
        "\n" + render_cascade_text(a->cascades[i], bom, *after.state.store, *after.state.registry, options.max_details);
    if (!options.json) continue;
    c.details_json["cascades"].push_back(
        {{"before",
          nlohmann::ordered_json::parse(render_cascade_json(b->cascades[i], bom, *before.store, *before.registry))},
         {"after", nlohmann::ordered_json::parse(
                       render_cascade_json(a->cascades[i], bom, *after.state.store, *after.state.registry))}});
  }
  return c;
}

Result<WhatifRun> run_whatif(const Inputs& inputs, const Scenario& scenario, bool details_json) {
  const RunSpec& spec = inputs.spec;
  const NetworkState before = inputs.state();
  WhatifRun run;
  auto after = apply_scenario(scenario, before, ApplyOptions{inputs.registry_sources, inputs.macs.get()});
  if (!after.ok()) return after.status();
  run.after = std::move(*after);
  if (spec.stage_done) spec.stage_done("after-state");
  auto comparison = compare_states(
      scenario, before, *run.after,
      CompareOptions{spec.lists, &inputs.packs, spec.threads, spec.top, details_json, spec.ingest.max_file_bytes});
  if (!comparison.ok()) return comparison.status();
  run.comparison = std::move(*comparison);
  if (spec.stage_done) spec.stage_done("metrics");
  return run;
}

}  // namespace kitwatch
