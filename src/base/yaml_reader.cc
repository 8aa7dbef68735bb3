#include "base/yaml_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <unordered_map>
#include <vector>

namespace kitwatch {

SourceLocation YamlReader::location(int line, int column) const {
  return SourceLocation{name_, static_cast<std::uint64_t>(line + 1), static_cast<std::uint64_t>(column + 1), ""};
}

Status YamlReader::error(const YAML::Node& node, const std::string& message) const {
  const YAML::Mark mark = node.Mark();
  return Status::input(location(mark.line, mark.column), message);
}

Status YamlReader::unique_keys(const YAML::Node& root) const {
  std::vector<YAML::Node> stack{root};
  while (!stack.empty()) {
    const YAML::Node node = stack.back();
    stack.pop_back();
    if (node.IsSequence()) {
      for (const YAML::Node& item : node) stack.push_back(item);
    } else if (node.IsMap()) {
      std::unordered_map<std::string, YAML::Mark> seen;
      for (const auto& item : node) {
        if (item.first.IsScalar()) {
          const auto [first, inserted] = seen.emplace(item.first.Scalar(), item.first.Mark());
          if (!inserted) {
            return error(item.first,
                         fmt::format("duplicate key '{}' (first at line {}, column {})", item.first.Scalar(),
                                     first->second.line + 1, first->second.column + 1));
          }
        }
        stack.push_back(item.second);
      }
    }
  }
  return Status();
}

Result<YAML::Node> YamlReader::load(const std::string& text) const {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::input(location(e.mark.line, e.mark.column), "invalid YAML: " + e.msg);
  }
  if (Status s = unique_keys(root); !s.ok()) return s;
  return root;
}

Status YamlReader::check_keys(const YAML::Node& node, std::span<const std::string_view> allowed,
                              std::string_view what) const {
  if (!node.IsMap()) return error(node, fmt::format("expected a mapping for {}", what));
  for (const auto& item : node) {
    const std::string key = item.first.as<std::string>();
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    std::string list;
    for (auto a : allowed) list += fmt::format("{}{}", list.empty() ? "" : ", ", a);
    return error(item.first, fmt::format("unknown key '{}' in {} (allowed: {})", key, what, list));
  }
  return Status();
}

Status YamlReader::text(const YAML::Node& node, std::string_view key, std::string& out, bool required) const {
  const YAML::Node value = node[std::string(key)];
  if (!value) return required ? error(node, fmt::format("missing required key '{}'", key)) : Status();
  if (!value.IsScalar()) return error(value, fmt::format("'{}' must be a single value", key));
  out = value.Scalar();
  return Status();
}

Status YamlReader::date(const YAML::Node& node, std::string_view key, std::optional<Date>& out, bool required) const {
  std::string raw;
  if (Status s = text(node, key, raw, required); !s.ok()) return s;
  if (raw.empty()) {
    if (!required) return Status();
    const YAML::Node value = node[std::string(key)];
    return error(value ? value : node, fmt::format("'{}' needs a date (YYYY-MM-DD)", key));
  }
  out = Date::parse(raw);
  if (!out) return error(node[std::string(key)], fmt::format("'{}' is not a real date in YYYY-MM-DD form", raw));
  return Status();
}

Status YamlReader::flag(const YAML::Node& node, std::string_view key, bool& out) const {
  std::string raw;
  if (Status s = text(node, key, raw, false); !s.ok()) return s;
  if (raw.empty()) return Status();
  if (raw != "true" && raw != "false")
    return error(node[std::string(key)], fmt::format("'{}' must be true or false", key));
  out = raw == "true";
  return Status();
}

Status YamlReader::number(const YAML::Node& node, std::string_view key, double high, double& out, bool required) const {
  const YAML::Node value = node[std::string(key)];
  if (!value) return required ? error(node, fmt::format("missing required key '{}'", key)) : Status();
  const std::string raw = value.IsScalar() ? value.Scalar() : std::string();
  char* end = nullptr;
  out = std::strtod(raw.c_str(), &end);
  if (raw.empty() || end != raw.c_str() + raw.size() || !(out >= 0 && out <= high)) {
    return error(value, fmt::format("'{}' must be a number from 0 to {:g}", key, high));
  }
  return Status();
}

}  // namespace kitwatch
