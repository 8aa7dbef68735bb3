#include "evaluation/evaluation.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "assess/assess.h"

namespace kitwatch {
namespace {

struct BuildTally {
  StrId model = 0, software_version = 0;
  Function function = Function::kOther;
  double cost = 0;
  std::size_t elements = 0;
};

struct ControllerTally {
  std::unordered_map<std::uint64_t, std::size_t> build_of;  // (model << 32 | version) -> builds index
  std::vector<BuildTally> builds;
};

// Per decision: the designated controller it counts towards, or kNoMaker.
std::vector<MakerId> controllers_of_decisions(const Resolution& resolution,
                                              const std::vector<std::vector<DesignationRef>>& active) {
  std::vector<MakerId> out(resolution.decisions.size(), kNoMaker);
  for (std::size_t d = 0; d < out.size(); ++d) {
    const Decision& decision = resolution.decisions[d];
    if (!resolution.is_entity(decision.maker) || active[decision.maker].empty()) continue;
    out[d] = decision.controller != kNoEntity ? decision.controller : decision.maker;
  }
  return out;
}

void charge(ControllerTally& tally, const ElementStore& store, ElementIndex e, const EvaluationSection& section) {
  const auto f = static_cast<std::size_t>(store.function[e]);
  const std::uint64_t key = (std::uint64_t{store.model[e]} << 32) | store.software_version[e];
  auto [it, inserted] = tally.build_of.try_emplace(key, tally.builds.size());
  if (inserted)
    tally.builds.push_back(
        BuildTally{store.model[e], store.software_version[e], store.function[e], section.build_cost[f], 0});
  BuildTally& build = tally.builds[it->second];
  if (section.build_cost[f] > build.cost) {
    build.cost = section.build_cost[f];
    build.function = store.function[e];
  }
  ++build.elements;
}

ControllerLoad finish(MakerId controller, const ControllerTally& tally, const ElementStore& store,
                      const Registry& registry, const Resolution& resolution, const EvaluationSection& section) {
  ControllerLoad load;
  load.controller = controller;
  load.id = resolution.maker_id(controller, registry);
  load.name = resolution.maker_name(controller, registry);
  load.fixed = section.fixed_per_controller;
  for (const BuildTally& b : tally.builds) {
    load.builds.push_back(EvaluatedBuild{std::string(store.models.view(b.model)),
                                         std::string(store.software_versions.view(b.software_version)),
                                         b.function,
                                         b.cost,
                                         b.elements,
                                         {}});
  }
  return load;
}

}  // namespace

Result<EvaluationReport> evaluate_capacity(const EvaluationSection& section, const ElementStore& store,
                                           const Registry& registry, const Resolution& resolution, Date as_of) {
  auto active = active_designations(registry, section.lists, as_of);
  if (!active.ok()) return active.status();
  const std::vector<MakerId> controller_of = controllers_of_decisions(resolution, *active);
  std::unordered_map<MakerId, ControllerTally> tallies;
  const std::int32_t day = as_of.days();
  for (ElementIndex e = 0; e < store.size(); ++e) {
    const MakerId controller = controller_of[resolution.decision_of[e]];
    if (controller == kNoMaker || !section.in_scope[static_cast<std::size_t>(store.function[e])]) continue;
    if (store.installed[e] != kNoDate && store.installed[e] > day) continue;
    charge(tallies[controller], store, e, section);
  }
  EvaluationReport report;
  report.section = section;
  report.as_of = as_of;
  report.capacity = section.capacity;
  for (const auto& [controller, tally] : tallies) {
    report.controllers.push_back(finish(controller, tally, store, registry, resolution, section));
  }
  complete_evaluation(report);
  return report;
}

void complete_evaluation(EvaluationReport& report) {
  report.total_load = 0;
  for (ControllerLoad& c : report.controllers) {
    c.builds_cost = 0;
    c.elements = 0;
    for (const EvaluatedBuild& b : c.builds) {
      c.builds_cost += b.cost;
      c.elements += b.elements;
    }
    std::sort(c.builds.begin(), c.builds.end(), [](const EvaluatedBuild& a, const EvaluatedBuild& b) {
      if (a.cost != b.cost) return a.cost > b.cost;
      return std::tie(a.model, a.software_version) < std::tie(b.model, b.software_version);
    });
    c.load = c.fixed + c.builds_cost;
    report.total_load += c.load;
  }
  std::sort(report.controllers.begin(), report.controllers.end(), [](const ControllerLoad& a, const ControllerLoad& b) {
    return a.load != b.load ? a.load > b.load : a.id < b.id;
  });
  report.utilisation = utilisation_of(report.total_load, report.capacity);
  report.effective = report.utilisation <= 1;
}

double utilisation_of(double load, double capacity) {
  if (capacity > 0) return load / capacity;
  return load > 0 ? std::numeric_limits<double>::infinity() : 0;
}

const Pack* evaluation_pack(const std::vector<Pack>& packs) {
  for (const Pack& pack : packs) {
    if (pack.evaluation) return &pack;
  }
  return nullptr;
}

}  // namespace kitwatch
