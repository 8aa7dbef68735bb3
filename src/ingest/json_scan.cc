#include "ingest/json_scan.h"

#include <fmt/format.h>

#include <unordered_set>
#include <vector>

namespace kitwatch {

std::size_t skip_json_space(std::string_view bytes, std::size_t pos) {
  while (pos < bytes.size() && (bytes[pos] == ' ' || bytes[pos] == '\t' || bytes[pos] == '\n' || bytes[pos] == '\r')) {
    ++pos;
  }
  return pos;
}

JsonScan scan_json_value(std::string_view bytes, std::size_t begin, std::size_t max_depth) {
  JsonScan scan;
  const char first = begin < bytes.size() ? bytes[begin] : '\0';
  if (first != '{' && first != '[') {
    // A scalar ends at the next structural character or whitespace outside a string.
    std::size_t i = begin;
    if (first == '"') {
      for (++i; i < bytes.size() && bytes[i] != '"'; ++i) {
        if (bytes[i] == '\\') ++i;
      }
      if (i >= bytes.size()) return JsonScan{0, "unterminated string", begin};
      return JsonScan{i + 1, "", 0};
    }
    while (i < bytes.size() && bytes[i] != ',' && bytes[i] != ']' && bytes[i] != '}' && bytes[i] != ' ' &&
           bytes[i] != '\n' && bytes[i] != '\r' && bytes[i] != '\t') {
      ++i;
    }
    if (i == begin) return JsonScan{0, "expected a JSON value", begin};
    return JsonScan{i, "", 0};
  }
  std::size_t depth = 0;
  for (std::size_t i = begin; i < bytes.size(); ++i) {
    const char c = bytes[i];
    if (c == '"') {
      const std::size_t open = i;
      for (++i; i < bytes.size() && bytes[i] != '"'; ++i) {
        if (bytes[i] == '\\') ++i;
      }
      if (i >= bytes.size()) return JsonScan{0, "unterminated string", open};
    } else if (c == '{' || c == '[') {
      if (++depth > max_depth) {
        return JsonScan{0, fmt::format("nesting deeper than {} levels (raise the limit with --max-depth)", max_depth),
                        i};
      }
    } else if (c == '}' || c == ']') {
      if (--depth == 0) return JsonScan{i + 1, "", 0};
    }
  }
  return JsonScan{0, "the value is not closed before the end of the file", begin};
}

nlohmann::json parse_json_value(std::string_view text, bool allow_exceptions, std::string& duplicate) {
  using nlohmann::json;
  duplicate.clear();
  std::vector<std::unordered_set<std::string>> keys;  // one set per object being read
  const json::parser_callback_t notice = [&](int, json::parse_event_t event, json& parsed) {
    if (event == json::parse_event_t::object_start) {
      keys.emplace_back();
    } else if (event == json::parse_event_t::object_end && !keys.empty()) {
      keys.pop_back();
    } else if (event == json::parse_event_t::key && !keys.empty() && duplicate.empty()) {
      const std::string& key = parsed.get_ref<const std::string&>();
      if (!keys.back().insert(key).second) duplicate = key;
    }
    return true;
  };
  return json::parse(text.begin(), text.end(), notice, allow_exceptions);
}

}  // namespace kitwatch
