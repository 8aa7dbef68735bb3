// The national merge: every return's cells and builds summed under one registry, as `assess` and
// the capacity model define the figures (docs/definitions.md), whatever the order of the returns.
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>

#include "evaluation/evaluation.h"
#include "national/national.h"

namespace kitwatch {
namespace {

constexpr std::string_view kUnregisteredPrefix = "unregistered:";

// How a maker key of a return is counted under the national registry.
struct MakerClass {
  bool unknown = false;
  bool designated = false;
  bool control_unknown = false;  // an unregistered maker: who controls it is not known
  std::string controller;        // id of the controller its share is held by
  EntityIndex entity = kNoEntity;
};

class MakerClassifier {
 public:
  MakerClassifier(const Registry& registry, const std::vector<std::vector<DesignationRef>>& active, Date as_of)
      : registry_(registry), active_(active), as_of_(as_of) {}

  // nullopt: a maker the registry does not know.
  std::optional<MakerClass> classify(const std::string& maker) {
    if (auto it = cache_.find(maker); it != cache_.end()) return it->second;
    std::optional<MakerClass> out;
    if (maker == kUnknownMaker) {
      out = MakerClass{true, false, false, std::string(kUnknownMaker), kNoEntity};
    } else if (maker.rfind(kUnregisteredPrefix, 0) == 0) {
      out = MakerClass{false, false, true, maker, kNoEntity};
    } else if (const auto e = registry_.find_entity(maker)) {
      out = MakerClass{false, !active_[*e].empty(), false,
                       registry_.entity(registry_.control_chain(*e, as_of_).back()).id, *e};
    }
    cache_.emplace(maker, out);
    return out;
  }

 private:
  const Registry& registry_;
  const std::vector<std::vector<DesignationRef>>& active_;
  Date as_of_;
  std::unordered_map<std::string, std::optional<MakerClass>> cache_;
};

void fill(ScopeSummary& s) {
  s.designated_share = share_of(s.designated, s.total);
  s.unknown_share = share_of(s.unknown, s.total);
  s.control_unknown_share = share_of(s.control_unknown, s.total);
}

struct BuildTally {
  Function function = Function::kOther;
  double cost = -1;
  std::uint64_t elements = 0;
  std::set<std::string> operators;

