// Mitigation capacity (docs/definitions.md "Evaluation load"): the evaluation effort that designated
// controllers' distinct products and software builds demand, against the capacity available.
//
// Load of a designated controller V = fixed_per_controller + for each distinct (model,
// software_version) among V's in-scope elements, the build cost of its function class (a build seen
// in several in-scope functions is charged once, at the highest of their costs). Utilisation =
// total load / capacity; the mitigation is effective while utilisation <= 1. Elements installed
// after the as-of date are left out (the policy engine's "network as of a date"); an empty
// software version is one build ("version unknown") per model. Every load lists the builds that
// drive it, with element counts, so each number traces back to rows.
//
// Thread safety: evaluate_capacity() only reads its inputs.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/date.h"
#include "base/status.h"
#include "model/element_store.h"
#include "policy/policy.h"
#include "registry/registry.h"
#include "resolve/resolver.h"

namespace kitwatch {

// One distinct (model, software_version) under evaluation.
struct EvaluatedBuild {
  std::string model, software_version;
  Function function = Function::kOther;  // the function class charged (the costliest in scope)
  double cost = 0;
  std::size_t elements = 0;
  std::vector<std::string> operators;  // nationally: the operators that run it (empty for one inventory)
};

struct ControllerLoad {
  MakerId controller = kNoMaker;  // a registry entity (designated makers are registered)
  std::string id, name;
  double fixed = 0, builds_cost = 0, load = 0;
  std::size_t elements = 0;
  std::vector<EvaluatedBuild> builds;  // costliest first, then by model and version
};

struct EvaluationReport {
  std::string pack;  // the pack the section came from
  EvaluationSection section;
  Date as_of;
  double capacity = 0, total_load = 0, utilisation = 0;
  bool effective = true;
  std::vector<ControllerLoad> controllers;  // largest load first
};

// Computes every designated controller's load. Fails on a list id the registry does not know.
Result<EvaluationReport> evaluate_capacity(const EvaluationSection& section, const ElementStore& store,
                                           const Registry& registry, const Resolution& resolution, Date as_of);

// load / capacity; a capacity of zero can carry no load, so any load makes it infinite.
double utilisation_of(double load, double capacity);

// Completes a report whose controllers have their fixed cost and builds: each controller's
// builds_cost, load and elements, the builds costliest first, the controllers by load, the total
// load, utilisation and verdict. (evaluate_capacity ends with it; the national merge too.)
void complete_evaluation(EvaluationReport& report);

// The first pack with an evaluation section, or nullptr.
const Pack* evaluation_pack(const std::vector<Pack>& packs);

// The section's assumption, or the standard words for one that states none: every output shows it.
std::string evaluation_assumption(const EvaluationSection& section);

// For people: the verdict, then each controller's load and its costliest builds (max_builds each).
std::string render_evaluation_text(const EvaluationReport& report, std::size_t max_builds = 10);
nlohmann::ordered_json evaluation_json(const EvaluationReport& report);

}  // namespace kitwatch
