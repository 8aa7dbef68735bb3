// Reading a what-if scenario from YAML: every key is checked, every error names file, line, column.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>

#include "base/read_file.h"
#include "base/yaml_reader.h"
#include "policy/policy.h"
#include "whatif/whatif.h"

namespace kitwatch {
namespace {

constexpr std::size_t kMaxAdd = 100'000'000;  // one add operation: more is surely a typo

class ScenarioReader {
 public:
  explicit ScenarioReader(const std::string& name) : yaml_(name) {}

  const YamlReader& yaml() const { return yaml_; }
  Status error(const YAML::Node& node, const std::string& message) const { return yaml_.error(node, message); }

  Status number(const YAML::Node& node, std::string_view key, double high, double& out, bool required) const {
    return yaml_.number(node, key, high, out, required);
  }

  Status strings(const YAML::Node& node, std::string_view key, std::vector<std::string>& out) const {
    const YAML::Node value = node[std::string(key)];
    if (!value) return Status();
    if (value.IsScalar()) {
      out.push_back(value.Scalar());
      return Status();
    }
    if (!value.IsSequence()) return error(value, fmt::format("'{}' must be a list of strings", key));
    for (const YAML::Node& item : value) {
      if (!item.IsScalar()) return error(item, fmt::format("each item of '{}' must be a string", key));
      out.push_back(item.Scalar());
    }
    return Status();
  }

  Status function(const YAML::Node& node, std::optional<Function>& out, bool required) const {
    return read_function_key(yaml_, node, out, required);
  }

  Status scope(const YAML::Node& node, ElementScope& out) const {
    if (Status s = yaml_.text(node, "manufacturer", out.manufacturer, false); !s.ok()) return s;
    if (Status s = function(node, out.function, false); !s.ok()) return s;
    if (Status s = yaml_.text(node, "region", out.region, false); !s.ok()) return s;
    if (Status s = yaml_.text(node, "where", out.where, false); !s.ok()) return s;
    if (out.manufacturer.empty() && !out.function && out.region.empty() && out.where.empty()) {
      return error(node, "a scope needs at least one of 'manufacturer', 'function', 'region', 'where'");
    }
    if (!out.where.empty()) {
      const YAML::Mark m = node["where"].Mark();
      if (Status s = check_selector(
              out.where,
              [this, m](std::size_t offset) { return yaml_.location(m.line, m.column + static_cast<int>(offset)); });
          !s.ok()) {
        return s;
      }
    }
    return Status();
  }

