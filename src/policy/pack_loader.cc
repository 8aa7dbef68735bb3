// Reading a policy pack from YAML: every key is checked, every error names file, line and column.
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <set>

#include "base/embedded_files.h"
#include "base/yaml_reader.h"
#include "policy/policy.h"
#include "policy/selector.h"

namespace kitwatch {
namespace {

constexpr std::string_view kPackSuffix = ".policy.yaml";

struct KindInfo {
  std::string_view name;
  RuleKind kind;
  std::string_view date_key;  // "from" or "by"
  bool date_required, needs_suppliers;
  std::vector<std::string_view> own_keys;  // keys only this kind takes
};

const std::vector<KindInfo>& kinds() {
  static const std::vector<KindInfo> k = {
      {"prohibit", RuleKind::kProhibit, "from", false, true, {}},
      {"cap", RuleKind::kCap, "from", false, true, {"limit", "measure", "per"}},
      {"remove_by", RuleKind::kRemoveBy, "by", false, true, {"measure"}},  // no `by`: tracked only
      {"no_new", RuleKind::kNoNew, "from", true, true, {}},
      {"max_suppliers", RuleKind::kMaxSuppliers, "from", false, true, {"max", "per"}},
      {"require_evidence", RuleKind::kRequireEvidence, "from", false, false, {"min_confidence"}},
  };
  return k;
}

class PackReader {
 public:
  explicit PackReader(const PackSource& source) : source_(source), yaml_(source.name) {}

  Status error(const YAML::Node& node, const std::string& message) const { return yaml_.error(node, message); }
  SourceLocation location(int line, int column) const { return yaml_.location(line, column); }
  Result<YAML::Node> load(const std::string& text) const { return yaml_.load(text); }
  Status check_keys(const YAML::Node& node, const std::vector<std::string_view>& allowed, std::string_view what) const {
    return yaml_.check_keys(node, allowed, what);
  }
  Status check_keys(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                    std::string_view what) const {
    return yaml_.check_keys(node, allowed, what);
  }
  Status text(const YAML::Node& node, std::string_view key, std::string& out, bool required) const {
    return yaml_.text(node, key, out, required);
  }
  Status date(const YAML::Node& node, std::string_view key, std::optional<Date>& out) const {
    return yaml_.date(node, key, out, false);
  }

  Status number(const YAML::Node& node, std::string_view key, double low, double high, double& out) const {
    std::string raw;
    if (Status s = text(node, key, raw, true); !s.ok()) return s;
    const bool percent = !raw.empty() && raw.back() == '%';
    const std::string digits = percent ? raw.substr(0, raw.size() - 1) : raw;
    char* end = nullptr;
    out = std::strtod(digits.c_str(), &end);
    if (percent) out /= 100;
    if (digits.empty() || end != digits.c_str() + digits.size() || !(out >= low && out <= high)) {
      return error(node[std::string(key)], fmt::format("'{}' must be a number from {} to {}{}", key, low, high,
                                                       high == 1 ? " (or a percentage such as 35%)" : ""));
    }
    return Status();
  }

  // Parses a selector held in node[key]; absent leaves out unchanged.
  Status selector(const YAML::Node& node, std::string_view key, std::shared_ptr<const Selector>& out) const {
    const YAML::Node value = node[std::string(key)];
    if (!value) return Status();
    if (!value.IsScalar()) return error(value, fmt::format("'{}' must be a selector expression (a string)", key));
    auto parsed = Selector::parse(value.Scalar(), locator(value));
    if (!parsed.ok()) return parsed.status();
    out = std::make_shared<const Selector>(std::move(*parsed));
    return Status();
  }

 private:
  // Maps an offset in a scalar's value to the file position, for plain, quoted and block scalars.
  OffsetLocator locator(const YAML::Node& node) const {
    const YAML::Mark m = node.Mark();
    const std::string& text = source_.text;
    const char first = m.pos >= 0 && static_cast<std::size_t>(m.pos) < text.size() ? text[m.pos] : ' ';
    const std::string value = node.Scalar();
    return [this, m, first, value](std::size_t offset) {
      if (first != '|' && first != '>') {
        return location(m.line, m.column + static_cast<int>(offset) + (first == '"' || first == '\'' ? 1 : 0));
      }
      const auto before = value.substr(0, std::min(offset, value.size()));
      const int k = static_cast<int>(std::count(before.begin(), before.end(), '\n'));
      const std::size_t line_start = before.rfind('\n') == std::string::npos ? 0 : before.rfind('\n') + 1;
      return location(m.line + 1 + k, indent_of_line(m.line + 1 + k) + static_cast<int>(offset - line_start));
    };
  }

  int indent_of_line(int line) const {
    std::size_t pos = 0;
    for (int l = 0; l < line && pos != std::string::npos; ++l) {
      pos = source_.text.find('\n', pos);
      if (pos != std::string::npos) ++pos;
    }
    int indent = 0;
    while (pos != std::string::npos && pos < source_.text.size() && source_.text[pos + indent] == ' ') ++indent;
    return indent;
  }