  // A build is charged at the costliest in-scope function it runs in (evaluation/evaluation.h).
  void add(Function f, double at_cost, std::uint64_t n, const std::set<std::string>& by) {
    if (at_cost > cost || (at_cost == cost && f < function)) {
      cost = at_cost;
      function = f;
    }
    elements += n;
    operators.insert(by.begin(), by.end());
  }
};

// controller id → (model, version) → tally
using BuildTallies = std::map<std::string, std::map<std::pair<std::string, std::string>, BuildTally>>;

// One return's builds under the evaluation section.
Result<BuildTallies> tally_builds(const OperatorReturn& r, const Registry& registry, const EvaluationSection& section,
                                  const std::vector<std::vector<DesignationRef>>& active, Date as_of) {
  BuildTallies tallies;
  const std::set<std::string> by{r.operator_id};
  for (const ReturnBuild& b : r.builds) {
    const auto entity = registry.find_entity(b.maker);
    if (!entity) {
      return Status::input(fmt::format("{}: build of maker '{}', which this registry does not know", r.file, b.maker));
    }
    if (active[*entity].empty()) continue;
    const auto f = static_cast<std::size_t>(b.function);
    if (!section.in_scope[f] || b.elements == 0) continue;
    const std::string controller = registry.entity(registry.control_chain(*entity, as_of).back()).id;
    tallies[controller][{b.model, b.software_version}].add(b.function, section.build_cost[f], b.elements, by);
  }
  return tallies;
}

double load_of(const BuildTallies& tallies, const EvaluationSection& section) {
  double load = 0;
  for (const auto& [controller, builds] : tallies) {
    load += section.fixed_per_controller;
    for (const auto& [key, t] : builds) load += t.cost;
  }
  return load;
}

Result<NationalEvaluation> evaluate(const std::vector<const OperatorReturn*>& returns, const Registry& registry,
                                    const NationalOptions& options, Date as_of,
                                    std::vector<OperatorFigures>& operators) {
  const EvaluationSection& section = *options.evaluation;
  auto active = active_designations(registry, section.lists, as_of);
  if (!active.ok()) return active.status();
  NationalEvaluation out;
  BuildTallies national;
  for (std::size_t i = 0; i < returns.size(); ++i) {
    auto own = tally_builds(*returns[i], registry, section, *active, as_of);
    if (!own.ok()) return own.status();
    operators[i].own_load = load_of(*own, section);
    out.operators_load_sum += operators[i].own_load;
    for (const auto& [controller, builds] : *own) {
      for (const auto& [key, t] : builds) national[controller][key].add(t.function, t.cost, t.elements, t.operators);
    }
  }
  EvaluationReport& report = out.report;
  report.pack = options.evaluation_pack;
  report.section = section;
  report.as_of = as_of;
  report.capacity = section.capacity;
  for (const auto& [controller, builds] : national) {
    const EntityIndex entity = *registry.find_entity(controller);
    ControllerLoad load;
    load.controller = entity;
    load.id = controller;
    load.name = registry.entity(entity).name;
    load.fixed = section.fixed_per_controller;
    for (const auto& [key, t] : builds) {
      load.builds.push_back(EvaluatedBuild{key.first, key.second, t.function, t.cost, t.elements,
                                           std::vector<std::string>(t.operators.begin(), t.operators.end())});
      out.shared_builds += t.operators.size() > 1;
    }
    report.controllers.push_back(std::move(load));
  }
  complete_evaluation(report);
  return out;
}

// "file:line:column (field 'x')" where the member is, or the return's file when it was not read.
std::string at(const SourceLocation& where, const std::string& file) {
  return where.file.empty() ? file : where.to_string();
}

Status check_consistency(const std::vector<const OperatorReturn*>& returns, const NationalOptions& options,
                         std::vector<std::string>& caveats) {
  const OperatorReturn& first = *returns.front();
  for (std::size_t i = 1; i < returns.size(); ++i) {
    if (returns[i]->operator_id == returns[i - 1]->operator_id) {
      return Status::input(
          fmt::format("{}: a second return of operator '{}' (the first is {}; give one return per "
                      "operator)",
                      at(returns[i]->operator_at, returns[i]->file), returns[i]->operator_id, returns[i - 1]->file));
    }
  }
  for (const OperatorReturn* r : returns) {
    if (r->as_of != first.as_of) {
      const std::string what = fmt::format("{}: as of {}, but {} is as of {}", at(r->as_of_at, r->file),
                                           r->as_of.to_string(), first.file, first.as_of.to_string());
      if (!options.allow_mixed)
        return Status::input(what +
                             " (returns must share their as-of date; --allow-mixed "
                             "merges them anyway, flagged)");
      caveats.push_back("MIXED DATES: " + what + "; the national figures take every designation as of " +
                        first.as_of.to_string());
    }
    if (!options.registry_sha256.empty() && r->registry_sha256 != options.registry_sha256) {
      const std::string what =
          fmt::format("{}: made with registry {} of {} (sha256 {}), not the registry merged with (sha256 {})", r->file,
                      r->registry_version, r->registry_date, r->registry_sha256.substr(0, 12),
                      options.registry_sha256.substr(0, 12));
      if (!options.allow_mixed) {
        return Status::input(what +
                             " (give the same --registry overlays as the operators; --allow-mixed merges "
                             "anyway, flagged)");
      }
      caveats.push_back("MIXED REGISTRIES: " + what +
                        "; makers and designations are taken from the registry merged "
                        "with");
    }
  }
  return Status();
}

}  // namespace

Result<NationalReport> merge_returns(const std::vector<OperatorReturn>& returns, const Registry& registry,
                                     const NationalOptions& options) {
  if (returns.empty()) return Status::usage("no returns to merge");
  // By operator id: the sums are then the same, bit for bit, whatever order the returns came in.
  std::vector<const OperatorReturn*> sorted;
  for (const OperatorReturn& r : returns) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const OperatorReturn* a, const OperatorReturn* b) { return a->operator_id < b->operator_id; });
  NationalReport report;
  report.caveats = options.caveats;
  if (Status s = check_consistency(sorted, options, report.caveats); !s.ok()) return s;
  report.as_of = sorted.front()->as_of;
  report.registry_version = registry.version();
  report.registry_date = registry.date();
  auto active = active_designations(registry, options.lists, report.as_of);
  if (!active.ok()) return active.status();
  if (options.lists.empty()) {
    for (const DesignationList& l : registry.lists()) report.lists.push_back(l.id);
  } else {
    report.lists = options.lists;
  }

  MakerClassifier classify(registry, *active, report.as_of);
  std::map<std::string, std::size_t> region_index;
  std::vector<RegionSummary> regions;
  std::map<std::string, std::size_t> controller_index;
  std::vector<NationalController> controllers;
  std::vector<std::array<Measures, kFunctionCount>> controller_by_function;
  for (const OperatorReturn* r : sorted) {
    OperatorFigures op;
    op.id = r->operator_id;
    op.name = r->operator_name;
    op.file = r->file;
    op.signed_return = r->signature.has_value();
    op.rows_rejected = r->rows_rejected;
    report.rows_rejected += r->rows_rejected;
    for (const ReturnCell& c : r->cells) {
      auto maker = classify.classify(c.maker);
      if (!maker) {
        return Status::input(
            fmt::format("{}: maker '{}' is not in the registry merged with (version {}): give the "
                        "operators' --registry overlays",
                        r->file, c.maker, registry.version()));
      }
      const auto f = static_cast<std::size_t>(c.function);
      auto [rit, new_region] = region_index.try_emplace(c.region, regions.size());
      if (new_region) regions.push_back(RegionSummary{c.region, {}});
      ScopeSummary* scopes[] = {&report.by_function[f], &regions[rit->second].scope, &op.by_function[f]};
      for (ScopeSummary* s : scopes) {
        s->total.add(c.measures);
        if (maker->unknown) s->unknown.add(c.measures);
        if (maker->designated) s->designated.add(c.measures);
        if (maker->control_unknown) s->control_unknown.add(c.measures);
      }
      if (maker->unknown) continue;
      auto [cit, new_controller] = controller_index.try_emplace(maker->controller, controllers.size());
      if (new_controller) {
        NationalController nc;
        nc.id = maker->controller;
        nc.name = maker->entity == kNoEntity ? maker->controller.substr(kUnregisteredPrefix.size())
                                             : registry.entity(*registry.find_entity(maker->controller)).name;
        controllers.push_back(std::move(nc));
        controller_by_function.emplace_back();
      }
      controllers[cit->second].measures.add(c.measures);
      controllers[cit->second].designated |= maker->designated;
      controller_by_function[cit->second][f].add(c.measures);
    }
    for (const SuppressedCells& s : r->suppressed) {
      const auto f = static_cast<std::size_t>(s.function);
      report.by_function[f].total.add(s.measures);
      op.by_function[f].total.add(s.measures);
      report.suppressed[f].add(s.measures);
      report.suppressed_total.add(s.measures);
      op.suppressed.add(s.measures);
    }
    for (ScopeSummary& s : op.by_function) {
      op.total.add_sums(s);
      fill(s);
    }
    fill(op.total);
    report.operators.push_back(std::move(op));
  }
  for (ScopeSummary& s : report.by_function) {
    report.total.add_sums(s);
    fill(s);
  }
  fill(report.total);
  for (RegionSummary& region : regions) fill(region.scope);
  std::stable_sort(regions.begin(), regions.end(), [](const RegionSummary& a, const RegionSummary& b) {
    return a.scope.total.count != b.scope.total.count ? a.scope.total.count > b.scope.total.count : a.name < b.name;
  });
  report.by_region = std::move(regions);

  // Concentration by controller, as assess: unknown elements hold no share but stay in the whole.
  std::vector<Measures> whole;
  for (const NationalController& c : controllers) whole.push_back(c.measures);
  report.concentration = concentration_of(whole, report.total.total);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    std::vector<Measures> in_function;
    for (const auto& by_function : controller_by_function) in_function.push_back(by_function[f]);
    report.concentration_by_function[f] = concentration_of(in_function, report.by_function[f].total);
  }
  for (NationalController& c : controllers) c.share = share_of(c.measures, report.total.total);
  std::stable_sort(controllers.begin(), controllers.end(),
                   [](const NationalController& a, const NationalController& b) {
                     return a.measures.count != b.measures.count ? a.measures.count > b.measures.count : a.id < b.id;
                   });
  report.controllers = std::move(controllers);

  // The compliance matrix: each operator's own rule results, columns in order of first appearance.
  for (const OperatorReturn* r : sorted) {
    for (const ReturnRule& rule : r->rules) {
      const RuleKey key{rule.pack, rule.rule};
      if (std::find(report.rules.begin(), report.rules.end(), key) == report.rules.end()) report.rules.push_back(key);
    }
  }
  for (const OperatorReturn* r : sorted) {
    std::vector<std::string> row(report.rules.size());
    for (const ReturnRule& rule : r->rules) {
      const auto at = std::find(report.rules.begin(), report.rules.end(), RuleKey{rule.pack, rule.rule});
      row[static_cast<std::size_t>(at - report.rules.begin())] = rule.status;
    }
    report.matrix.push_back(std::move(row));
  }

  if (options.evaluation) {
    auto evaluation = evaluate(sorted, registry, options, report.as_of, report.operators);
    if (!evaluation.ok()) return evaluation.status();
    report.evaluation = std::move(*evaluation);
  }

  if (report.rows_rejected > 0) {
    report.caveats.push_back(fmt::format(
        "{} rows were rejected by the operators' own runs: those elements are in no figure (see each operator's "
        "rejected count)",
        report.rows_rejected));
  }
  if (report.suppressed_total.count > 0) {
    report.caveats.push_back(fmt::format(
        "{} elements are in suppressed cells (--min-cell): counted in every total, but their makers are not "
        "disclosed, so they are neither designated nor unknown here",
        report.suppressed_total.count));
  }
  return report;
}

}  // namespace kitwatch
