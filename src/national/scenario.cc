// The national what-if: a scenario of return-level operations (add, remove, designate) applied to
// copies of the returns, and every national figure before and after.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>

#include "base/read_file.h"
#include "base/yaml_reader.h"
#include "national/national.h"

namespace kitwatch {
namespace {

constexpr double kMaxAdd = 100'000'000;  // one add operation: more is surely a typo

Result<NationalAdd> read_add(const YamlReader& y, const YAML::Node& node) {
  if (Status s = y.check_keys(
          node,
          {"operator", "count", "maker", "model", "function", "region", "software_versions", "traffic", "subscribers"},
          "an add operation");
      !s.ok())
    return s;
  NationalAdd op;
  if (Status s = y.text(node, "operator", op.operator_id, true); !s.ok()) return s;
  double count = 0;
  if (Status s = y.number(node, "count", kMaxAdd, count, true); !s.ok()) return s;
  if (count < 1 || count != std::floor(count))
    return y.error(node["count"], "'count' must be a whole number of at least 1");
  op.count = static_cast<std::uint64_t>(count);
  if (Status s = y.text(node, "maker", op.maker, true); !s.ok()) return s;
  if (Status s = y.text(node, "model", op.model, false); !s.ok()) return s;
  if (Status s = y.text(node, "region", op.region, false); !s.ok()) return s;
  std::optional<Function> function;
  if (Status s = read_function_key(y, node, function, true); !s.ok()) return s;
  op.function = *function;
  if (const YAML::Node versions = node["software_versions"]) {
    if (versions.IsScalar()) {
      op.software_versions.push_back(versions.Scalar());
    } else if (versions.IsSequence()) {
      for (const YAML::Node& v : versions) {
        if (!v.IsScalar()) return y.error(v, "each item of 'software_versions' must be a string");
        op.software_versions.push_back(v.Scalar());
      }
    } else {
      return y.error(versions, "'software_versions' must be a list of strings");
    }
  }
  if (Status s = y.number(node, "traffic", 1e15, op.traffic, false); !s.ok()) return s;
  if (Status s = y.number(node, "subscribers", 1e15, op.subscribers, false); !s.ok()) return s;
  return op;
}

Result<NationalRemove> read_remove(const YamlReader& y, const YAML::Node& node) {
  if (Status s = y.check_keys(node, {"operator", "maker", "function"}, "a remove operation"); !s.ok()) return s;
  NationalRemove op;
  if (Status s = y.text(node, "operator", op.operator_id, false); !s.ok()) return s;
  if (Status s = y.text(node, "maker", op.maker, true); !s.ok()) return s;
  if (Status s = read_function_key(y, node, op.function, false); !s.ok()) return s;
  return op;
}

Result<NationalStep> read_step(const YamlReader& y, const YAML::Node& node) {
  if (Status s = y.check_keys(node, {"add", "remove", "designate"}, "an operation"); !s.ok()) return s;
  if (node.size() != 1) return y.error(node, "each operation has exactly one key (add, remove, designate)");
  const auto item = *node.begin();
  const std::string kind = item.first.Scalar();
  NationalStep step;
  step.where = y.location(item.first.Mark().line, item.first.Mark().column);
  if (kind == "add") {
    auto op = read_add(y, item.second);
    if (!op.ok()) return op.status();
    step.operation = std::move(*op);
  } else if (kind == "remove") {
    auto op = read_remove(y, item.second);
    if (!op.ok()) return op.status();
    step.operation = std::move(*op);
  } else {
    auto op = read_designate_operation(y, item.second);
    if (!op.ok()) return op.status();
    step.operation = std::move(*op);
  }
  return step;
}

std::string describe(const NationalOperation& operation) {
  if (const auto* add = std::get_if<NationalAdd>(&operation)) {
    return fmt::format("add {} {} {} to {} ({}{})", add->count, add->maker, add->model, add->operator_id,
                       function_name(add->function), add->region.empty() ? "" : ", " + add->region);
  }
  if (const auto* remove = std::get_if<NationalRemove>(&operation)) {
    return fmt::format("remove {} from {}{}", remove->maker,
                       remove->operator_id.empty() ? "every operator" : remove->operator_id,
                       remove->function ? fmt::format(" ({})", function_name(*remove->function)) : "");
  }
  const auto& d = std::get<DesignateOperation>(operation);
  return fmt::format("designate {} on {} from {}", d.entity, d.list, d.from.to_string());
}

// The after-state: copies of the returns and the registry the scenario's designations extend.
class Applier {
 public:
  Applier(std::vector<OperatorReturn> returns, const std::vector<RegistrySource>& sources, const Registry& registry,
          const NationalScenario& scenario)
      : returns_(std::move(returns)), sources_(sources), registry_(&registry), scenario_(scenario) {}