  const PackSource& source_;
  YamlReader yaml_;
};

Status read_rule_kind(const PackReader& r, const YAML::Node& node, Rule& rule, const KindInfo*& info) {
  std::string name;
  if (Status s = r.text(node, "kind", name, true); !s.ok()) return s;
  for (const KindInfo& k : kinds()) {
    if (k.name == name) info = &k;
  }
  if (info) {
    rule.kind = info->kind;
    return Status();
  }
  return r.error(node["kind"], fmt::format("unknown rule kind '{}' (kinds: prohibit, cap, remove_by, no_new, "
                                           "max_suppliers, require_evidence)",
                                           name));
}

Status read_kind_fields(const PackReader& r, const YAML::Node& node, const KindInfo& info, Rule& rule) {
  std::string text;
  if (rule.kind == RuleKind::kCap) {
    if (Status s = r.number(node, "limit", 0, 1, rule.limit); !s.ok()) return s;
  }
  if (rule.kind == RuleKind::kMaxSuppliers) {
    double max = 0;
    if (Status s = r.number(node, "max", 0, 1e6, max); !s.ok()) return s;
    if (max != static_cast<double>(static_cast<std::uint32_t>(max)))
      return r.error(node["max"], "'max' must be a whole number");
    rule.max = static_cast<std::uint32_t>(max);
  }
  if (rule.kind == RuleKind::kRequireEvidence) {
    if (Status s = r.number(node, "min_confidence", 0, 1, rule.min_confidence); !s.ok()) return s;
  }
  if (Status s = r.text(node, "measure", text, false); !s.ok()) return s;
  if (!text.empty()) {
    const std::vector<std::string_view> names = {"count", "traffic", "subscribers"};
    const auto found = std::find(names.begin(), names.end(), text);
    if (found == names.end())
      return r.error(node["measure"], fmt::format("unknown measure '{}' (count, traffic, subscribers)", text));
    rule.measure = static_cast<Measure>(found - names.begin());
  }
  text.clear();
  if (Status s = r.text(node, "per", text, false); !s.ok()) return s;
  if (!text.empty()) {
    if (text != "region" && text != "site")
      return r.error(node["per"], fmt::format("'per' must be region or site, not '{}'", text));
    rule.per = text == "region" ? GroupBy::kRegion : GroupBy::kSite;
  }
  const std::string_view other_date = info.date_key == "from" ? "by" : "from";
  if (node[std::string(other_date)]) {
    return r.error(node[std::string(other_date)],
                   fmt::format("a {} rule takes '{}', not '{}'", info.name, info.date_key, other_date));
  }
  if (Status s = r.date(node, info.date_key, rule.date); !s.ok()) return s;
  if (info.date_required && !rule.date)
    return r.error(node, fmt::format("a {} rule needs '{}: YYYY-MM-DD'", info.name, info.date_key));
  return Status();
}

Result<Rule> read_rule(const PackReader& r, const YAML::Node& node, const std::shared_ptr<const Selector>& suppliers) {
  if (!node.IsMap()) return r.error(node, "expected a mapping for a rule");
  Rule rule;
  rule.line = static_cast<std::uint64_t>(node.Mark().line + 1);
  const KindInfo* info = nullptr;
  if (Status s = read_rule_kind(r, node, rule, info); !s.ok()) return s;
  std::vector<std::string_view> allowed = {"id",       "kind",       "title", "source",
                                           "severity", "assumption", "scope", info->date_key};
  allowed.insert(allowed.end(), info->own_keys.begin(), info->own_keys.end());
  if (info->needs_suppliers) allowed.push_back("suppliers");
  if (Status s = r.check_keys(node, allowed, fmt::format("a {} rule", info->name)); !s.ok()) return s;
  if (Status s = r.text(node, "id", rule.id, true); !s.ok()) return s;
  if (Status s = r.text(node, "source", rule.source, true); !s.ok()) return s;
  if (Status s = r.text(node, "title", rule.title, false); !s.ok()) return s;
  if (Status s = r.text(node, "assumption", rule.assumption, false); !s.ok()) return s;
  if (Status s = r.text(node, "severity", rule.severity, false); !s.ok()) return s;
  if (rule.severity != "error" && rule.severity != "warning") {
    return r.error(node["severity"], fmt::format("severity must be error or warning, not '{}'", rule.severity));
  }
  if (Status s = read_kind_fields(r, node, *info, rule); !s.ok()) return s;
  if (Status s = r.selector(node, "scope", rule.scope); !s.ok()) return s;
  rule.suppliers = suppliers;
  if (Status s = r.selector(node, "suppliers", rule.suppliers); !s.ok()) return s;
  if (info->needs_suppliers && !rule.suppliers) {
    return r.error(
        node, fmt::format("rule '{}' selects no suppliers: give 'suppliers' here or at the top of the pack", rule.id));
  }
  if (!info->needs_suppliers) rule.suppliers = nullptr;
  return rule;
}

// The `evaluation:` section (docs/evaluation.md). Functions in scope default to those given a cost.
Result<EvaluationSection> read_evaluation(const PackReader& r, const YAML::Node& node) {
  if (Status s = r.check_keys(
          node, {"capacity", "fixed_per_controller", "build_cost", "functions", "lists", "source", "assumption"},
          "an evaluation section");
      !s.ok())
    return s;
  EvaluationSection e;
  e.line = static_cast<std::uint64_t>(node.Mark().line) + 1;
  if (Status s = r.number(node, "capacity", 0, 1e12, e.capacity); !s.ok()) return s;
  if (Status s = r.number(node, "fixed_per_controller", 0, 1e12, e.fixed_per_controller); !s.ok()) return s;
  if (Status s = r.text(node, "source", e.source, false); !s.ok()) return s;
  if (Status s = r.text(node, "assumption", e.assumption, false); !s.ok()) return s;
  const YAML::Node costs = node["build_cost"];
  if (!costs || !costs.IsMap() || costs.size() == 0)
    return r.error(costs ? costs : node, "'build_cost' must map network functions to analyst-days per build");
  for (const auto& item : costs) {
    const auto function = parse_function(item.first.Scalar());
    if (!function) return r.error(item.first, fmt::format("unknown network function '{}'", item.first.Scalar()));
    const auto f = static_cast<std::size_t>(*function);
    if (Status s = r.number(costs, item.first.Scalar(), 0, 1e12, e.build_cost[f]); !s.ok()) return s;
    e.in_scope[f] = true;
  }
  if (const YAML::Node functions = node["functions"]) {
    if (!functions.IsSequence()) return r.error(functions, "'functions' must be a list of network functions");
    std::array<bool, kFunctionCount> chosen{};
    for (const YAML::Node& item : functions) {
      const auto function = item.IsScalar() ? parse_function(item.Scalar()) : std::nullopt;
      if (!function) return r.error(item, "unknown network function in 'functions'");
      chosen[static_cast<std::size_t>(*function)] = true;
    }
    e.in_scope = chosen;
  }
  if (const YAML::Node lists = node["lists"]) {
    if (!lists.IsSequence()) return r.error(lists, "'lists' must be a list of designation list ids");
    for (const YAML::Node& item : lists) {
      if (!item.IsScalar() || item.Scalar().empty()) return r.error(item, "each list must be a designation list id");
      e.lists.push_back(item.Scalar());
    }
  }
  return e;
}

Result<Pack> read_pack(const PackReader& r, const YAML::Node& root, const std::string& file) {
  if (Status s =
          r.check_keys(root, {"pack", "title", "jurisdiction", "source", "notes", "suppliers", "rules", "evaluation"},
                       "a policy pack");
      !s.ok())
    return s;
  Pack pack;
  pack.file = file;
  if (Status s = r.text(root, "pack", pack.name, true); !s.ok()) return s;
  if (Status s = r.text(root, "title", pack.title, false); !s.ok()) return s;
  if (Status s = r.text(root, "jurisdiction", pack.jurisdiction, false); !s.ok()) return s;
  if (Status s = r.text(root, "source", pack.source, false); !s.ok()) return s;
  for (const YAML::Node& note : root["notes"]) {
    if (!note.IsScalar()) return r.error(note, "each note must be a single line of text");
    pack.notes.push_back(note.Scalar());
  }
  if (const YAML::Node evaluation = root["evaluation"]) {
    auto section = read_evaluation(r, evaluation);
    if (!section.ok()) return section.status();
    pack.evaluation = std::move(*section);
  }
  std::shared_ptr<const Selector> suppliers;
  if (Status s = r.selector(root, "suppliers", suppliers); !s.ok()) return s;
  const YAML::Node rules = root["rules"];
  if (!rules || !rules.IsSequence() || rules.size() == 0)
    return r.error(rules ? rules : root, "a pack needs a non-empty 'rules' list");
  std::set<std::string> ids;
  for (const YAML::Node& node : rules) {
    auto rule = read_rule(r, node, suppliers);
    if (!rule.ok()) return rule.status();
    if (!ids.insert(rule->id).second) return r.error(node["id"], fmt::format("duplicate rule id '{}'", rule->id));
    pack.rules.push_back(std::move(*rule));
  }
  return pack;
}

}  // namespace

Result<Pack> parse_pack(const PackSource& source) {
  const PackReader reader(source);
  auto loaded = reader.load(source.text);
  if (!loaded.ok()) return loaded.status();
  const YAML::Node root = *loaded;
  try {
    if (!root.IsMap())
      return Status::input(reader.location(0, 0), "a policy pack must be a YAML mapping with 'pack' and 'rules'");
    return read_pack(reader, root, source.name);
  } catch (const YAML::Exception& e) {
    return Status::input(reader.location(e.mark.line, e.mark.column), "invalid pack: " + e.msg);
  }
}

std::vector<PackSource> builtin_pack_sources() {
  std::vector<PackSource> out;
  for (const EmbeddedFile& file : embedded_files()) {
    if (file.name.ends_with(kPackSuffix))
      out.push_back(PackSource{"builtin:" + std::string(file.name), std::string(file.bytes)});
  }
  return out;
}

}  // namespace kitwatch
