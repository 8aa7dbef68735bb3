// Reads YAML data files (registry, policy packs, later scenarios) strictly: every key checked,
// every problem an input error naming file, line and column. Shared so all data files report
// errors alike.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/date.h"
#include "base/status.h"

namespace kitwatch {

class YamlReader {
 public:
  explicit YamlReader(std::string name) : name_(std::move(name)) {}

  const std::string& name() const { return name_; }
  // A location from yaml-cpp's 0-based line and column.
  SourceLocation location(int line, int column) const;
  Status error(const YAML::Node& node, const std::string& message) const;
  // Refuses a key that appears twice in one mapping, anywhere under root, at the second one:
  // yaml-cpp keeps both and answers look-ups with the first, which would hide the other.
  Status unique_keys(const YAML::Node& root) const;
  // Parses text (YAML::Load) and checks unique_keys; a syntax error is located like the others.
  Result<YAML::Node> load(const std::string& text) const;
  // Refuses a node that is not a mapping or has a key outside allowed.
  Status check_keys(const YAML::Node& node, std::span<const std::string_view> allowed, std::string_view what) const;
  Status check_keys(const YAML::Node& node, std::initializer_list<std::string_view> allowed,
                    std::string_view what) const {
    return check_keys(node, std::span<const std::string_view>(allowed.begin(), allowed.size()), what);
  }
  // Reads a scalar; an absent key leaves out unchanged unless required.
  Status text(const YAML::Node& node, std::string_view key, std::string& out, bool required) const;
  // Reads YYYY-MM-DD (a real date); a required key must not be absent or empty.
  Status date(const YAML::Node& node, std::string_view key, std::optional<Date>& out, bool required) const;
  // Reads a number from 0 to high; an absent key leaves out unchanged unless required.
  Status number(const YAML::Node& node, std::string_view key, double high, double& out, bool required) const;
  // Reads true or false.
  Status flag(const YAML::Node& node, std::string_view key, bool& out) const;

 private:
  std::string name_;
};

}  // namespace kitwatch
