#include "ingest/element_row_builder.h"

#include <fmt/format.h>
#include <algorithm>

#include "base/csv_reader.h"
#include "ingest/number.h"

namespace kitwatch {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Splits on ';', ',' and whitespace, calling fn for each non-empty piece.
template <typename Fn>
void for_each_item(std::string_view text, Fn fn) {
  std::size_t start = 0;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == ';' || text[i] == ',' || text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
        text[i] == '\r') {
      if (i > start) fn(text.substr(start, i - start), start);
      start = i + 1;
    }
  }
}

// Tags split on ';', ',' and line breaks only: a tag name may hold spaces ("Sensitive Site", as
// NetBox's table export writes names). canonical_tags trims each piece and drops empty ones.
template <typename Fn>
void for_each_tag(std::string_view text, Fn fn) {
  while (!text.empty()) {
    const std::size_t end = std::min(text.find_first_of(";,\n\r"), text.size());
    fn(text.substr(0, end));
    text.remove_prefix(std::min(text.size(), end + 1));
  }
}

}  // namespace

ElementRowBuilder::ElementRowBuilder(ElementStore& store, const IngestOptions& options, IngestReport& report,
                                     std::string file)
    : store_(store), options_(options), report_(report) {
  file_index_ = static_cast<std::uint32_t>(store_.source_files.size());
  store_.source_files.push_back(std::move(file));
}

void ElementRowBuilder::begin(std::uint64_t line) {
  line_ = line;
  present_ = 0;
  mac_values_.clear();
  tag_values_.clear();
  failed_ = false;
}

SourceLocation ElementRowBuilder::where(Field field, const Value& value) const {
  return SourceLocation{store_.source_files[file_index_], value.line ? value.line : line_, value.column,
                        std::string(field_name(field))};
}

void ElementRowBuilder::fail(std::uint64_t line, std::uint64_t column, std::string_view field, std::string reason,
                             std::string message) {
  if (failed_) return;  // the first problem of a row is the one reported
  failed_ = true;
  error_ = RowError{SourceLocation{store_.source_files[file_index_], line, column, std::string(field)},
                    std::move(reason), std::move(message)};
}

bool ElementRowBuilder::check_text_slow(Field field, const Value& value) {
  if (value.text.size() > options_.max_field_bytes) {
    fail(value.line, value.column, field_name(field), "field too long",
         fmt::format("field is {} bytes, over the limit of {} (--max-field-bytes)", value.text.size(),
                     options_.max_field_bytes));
    return false;
  }
  if (clean_text_) return true;
  if (value.text.find('\0') != std::string_view::npos) {
    fail(value.line, value.column, field_name(field), "NUL byte", "field contains a NUL byte");
    return false;
  }
  if (!is_valid_utf8(value.text)) {
    fail(value.line, value.column, field_name(field), "invalid UTF-8", "field is not valid UTF-8");
    return false;
  }
  return true;
}

bool ElementRowBuilder::parse_number(Field field, const Value& value, double& out) {
  out = 0;
  const std::string_view text = trim(value.text);
  if (text.empty()) return true;  // an absent measure counts as 0 (documented)
  if (!parse_non_negative(text, out)) {
    fail(value.line, value.column, field_name(field), fmt::format("bad {}", field_name(field)),
         fmt::format("expected a non-negative number, got '{}'", text.substr(0, 40)));
    return false;
  }
  return true;
}

bool ElementRowBuilder::parse_macs() {
  macs_.clear();
  for (const Value& value : mac_values_) {
    bool ok = true;
    for_each_item(value.text, [&](std::string_view item, std::size_t offset) {
      if (!ok) return;
      const auto mac = parse_mac(item);
      if (!mac) {
        ok = false;
        fail(value.line, value.column + offset, "macs", "bad MAC",
             fmt::format("'{}' is not a MAC-48 address (expected aa:bb:cc:dd:ee:ff, aa-bb-.., aabb.ccdd.eeff or "
                         "aabbccddeeff)",
                         item.substr(0, 40)));
        return;
      }
      macs_.push_back(*mac);
    });
    if (!ok) return false;
  }
  return true;
}

