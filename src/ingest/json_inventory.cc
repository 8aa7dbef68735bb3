// JSON inventories: an array of element objects, or NDJSON with one object per line. Each element
// is parsed on its own, so memory stays bounded and every error names the element's line.
#include <fmt/format.h>
#include <deque>
#include <nlohmann/json.hpp>

#include "base/line_index.h"
#include "ingest/element_row_builder.h"
#include "ingest/field_map.h"
#include "ingest/formats.h"
#include "ingest/json_scan.h"

namespace kitwatch {
namespace {

using nlohmann::json;

class JsonElementReader {
 public:
  JsonElementReader(std::string_view bytes, const std::string& name, const IngestOptions& options, ElementStore& store,
                    IngestReport& report, const FieldMap& map)
      : bytes_(bytes), map_(map), builder_(store, options, report, name), lines_(bytes) {}

  // Reads the element whose text is bytes_[begin, end).
  Status read(std::size_t begin, std::size_t end, const std::string& scan_error = {}) {
    const auto [line, column] = lines_.at(begin);  // elements arrive in file order
    builder_.begin(line);
    owned_.clear();
    if (!scan_error.empty()) {
      builder_.fail(line, column, "", "malformed JSON", "this element is not valid JSON: " + scan_error);
      return builder_.commit();
    }
    std::string duplicate;
    json element = parse_json_value(bytes_.substr(begin, end - begin), false, duplicate);
    if (element.is_discarded()) {
      builder_.fail(line, column, "", "malformed JSON", "this element is not valid JSON");
    } else if (!duplicate.empty()) {
      builder_.fail(line, column, duplicate, "duplicate key",
                    fmt::format("key '{}' appears twice in this element: which one holds is not known", duplicate));
    } else if (!element.is_object()) {
      builder_.fail(line, column, "", "not an object", "expected a JSON object for each element");
    } else {
      set_fields(element, line, column);
    }
    return builder_.commit();
  }

 private:
  // Text of a scalar; owned storage keeps numbers' text alive until commit.
  bool scalar_text(const json& value, std::string_view& out) {
    if (value.is_string()) {
      out = value.get_ref<const std::string&>();
      return true;
    }
    if (value.is_number()) {
      out = owned_.emplace_back(value.dump());
      return true;
    }
    if (value.is_object()) {  // NetBox-style nested reference: {"name": ...}
      for (const char* key : {"name", "value", "slug"}) {
        auto it = value.find(key);
        if (it != value.end() && it->is_string()) {
          out = it->get_ref<const std::string&>();
          return true;
        }
      }
    }
    return false;
  }

  void set_fields(const json& element, std::uint64_t line, std::uint64_t column) {
    bool has_id = false;
    std::string_view name;
    for (const auto& [key, value] : element.items()) {
      const auto field = map_.lookup(key);
      if (!field || *field == Field::kIgnore || value.is_null()) continue;
      if (value.is_array() && (*field == Field::kMacs || *field == Field::kTags)) {
        for (const json& item : value) {
          std::string_view text;
          if (!scalar_text(item, text)) return type_error(key, line, column);
          builder_.set(*field, text, line, column);
        }
        continue;
      }
      std::string_view text;
      if (!scalar_text(value, text)) return type_error(key, line, column);
      builder_.set(*field, text, line, column);
      has_id |= *field == Field::kId;
      if (*field == Field::kName) name = text;
    }
    // Without an id key, the name doubles as the id (as in CSV).
    if (!has_id && !name.empty()) builder_.set(Field::kId, name, line, column);
  }

  void type_error(const std::string& key, std::uint64_t line, std::uint64_t column) {
    builder_.fail(line, column, key, "wrong JSON type", fmt::format("key '{}' has a value of the wrong type", key));
  }

  std::string_view bytes_;
  const FieldMap& map_;
  ElementRowBuilder builder_;
  std::deque<std::string> owned_;  // a deque: growing it never moves the strings views point into
  LineCounter lines_;
};

Status scan_failure(const std::string& name, std::string_view bytes, const JsonScan& scan) {
  const auto [line, column] = line_and_column(bytes, scan.error_offset);
  return Status::input(SourceLocation{name, line, column, ""}, "malformed JSON: " + scan.error);
}

Status read_array(std::string_view bytes, const std::string& name, const IngestOptions& options,
                  JsonElementReader& reader) {
  std::size_t pos = skip_json_space(bytes, bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0);
  if (pos >= bytes.size() || bytes[pos] != '[') {
    const auto [line, column] = line_and_column(bytes, pos);
    return Status::input(SourceLocation{name, line, column, ""}, "expected a JSON array of element objects");
  }
  pos = skip_json_space(bytes, pos + 1);
  if (pos < bytes.size() && bytes[pos] == ']') return Status();
  for (;;) {
    const JsonScan scan = scan_json_value(bytes, pos, options.max_depth);
    if (!scan.error.empty()) return scan_failure(name, bytes, scan);
    if (Status s = reader.read(pos, scan.end); !s.ok()) return s;
    pos = skip_json_space(bytes, scan.end);
    if (pos < bytes.size() && bytes[pos] == ']') break;
    if (pos >= bytes.size() || bytes[pos] != ',') {
      const auto [line, column] = line_and_column(bytes, pos);
      return Status::input(SourceLocation{name, line, column, ""},
                           "malformed JSON: expected ',' or ']' after an element");
    }
    pos = skip_json_space(bytes, pos + 1);
  }
  pos = skip_json_space(bytes, pos + 1);
  if (pos != bytes.size()) {
    const auto [line, column] = line_and_column(bytes, pos);
    return Status::input(SourceLocation{name, line, column, ""}, "unexpected text after the closing ']'");
  }
  return Status();
}

Status read_lines(std::string_view bytes, const IngestOptions& options, JsonElementReader& reader) {
  std::size_t pos = bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0;
  while (pos < bytes.size()) {
    std::size_t end = bytes.find('\n', pos);
    if (end == std::string_view::npos) end = bytes.size();
    std::size_t first = skip_json_space(bytes.substr(0, end), pos);
    if (first < end) {
      // Depth is checked before parsing so hostile nesting never reaches a recursive parser.
      const JsonScan scan = scan_json_value(bytes.substr(0, end), first, options.max_depth);
      std::string error = scan.error;
      if (end - pos > options.max_line_bytes) {
        error = fmt::format("the line is {} bytes long, more than the limit of {} (raise it with --max-line-bytes)",
                            end - pos, options.max_line_bytes);
      }
      if (Status s = reader.read(first, end, error); !s.ok()) return s;
    }
    pos = end + 1;
  }
  return Status();
}

}  // namespace

Status read_json_inventory(std::string_view bytes, const std::string& name, bool ndjson, const IngestOptions& options,
                           ElementStore& store, IngestReport& report) {
  auto map = FieldMap::make(options.column_map);
  if (!map.ok()) return map.status();
  JsonElementReader reader(bytes, name, options, store, report, *map);
  return ndjson ? read_lines(bytes, options, reader) : read_array(bytes, name, options, reader);
}

}  // namespace kitwatch