  Status run(const NationalStep& step) {
    return std::visit([&](const auto& op) { return apply(step, op); }, step.operation);
  }

  std::vector<OperatorReturn>& returns() { return returns_; }
  const Registry& registry() const { return *registry_; }
  std::vector<std::string>& log() { return log_; }

 private:
  Result<OperatorReturn*> find(const NationalStep& step, const std::string& id) {
    for (OperatorReturn& r : returns_) {
      if (r.operator_id == id) return &r;
    }
    return Status::input(step.where, fmt::format("no return of operator '{}'", id));
  }

  // Whether maker key m counts as made by entity: made by it or by an entity it controls.
  bool made_by(const std::string& m, EntityIndex entity, Date as_of) const {
    const auto e = registry_->find_entity(m);
    if (!e) return false;
    const auto chain = registry_->control_chain(*e, as_of);
    return std::find(chain.begin(), chain.end(), entity) != chain.end();
  }

  Status apply(const NationalStep& step, const NationalAdd& op) {
    auto found = find(step, op.operator_id);
    if (!found.ok()) return found.status();
    OperatorReturn& r = **found;
    const auto entity = registry_->find_entity(op.maker);
    if (!entity) {
      return Status::input(step.where, fmt::format("add: no entity '{}' in the registry (give a registry id, e.g. "
                                                   "huawei)",
                                                   op.maker));
    }
    const std::string controller = registry_->entity(registry_->control_chain(*entity, r.as_of).back()).id;
    const auto n = static_cast<double>(op.count);
    const Measures added{n, n * op.traffic, n * op.subscribers};
    auto cell = std::find_if(r.cells.begin(), r.cells.end(), [&](const ReturnCell& c) {
      return c.function == op.function && c.region == op.region && c.maker == op.maker;
    });
    if (cell == r.cells.end()) {
      r.cells.push_back(ReturnCell{op.function, op.region, op.maker, controller, {}});
      cell = r.cells.end() - 1;
    }
    cell->measures.add(added);
    r.total.add(added);
    r.rows_read += op.count;
    r.rows_accepted += op.count;
    // Versions round-robin, as the single-inventory what-if assigns them.
    const std::vector<std::string> versions =
        op.software_versions.empty() ? std::vector<std::string>{""} : op.software_versions;
    for (std::size_t v = 0; v < versions.size() && v < op.count; ++v) {
      const std::uint64_t elements = op.count / versions.size() + (v < op.count % versions.size() ? 1 : 0);
      auto build = std::find_if(r.builds.begin(), r.builds.end(), [&](const ReturnBuild& b) {
        return b.maker == op.maker && b.model == op.model && b.software_version == versions[v] &&
               b.function == op.function;
      });
      if (build == r.builds.end()) {
        r.builds.push_back(ReturnBuild{op.maker, controller, op.model, versions[v], op.function, 0});
        build = r.builds.end() - 1;
      }
      build->elements += elements;
    }
    log_.push_back(fmt::format("{}: {} elements added", describe(step.operation), op.count));
    return Status();
  }