Status ElementRowBuilder::commit() {
  ++report_.rows_read;
  ElementRow row;
  std::uint64_t id_line = 0, id_column = 0;
  if (validate(row, id_line, id_column) && store_.append(row) == kNoElement) {
    failed_ = true;
    error_ = duplicate_error(row.id, id_line, id_column);
  }
  if (!failed_) {
    ++report_.accepted;
    return Status();
  }
  return report_.reject(std::move(error_), options_);
}

RowError ElementRowBuilder::duplicate_error(std::string_view id, std::uint64_t id_line, std::uint64_t id_column) const {
  const ElementIndex first = store_.find(id);
  const RowOrigin& o = store_.origin[first];
  return RowError{
      SourceLocation{store_.source_files[file_index_], id_line, id_column, "id"}, "duplicate id",
      fmt::format("id '{}' was already used at {}:{}", id.substr(0, 60), store_.source_files[o.file], o.line)};
}

bool ElementRowBuilder::validate(ElementRow& row, std::uint64_t& id_line, std::uint64_t& id_column) {
  row.origin = RowOrigin{file_index_, line_};
  row.installed = kNoDate;  // callers may pass the previous row's ElementRow back in
  for (std::uint32_t bits = present_; bits != 0 && !failed_; bits &= bits - 1) {
    const auto f = static_cast<std::size_t>(__builtin_ctz(bits));
    check_text(static_cast<Field>(f), values_[f]);
  }
  for (const Value& v : mac_values_) {
    if (!failed_) check_text(Field::kMacs, v);
  }
  for (const Value& v : tag_values_) {
    if (!failed_) check_text(Field::kTags, v);
  }
  auto text = [&](Field f) { return trim(value(f).text); };
  if (!failed_ && text(Field::kId).empty()) {
    fail(line_, value(Field::kId).column, "id", "missing id", "element has no id (every element needs a unique id)");
  }
  if (!failed_) {
    row.function = Function::kOther;
    if (!text(Field::kFunction).empty()) {
      const auto parsed = parse_function(text(Field::kFunction));
      if (!parsed) {
        fail(value(Field::kFunction).line, value(Field::kFunction).column, "function", "bad function",
             fmt::format("'{}' is not a network function (expected one of core, transport, aggregation, access, "
                         "ran, cpe, management, other; or give a role column)",
                         text(Field::kFunction).substr(0, 40)));
      } else {
        row.function = *parsed;
      }
    } else if (!text(Field::kRole).empty()) {
      row.function = options_.role_map.map(text(Field::kRole));
    }
  }
  if (!failed_ && !text(Field::kInstalled).empty()) {
    const auto date = Date::parse(text(Field::kInstalled));
    if (!date) {
      fail(value(Field::kInstalled).line, value(Field::kInstalled).column, "installed", "bad date",
           fmt::format("'{}' is not a real date in YYYY-MM-DD form", text(Field::kInstalled).substr(0, 40)));
    } else {
      row.installed = date->days();
    }
  }
  if (!failed_) parse_number(Field::kTraffic, value(Field::kTraffic), row.traffic);
  if (!failed_) parse_number(Field::kSubscribers, value(Field::kSubscribers), row.subscribers);
  if (!failed_) parse_macs();
  if (!failed_) {
    tag_views_.clear();
    for (const Value& v : tag_values_) {
      for_each_tag(v.text, [&](std::string_view item) { tag_views_.push_back(item); });
    }
    canonical_tags(tag_views_, tag_scratch_, tag_set_);
    row.id = text(Field::kId);
    row.name = text(Field::kName);
    row.site = text(Field::kSite);
    row.region = text(Field::kRegion);
    row.declared_vendor = text(Field::kDeclaredVendor);
    row.model = text(Field::kModel);
    row.software_version = text(Field::kSoftwareVersion);
    row.serial = text(Field::kSerial);
    row.uplink = text(Field::kUplink);
    if (!options_.id_prefix.empty()) {
      prefixed_id_.assign(options_.id_prefix).append(row.id);
      row.id = prefixed_id_;
      if (!row.uplink.empty()) {
        prefixed_uplink_.assign(options_.id_prefix).append(row.uplink);
        row.uplink = prefixed_uplink_;
      }
    }
    row.macs = macs_;
    row.tags = tag_set_;
    id_line = value(Field::kId).line ? value(Field::kId).line : line_;
    id_column = value(Field::kId).column;
  }
  return !failed_;
}

}  // namespace kitwatch