 private:
  YamlReader yaml_;
};

Result<Operation> read_add(const ScenarioReader& r, const YAML::Node& node) {
  const YamlReader& y = r.yaml();
  if (Status s = y.check_keys(node,
                              {"count", "vendor", "model", "function", "region", "site", "id_prefix", "tags", "uplink",
                               "software_versions", "traffic", "subscribers", "installed"},
                              "an add operation");
      !s.ok())
    return s;
  AddOperation op;
  double count = 0;
  if (Status s = r.number(node, "count", kMaxAdd, count, true); !s.ok()) return s;
  if (count < 1 || count != static_cast<double>(static_cast<std::size_t>(count)))
    return r.error(node["count"], "'count' must be a whole number of at least 1");
  op.count = static_cast<std::size_t>(count);
  if (Status s = y.text(node, "vendor", op.vendor, true); !s.ok()) return s;
  if (Status s = y.text(node, "model", op.model, false); !s.ok()) return s;
  std::optional<Function> function;
  if (Status s = r.function(node, function, true); !s.ok()) return s;
  op.function = *function;
  for (auto [key, out] : {std::pair<const char*, std::string*>{"region", &op.region},
                          {"site", &op.site},
                          {"id_prefix", &op.id_prefix},
                          {"uplink", &op.uplink}}) {
    if (Status s = y.text(node, key, *out, false); !s.ok()) return s;
  }
  std::vector<std::string> tags;
  if (Status s = r.strings(node, "tags", tags); !s.ok()) return s;
  for (const std::string& t : tags) op.tags += (op.tags.empty() ? "" : ";") + t;
  if (Status s = r.strings(node, "software_versions", op.software_versions); !s.ok()) return s;
  if (Status s = r.number(node, "traffic", 1e15, op.traffic, false); !s.ok()) return s;
  if (Status s = r.number(node, "subscribers", 1e15, op.subscribers, false); !s.ok()) return s;
  if (Status s = y.date(node, "installed", op.installed, false); !s.ok()) return s;
  return Operation(std::move(op));
}

Result<Operation> read_remove(const ScenarioReader& r, const YAML::Node& node) {
  if (Status s = r.yaml().check_keys(node, {"manufacturer", "function", "region", "where"}, "a remove operation");
      !s.ok())
    return s;
  RemoveOperation op;
  if (Status s = r.scope(node, op.scope); !s.ok()) return s;
  return Operation(std::move(op));
}

Result<Operation> read_replace(const ScenarioReader& r, const YAML::Node& node) {
  const YamlReader& y = r.yaml();
  if (Status s = y.check_keys(node, {"manufacturer", "function", "region", "where", "with"}, "a replace operation");
      !s.ok())
    return s;
  ReplaceOperation op;
  if (Status s = r.scope(node, op.scope); !s.ok()) return s;
  const YAML::Node with = node["with"];
  if (!with) return r.error(node, "missing required key 'with' (vendor, model, software_versions)");
  if (Status s = y.check_keys(with, {"vendor", "model", "software_versions"}, "'with'"); !s.ok()) return s;
  if (Status s = y.text(with, "vendor", op.vendor, true); !s.ok()) return s;
  if (Status s = y.text(with, "model", op.model, false); !s.ok()) return s;
  if (Status s = r.strings(with, "software_versions", op.software_versions); !s.ok()) return s;
  return Operation(std::move(op));
}

Result<Operation> read_designate(const ScenarioReader& r, const YAML::Node& node) {
  auto op = read_designate_operation(r.yaml(), node);
  if (!op.ok()) return op.status();
  return Operation(std::move(*op));
}

Result<Operation> read_cascade(const ScenarioReader& r, const YAML::Node& node) {
  const YamlReader& y = r.yaml();
  if (Status s = y.check_keys(node, {"boms", "suppliers", "target", "list", "from", "until"}, "a cascade operation");
      !s.ok())
    return s;
  CascadeOperation op;
  if (Status s = r.strings(node, "boms", op.boms); !s.ok()) return s;
  if (op.boms.empty()) return r.error(node, "a cascade needs 'boms' (BOM files, relative to the scenario)");
  if (Status s = r.strings(node, "suppliers", op.scenario.suppliers); !s.ok()) return s;
  if (Status s = y.text(node, "target", op.scenario.target, true); !s.ok()) return s;
  if (Status s = y.text(node, "list", op.scenario.list, false); !s.ok()) return s;
  if (op.scenario.list.empty() == op.scenario.suppliers.empty())
    return r.error(node, "a cascade needs either 'suppliers' (who stops selling) or 'list' (a designation)");
  op.scenario.kind =
      op.scenario.list.empty() ? CascadeScenario::Kind::kStopSupplier : CascadeScenario::Kind::kDesignate;
  std::optional<Date> from;
  if (Status s = y.date(node, "from", from, true); !s.ok()) return s;
  op.scenario.from = *from;
  if (Status s = y.date(node, "until", op.scenario.until, false); !s.ok()) return s;
  if (op.scenario.until && *op.scenario.until < op.scenario.from)
    return r.error(node["until"], "'until' must not be before 'from'");
  return Operation(std::move(op));
}

Result<Operation> read_apply_plan(const ScenarioReader& r, const YAML::Node& node) {
  const YamlReader& y = r.yaml();
  if (Status s = y.check_keys(node, {"plan", "at"}, "an apply_plan operation"); !s.ok()) return s;
  ApplyPlanOperation op;
  if (Status s = y.text(node, "plan", op.plan, true); !s.ok()) return s;
  if (op.plan.empty()) return r.error(node, "apply_plan needs 'plan' (a kitwatch plan JSON file)");
  std::optional<Date> at;
  if (Status s = y.date(node, "at", at, true); !s.ok()) return s;
  op.at = *at;
  return Operation(std::move(op));
}

Result<ScenarioStep> read_step(const ScenarioReader& r, const YAML::Node& node) {
  static constexpr std::string_view kKinds[] = {"add",   "remove",  "replace",   "designate",
                                                "as_of", "cascade", "apply_plan"};
  if (Status s = r.yaml().check_keys(node, kKinds, "an operation"); !s.ok()) return s;
  if (node.size() != 1)
    return r.error(node,
                   "each operation has exactly one key (add, remove, replace, designate, "
                   "as_of, cascade, apply_plan)");
  const auto item = *node.begin();
  const std::string kind = item.first.Scalar();
  const YAML::Node body = item.second;
  ScenarioStep step;
  step.where = r.yaml().location(item.first.Mark().line, item.first.Mark().column);
  if (kind == "as_of") {
    const auto date = body.IsScalar() ? Date::parse(body.Scalar()) : std::nullopt;
    if (!date) return r.error(body, "'as_of' must be a real date as YYYY-MM-DD");
    step.operation = AsOfOperation{*date};
    return step;
  }
  if (!body.IsMap()) return r.error(body, fmt::format("'{}' must be a mapping", kind));
  Result<Operation> op = kind == "add"          ? read_add(r, body)
                         : kind == "remove"     ? read_remove(r, body)
                         : kind == "replace"    ? read_replace(r, body)
                         : kind == "designate"  ? read_designate(r, body)
                         : kind == "apply_plan" ? read_apply_plan(r, body)
                                                : read_cascade(r, body);
  if (!op.ok()) return op.status();
  step.operation = std::move(*op);
  return step;
}

Result<Scenario> read_scenario(const ScenarioReader& r, const YAML::Node& root, const std::string& name) {
  const YamlReader& y = r.yaml();
  if (Status s = y.check_keys(root, {"scenario", "title", "notes", "operations"}, "a scenario"); !s.ok()) return s;
  Scenario scenario;
  scenario.file = name;
  if (Status s = y.text(root, "scenario", scenario.name, true); !s.ok()) return s;
  if (Status s = y.text(root, "title", scenario.title, false); !s.ok()) return s;
  if (Status s = r.strings(root, "notes", scenario.notes); !s.ok()) return s;
  const YAML::Node ops = root["operations"];
  if (!ops || !ops.IsSequence() || ops.size() == 0)
    return r.error(ops ? ops : root, "a scenario needs a non-empty 'operations' list");
  for (const YAML::Node& node : ops) {
    auto step = read_step(r, node);
    if (!step.ok()) return step.status();
    scenario.steps.push_back(std::move(*step));
  }
  return scenario;
}

}  // namespace

Status read_function_key(const YamlReader& y, const YAML::Node& node, std::optional<Function>& out, bool required) {
  std::string text;
  if (Status s = y.text(node, "function", text, required); !s.ok()) return s;
  if (text.empty() && !required) return Status();
  out = parse_function(text);
  if (!out) {
    return y.error(node["function"], fmt::format("unknown network function '{}' (core, transport, aggregation, "
                                                 "access, ran, cpe, management, other)",
                                                 text));
  }
  return Status();
}

Result<DesignateOperation> read_designate_operation(const YamlReader& y, const YAML::Node& node) {
  if (Status s = y.check_keys(node, {"entity", "list", "from", "until", "source"}, "a designate operation"); !s.ok())
    return s;
  DesignateOperation op;
  std::optional<Date> from;
  if (Status s = y.text(node, "entity", op.entity, true); !s.ok()) return s;
  if (Status s = y.text(node, "list", op.list, true); !s.ok()) return s;
  if (Status s = y.text(node, "source", op.source, false); !s.ok()) return s;
  if (Status s = y.date(node, "from", from, true); !s.ok()) return s;
  if (Status s = y.date(node, "until", op.until, false); !s.ok()) return s;
  op.from = *from;
  if (op.until && *op.until <= op.from) return y.error(node["until"], "'until' must be after 'from'");
  return op;
}

Result<Scenario> parse_scenario(std::string_view text, const std::string& name) {
  const ScenarioReader reader(name);
  auto loaded = reader.yaml().load(std::string(text));
  if (!loaded.ok()) return loaded.status();
  const YAML::Node root = *loaded;
  try {
    if (!root.IsMap())
      return Status::input(reader.yaml().location(0, 0),
                           "a scenario must be a YAML mapping with 'scenario' and 'operations'");
    return read_scenario(reader, root, name);
  } catch (const YAML::Exception& e) {
    return Status::input(reader.yaml().location(e.mark.line, e.mark.column), "invalid scenario: " + e.msg);
  }
}

Result<Scenario> load_scenario(const std::string& path, std::uint64_t max_file_bytes) {
  auto text = read_file(path, max_file_bytes, "scenario file");
  if (!text.ok()) return text.status();
  return parse_scenario(*text, path);
}

std::string ElementScope::selector_text() const {
  std::vector<std::string> parts;
  // Quoted with double quotes; a value holding one is written single-quoted.
  const auto quote = [](const std::string& v) {
    return v.find('"') == std::string::npos ? "\"" + v + "\"" : "'" + v + "'";
  };
  if (!manufacturer.empty()) parts.push_back("entity.ids has " + quote(manufacturer));
  if (function) parts.push_back("function == " + std::string(function_name(*function)));
  if (!region.empty()) parts.push_back("region == " + quote(region));
  if (!where.empty()) parts.push_back("(" + where + ")");
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : " and ") + p;
  return out;
}

std::string ScenarioStep::describe() const {
  struct Describe {
    std::string operator()(const AddOperation& a) const {
      return fmt::format("add {} × {} {} ({}{}{})", a.count, a.vendor, a.model, function_name(a.function),
                         a.region.empty() ? "" : ", region ", a.region);
    }
    std::string operator()(const RemoveOperation& r) const { return "remove " + r.scope.selector_text(); }
    std::string operator()(const ReplaceOperation& r) const {
      return fmt::format("replace {} with {} {}", r.scope.selector_text(), r.vendor, r.model);
    }
    std::string operator()(const DesignateOperation& d) const {
      return fmt::format("designate {} on {} from {}", d.entity, d.list, d.from.to_string());
    }
    std::string operator()(const AsOfOperation& a) const { return "as of " + a.date.to_string(); }
    std::string operator()(const ApplyPlanOperation& a) const {
      return fmt::format("apply the plan {} as of {}", a.plan, a.at.to_string());
    }
    std::string operator()(const CascadeOperation& c) const { return "cascade: " + c.scenario.describe(); }
  };
  return std::visit(Describe{}, operation);
}

}  // namespace kitwatch
