// What-if scenarios (docs/definitions.md "What-if scenarios"): a YAML file of operations (add, remove or replace
// equipment, designate an entity, move the as-of date, apply a supply-chain cascade) applied to a
// loaded inventory, and every metric before and after, side by side, with the delta.
//
// The inventory is read and resolved once. The after-state is built from the loaded data: when no
// element is removed or replaced it shares the store; otherwise the kept columns are copied, the
// interned pools are reused, and only added and replaced elements are resolved again. A designation
// extends a copy of the registry (its sources plus one generated overlay); a date change re-resolves
// only when a control link's state differs between the two dates. See docs/whatif.md.
//
// Thread safety: every function only reads its inputs.
#pragma once

#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "base/date.h"
#include "base/read_file.h"
#include "base/status.h"
#include "base/yaml_reader.h"
#include "bom/bom.h"
#include "model/element_store.h"
#include "registry/mac_registry.h"
#include "registry/registry.h"
#include "resolve/resolver.h"
#include "run/run.h"
#include "topology/topology.h"

namespace kitwatch {

// Which elements a remove or replace acts on: all conditions given must hold.
struct ElementScope {
  std::string manufacturer;  // registry entity id on the control chain (entity.ids has ...)
  std::optional<Function> function;
  std::string region;
  std::string where;                  // a selector expression (docs/policy.md), "" = none
  std::string selector_text() const;  // the whole scope as one selector expression
};

struct AddOperation {
  std::size_t count = 0;
  std::string vendor, model, region, site, id_prefix, tags, uplink;
  Function function = Function::kOther;
  std::vector<std::string> software_versions;  // assigned round-robin; empty = no version
  double traffic = 0, subscribers = 0;         // per element
  std::optional<Date> installed;
};

struct RemoveOperation {
  ElementScope scope;
};

// Replaced elements keep their id, site, region, function, traffic, subscribers, uplink and
// tags; they take the new vendor, model and versions (and lose their MACs, which named the old kit).
struct ReplaceOperation {
  ElementScope scope;
  std::string vendor, model;
  std::vector<std::string> software_versions;
};

struct DesignateOperation {
  std::string entity, list, source;
  Date from;
  std::optional<Date> until;  // removed on this date (exclusive), as in the registry
};

struct AsOfOperation {
  Date date;
};

// The state a plan (kitwatch plan --format json, schema kitwatch-plan/1) reaches by a date: the
// elements its works replace in periods ending before `at` take the works' replacement vendor and
// model, as a replace operation does. The plan file is relative to the scenario file's folder.
struct ApplyPlanOperation {
  std::string plan;
  Date at;
};

struct CascadeOperation {
  std::vector<std::string> boms;  // BOM files, relative to the scenario file's folder
  CascadeScenario scenario;
};

using Operation = std::variant<AddOperation, RemoveOperation, ReplaceOperation, DesignateOperation, AsOfOperation,
                               CascadeOperation, ApplyPlanOperation>;

struct ScenarioStep {
  Operation operation;
  SourceLocation where;  // the operation's position in the scenario file
  std::string describe() const;
};

struct Scenario {
  std::string name, title, file;
  std::vector<std::string> notes;
  std::vector<ScenarioStep> steps;
};

// Parses a scenario strictly: unknown keys, bad dates, numbers and functions, and malformed
// selectors are input errors with file:line:column.
Result<Scenario> parse_scenario(std::string_view text, const std::string& name);
// Reads and parses a scenario file (base/read_file.h: only a regular file of at most max_file_bytes).
Result<Scenario> load_scenario(const std::string& path, std::uint64_t max_file_bytes = kDefaultMaxFileBytes);

// The 'function' key of an operation (a network function name), for every scenario language.
Status read_function_key(const YamlReader& yaml, const YAML::Node& node, std::optional<Function>& out, bool required);
// A designate operation's body (entity, list, from, until, source), for every scenario language
// that designates (this one and the national one), with the same checks and messages.
Result<DesignateOperation> read_designate_operation(const YamlReader& yaml, const YAML::Node& node);
// The registry overlay a designate operation adds: one entry on the list (created when the registry
// has no such list), marked as a scenario assumption. where: the operation in its scenario file.
// Fails when the registry has no such entity.
Result<RegistrySource> designation_overlay(const DesignateOperation& op, const Registry& registry,
                                           const std::string& scenario_name, const SourceLocation& where);

// The after-state and what it owns. Pointers in `state` point into this object or at the before
// state's data (which must outlive it).
struct AfterState {
  NetworkState state;
  std::unique_ptr<ElementStore> store;     // null: shares the before store
  std::unique_ptr<Registry> registry;      // null: shares the before registry
  std::unique_ptr<Resolution> resolution;  // null: shares the before resolution
  std::unique_ptr<LinkTable> links;
  std::unique_ptr<DemandTable> demands;
  std::vector<const CascadeOperation*> cascades;  // applied to both states, in order
  std::size_t added = 0, removed = 0, replaced = 0;
  std::vector<std::string> log;  // one line per operation: what it did
};

struct ApplyOptions {
  std::vector<RegistrySource> registry_sources;  // the before registry's sources (to extend a copy)
  const MacRegistry* macs = nullptr;             // for resolving added and replaced elements
};

// Applies the scenario's operations in file order to the before state.
Result<std::unique_ptr<AfterState>> apply_scenario(const Scenario& scenario, const NetworkState& before,
                                                   const ApplyOptions& options);

// The built-in registry's sources followed by overlay files (what Registry::builtin reads).
Result<std::vector<RegistrySource>> registry_sources(const std::vector<std::string>& overlay_paths);

}  // namespace kitwatch

namespace kitwatch {

struct Pack;

// One metric, before and after. Numeric rows have a delta; text rows (verdicts, rule status) do not.
struct MetricRow {
  std::string section, name;
  double before = 0, after = 0;
  std::string before_text, after_text;  // non-empty: a text metric
  std::string unit;                     // "%", "" (a number), "days"
  bool text() const { return !before_text.empty() || !after_text.empty(); }
};

struct CompareOptions {
  std::vector<std::string> lists;            // designation lists that count for shares (empty = all)
  const std::vector<Pack>* packs = nullptr;  // policy packs (may be null or empty)
  unsigned threads = 2;
  std::size_t max_details = 10;
  bool json = false;  // also fill Comparison::details_json (cascades list every affected element)
  std::uint64_t max_file_bytes = kDefaultMaxFileBytes;  // for the scenario's BOMs
};

struct Comparison {
  std::string scenario, title;
  Date before_as_of, after_as_of;
  std::vector<std::string> log, notes;
  std::vector<MetricRow> rows;
  std::string before_details, after_details;  // evaluation and cascade details, for people
  nlohmann::ordered_json details_json;        // the same, for machines
};

// Computes every metric on both states (assessment, policy, evaluation, topology, cascade).
Result<Comparison> compare_states(const Scenario& scenario, const NetworkState& before, const AfterState& after,
                                  const CompareOptions& options);
std::string render_comparison_text(const Comparison& comparison);
std::string render_comparison_json(const Comparison& comparison);

// A what-if on a loaded run (run/run.h): the scenario applied to the run's state, and every metric
// of both states, with the run's lists, packs, threads, top and file limit. details_json: also
// fill Comparison::details_json. Stages "after-state" and "metrics" go to the spec's stage_done.
struct WhatifRun {
  std::unique_ptr<AfterState> after;
  Comparison comparison;
};
Result<WhatifRun> run_whatif(const Inputs& inputs, const Scenario& scenario, bool details_json);

}  // namespace kitwatch