  Status apply(const NationalStep& step, const NationalRemove& op) {
    const auto entity = registry_->find_entity(op.maker);
    if (!entity) return Status::input(step.where, fmt::format("remove: no entity '{}' in the registry", op.maker));
    if (!op.operator_id.empty()) {
      if (auto found = find(step, op.operator_id); !found.ok()) return found.status();
    }
    double removed = 0;
    std::size_t untouched_suppressed = 0;
    for (OperatorReturn& r : returns_) {
      if (!op.operator_id.empty() && r.operator_id != op.operator_id) continue;
      const auto matches = [&](Function f, const std::string& maker) {
        return (!op.function || *op.function == f) && made_by(maker, *entity, r.as_of);
      };
      for (auto it = r.cells.begin(); it != r.cells.end();) {
        if (!matches(it->function, it->maker)) {
          ++it;
          continue;
        }
        r.total.count -= it->measures.count;
        r.total.traffic -= it->measures.traffic;
        r.total.subscribers -= it->measures.subscribers;
        r.rows_read -= static_cast<std::uint64_t>(it->measures.count);
        r.rows_accepted -= static_cast<std::uint64_t>(it->measures.count);
        removed += it->measures.count;
        it = r.cells.erase(it);
      }
      std::erase_if(r.builds, [&](const ReturnBuild& b) { return matches(b.function, b.maker); });
      for (const SuppressedCells& s : r.suppressed) {
        if (!op.function || *op.function == s.function) untouched_suppressed += s.cells;
      }
    }
    std::string line = fmt::format("{}: {} elements removed", describe(step.operation), removed);
    if (untouched_suppressed > 0) {
      line += fmt::format(" ({} suppressed cells in scope are not touched: their makers are not disclosed)",
                          untouched_suppressed);
    }
    log_.push_back(std::move(line));
    return Status();
  }

  Status apply(const NationalStep& step, const DesignateOperation& op) {
    auto overlay = designation_overlay(op, *registry_, scenario_.name, step.where);
    if (!overlay.ok()) return overlay.status();
    sources_.push_back(std::move(*overlay));
    auto loaded = Registry::load(sources_);
    if (!loaded.ok()) return Status::input(step.where, loaded.status().message());
    owned_ = std::make_unique<Registry>(std::move(*loaded));
    registry_ = owned_.get();
    log_.push_back(
        fmt::format("{}: registry extended by one designation (a scenario assumption)", describe(step.operation)));
    return Status();
  }

  std::vector<OperatorReturn> returns_;
  std::vector<RegistrySource> sources_;
  const Registry* registry_;
  std::unique_ptr<Registry> owned_;
  const NationalScenario& scenario_;
  std::vector<std::string> log_;
};

void add_rows(const NationalReport& b, const NationalReport& a, std::vector<MetricRow>& rows) {
  std::string section;
  const auto percent = [&](std::string name, double before, double after) {
    rows.push_back(MetricRow{section, std::move(name), 100 * before, 100 * after, "", "", "%"});
  };
  const auto number = [&](std::string name, double before, double after) {
    rows.push_back(MetricRow{section, std::move(name), before, after, "", "", ""});
  };
  section = "national designated share";
  percent("all (count)", b.total.designated_share.count, a.total.designated_share.count);
  percent("all (traffic)", b.total.designated_share.traffic, a.total.designated_share.traffic);
  percent("all (subscribers)", b.total.designated_share.subscribers, a.total.designated_share.subscribers);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (b.by_function[f].designated.count == 0 && a.by_function[f].designated.count == 0) continue;
    percent(fmt::format("{} (count)", kFunctionNames[f]), b.by_function[f].designated_share.count,
            a.by_function[f].designated_share.count);
  }
  section = "national unknown share";
  percent("all (count)", b.total.unknown_share.count, a.total.unknown_share.count);
  section = "concentration (HHI by count)";
  number("all", b.concentration.hhi.count, a.concentration.hhi.count);
  for (std::size_t f = 0; f < kFunctionCount; ++f) {
    if (b.by_function[f].total.count == 0 && a.by_function[f].total.count == 0) continue;
    number(std::string(kFunctionNames[f]), b.concentration_by_function[f].hhi.count,
           a.concentration_by_function[f].hhi.count);
  }
  section = "operators: designated share (count)";
  for (std::size_t o = 0; o < b.operators.size() && o < a.operators.size(); ++o) {
    percent(b.operators[o].id, b.operators[o].total.designated_share.count,
            a.operators[o].total.designated_share.count);
  }
  if (b.evaluation && a.evaluation) {
    const EvaluationReport& eb = b.evaluation->report;
    const EvaluationReport& ea = a.evaluation->report;
    section = "national evaluation load";
    rows.push_back(MetricRow{section, "verdict", 0, 0, eb.effective ? "EFFECTIVE" : "EXCEEDED",
                             ea.effective ? "EFFECTIVE" : "EXCEEDED", ""});
    number("load (analyst-days a year)", eb.total_load, ea.total_load);
    number("capacity", eb.capacity, ea.capacity);
    percent("utilisation", eb.utilisation, ea.utilisation);
    number("controllers under evaluation", static_cast<double>(eb.controllers.size()),
           static_cast<double>(ea.controllers.size()));
    number("builds shared by operators", static_cast<double>(b.evaluation->shared_builds),
           static_cast<double>(a.evaluation->shared_builds));
    section = "operators: own evaluation load (as if alone)";
    for (std::size_t o = 0; o < b.operators.size() && o < a.operators.size(); ++o) {
      number(b.operators[o].id, b.operators[o].own_load, a.operators[o].own_load);
    }
  }
}

}  // namespace

namespace {

Result<NationalScenario> read_scenario(const YamlReader& y, const YAML::Node& root) {
  if (Status s = y.check_keys(root, {"scenario", "title", "notes", "operations"}, "a national scenario"); !s.ok())
    return s;
  NationalScenario scenario;
  scenario.file = y.name();
  if (Status s = y.text(root, "scenario", scenario.name, true); !s.ok()) return s;
  if (Status s = y.text(root, "title", scenario.title, false); !s.ok()) return s;
  if (const YAML::Node notes = root["notes"]) {
    if (!notes.IsSequence()) return y.error(notes, "'notes' must be a list of strings");
    for (const YAML::Node& n : notes) {
      if (!n.IsScalar()) return y.error(n, "each note must be a string");
      scenario.notes.push_back(n.Scalar());
    }
  }
  const YAML::Node operations = root["operations"];
  if (!operations || !operations.IsSequence() || operations.size() == 0) {
    return y.error(operations ? operations : root, "'operations' must be a non-empty list");
  }
  for (const YAML::Node& node : operations) {
    auto step = read_step(y, node);
    if (!step.ok()) return step.status();
    scenario.steps.push_back(std::move(*step));
  }
  return scenario;
}

}  // namespace

Result<NationalScenario> parse_national_scenario(std::string_view text, const std::string& name) {
  const YamlReader y(name);
  auto loaded = y.load(std::string(text));
  if (!loaded.ok()) return loaded.status();
  const YAML::Node root = *loaded;
  try {
    if (!root.IsMap()) {
      return Status::input(y.location(0, 0),
                           "a national scenario must be a YAML mapping with 'scenario' and "
                           "'operations'");
    }
    return read_scenario(y, root);
  } catch (const YAML::Exception& e) {
    return Status::input(y.location(e.mark.line, e.mark.column), "invalid scenario: " + e.msg);
  }
}

Result<NationalScenario> load_national_scenario(const std::string& path, std::uint64_t max_file_bytes) {
  auto text = read_file(path, max_file_bytes, "scenario file");
  if (!text.ok()) return text.status();
  return parse_national_scenario(*text, path);
}

Result<NationalWhatif> national_whatif(const std::vector<OperatorReturn>& returns,
                                       const std::vector<RegistrySource>& sources, const NationalOptions& options,
                                       const NationalScenario& scenario) {
  auto base = Registry::load(sources);
  if (!base.ok()) return base.status();
  auto before = merge_returns(returns, *base, options);
  if (!before.ok()) return before.status();
  Applier applier(returns, sources, *base, scenario);
  for (const NationalStep& step : scenario.steps) {
    if (Status s = applier.run(step); !s.ok()) return s;
  }
  auto after = merge_returns(applier.returns(), applier.registry(), options);
  if (!after.ok()) return after.status();
  NationalWhatif out{std::move(*before), std::move(*after), {}};
  Comparison& c = out.comparison;
  c.scenario = scenario.name;
  c.title = scenario.title;
  c.before_as_of = out.before.as_of;
  c.after_as_of = out.after.as_of;
  c.notes = scenario.notes;
  for (const std::string& caveat : out.after.caveats) c.notes.push_back("CAVEAT: " + caveat);
  c.log = std::move(applier.log());
  const bool designates = std::any_of(scenario.steps.begin(), scenario.steps.end(), [](const NationalStep& step) {
    return std::holds_alternative<DesignateOperation>(step.operation);
  });
  for (const OperatorReturn& r : returns) {
    if (designates && r.builds_of == "designated") {
      c.notes.push_back(fmt::format(
          "CAVEAT: {} lists only designated makers' builds (return --builds designated): the evaluation load of an "
          "entity this scenario designates misses that operator's builds of it",
          r.file.empty() ? r.operator_id : r.file));
    }
  }
  add_rows(out.before, out.after, c.rows);
  return out;
}

}  // namespace kitwatch
