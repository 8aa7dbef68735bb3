#include "model/element_store.h"

#include <fmt/format.h>
#include <algorithm>
#include <array>
#include <cstdint>

namespace kitwatch {
namespace {

char lower_ascii(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower_ascii(x) == lower_ascii(y); });
}

// Hex digit values by byte, -1 for anything else: a table, because MAC digits are a random mix of
// numbers and letters, which a chain of range tests mispredicts about every other byte.
constexpr std::array<std::int8_t, 256> kHexValue = [] {
  std::array<std::int8_t, 256> table{};
  table.fill(-1);
  for (int c = 0; c < 10; ++c) table['0' + c] = static_cast<std::int8_t>(c);
  for (int c = 0; c < 6; ++c) {
    table['a' + c] = static_cast<std::int8_t>(10 + c);
    table['A' + c] = static_cast<std::int8_t>(10 + c);
  }
  return table;
}();

int hex_value(char c) {
  return kHexValue[static_cast<unsigned char>(c)];
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<Function> parse_function(std::string_view text) {
  for (std::size_t i = 0; i < kFunctionCount; ++i) {
    if (iequals(text, kFunctionNames[i])) return static_cast<Function>(i);
  }
  return std::nullopt;
}

std::string_view text_field_name(TextField field) {
  static constexpr std::array<std::string_view, kTextFieldCount> kNames = {
      "name", "site", "region", "declared_vendor", "model", "software_version", "serial", "uplink", "tags"};
  return kNames[static_cast<std::size_t>(field)];
}

void ElementBatch::clear() {
  for (auto& column : text) column.clear();
  values.clear();
  mac_end.clear();
  macs.clear();
}

ElementStore::ElementStore() {
  mac_begin.push_back(0);
}

ElementIndex ElementStore::append(const ElementRow& row) {
  bool inserted = false;
  ids.intern(row.id, inserted);
  if (!inserted) return kNoElement;
  const auto index = static_cast<ElementIndex>(size());
  for (const ElementTextColumn& c : kElementTextColumns) (this->*c.ids).push_back((this->*c.pool).intern(row.*c.value));
  for_each_value_column([&](auto column, auto value) { (this->*column).push_back(row.*value); });
  macs.insert(macs.end(), row.macs.begin(), row.macs.end());
  mac_begin.push_back(static_cast<std::uint32_t>(macs.size()));
  origin.push_back(row.origin);
  return index;
}

ElementRow ElementStore::row(ElementIndex e) const {
  ElementRow out;
  out.id = id_of(e);
  for (const ElementTextColumn& c : kElementTextColumns) out.*c.value = (this->*c.pool).view((this->*c.ids)[e]);
  for_each_value_column([&](auto column, auto value) { out.*value = (this->*column)[e]; });
  out.macs = macs_of(e);
  out.origin = origin[e];
  return out;
}

ElementStore ElementStore::subset(const ElementStore& from, std::span<const ElementIndex> rows,
                                  std::size_t spare_rows) {
  ElementStore out;
  for (const ElementTextColumn& c : kElementTextColumns) out.*c.pool = from.*c.pool;
  out.source_files = from.source_files;
  out.reserve(rows.size() + spare_rows);
  for (const ElementIndex e : rows) out.ids.intern(from.id_of(e));
  // Column by column: each pass reads one column of from.
  for (const ElementTextColumn& c : kElementTextColumns) {
    for (const ElementIndex e : rows) (out.*c.ids).push_back((from.*c.ids)[e]);
  }
  for_each_value_column([&](auto column, auto) {
    for (const ElementIndex e : rows) (out.*column).push_back((from.*column)[e]);
  });
  for (const ElementIndex e : rows) {
    const auto e_macs = from.macs_of(e);
    out.macs.insert(out.macs.end(), e_macs.begin(), e_macs.end());
    out.mac_begin.push_back(static_cast<std::uint32_t>(out.macs.size()));
    out.origin.push_back(from.origin[e]);
  }
  return out;
}

void ElementStore::set_text(ElementIndex e, TextField field, std::string_view value) {
  column(field)[e] = pool(field).intern(value);
}

bool ElementStore::append_id(std::string_view id, StrHash hash, RowOrigin row_origin) {
  bool inserted = false;
  ids.intern_hashed(id, hash, inserted);
  if (inserted) origin.push_back(row_origin);
  return inserted;
}

void ElementStore::append_values(const ElementBatch& batch, std::size_t begin, std::size_t end) {
  if (begin >= end) return;
  for_each_value_column([&](auto column, auto value) {
    auto& to = this->*column;
    for (std::size_t i = begin; i < end; ++i) to.push_back(batch.values[i].*value);
  });
  const std::uint32_t first_mac = begin == 0 ? 0 : batch.mac_end[begin - 1];
  const auto base = static_cast<std::uint32_t>(macs.size()) - first_mac;
  macs.insert(macs.end(), batch.macs.begin() + first_mac, batch.macs.begin() + batch.mac_end[end - 1]);
  for (std::size_t i = begin; i < end; ++i) mac_begin.push_back(base + batch.mac_end[i]);
}

ElementIndex ElementStore::find(std::string_view id) const {
  const StrId sid = ids.find(id);
  return (sid == StringPool::kMissing || sid == 0) ? kNoElement : sid - 1;
}

void ElementStore::reserve(std::size_t elements) {
  for (const ElementTextColumn& c : kElementTextColumns) (this->*c.ids).reserve(elements);
  for_each_value_column([&](auto column, auto) { (this->*column).reserve(elements); });
  mac_begin.reserve(elements + 1);
  macs.reserve(elements);
  origin.reserve(elements);
  ids.reserve(elements + 1, elements * 12);
}

std::vector<ElementIndex> ElementStore::link_uplinks() {
  // Resolve each distinct reference once: many CPE share one access node.
  std::vector<ElementIndex> target(uplink_refs.size(), kNoElement);
  for (StrId r = 1; r < uplink_refs.size(); ++r) target[r] = find(uplink_refs.view(r));
  std::vector<ElementIndex> dangling;
  uplink.assign(size(), kNoElement);
  for (ElementIndex e = 0; e < size(); ++e) {
    const StrId r = uplink_ref[e];
    if (r == 0) continue;
    uplink[e] = target[r];
    if (target[r] == kNoElement) dangling.push_back(e);
  }
  return dangling;
}

std::size_t ElementStore::memory_bytes() const {
  const auto bytes_of = [](const auto& column) { return column.capacity() * sizeof(column[0]); };
  std::size_t bytes = ids.memory_bytes() + bytes_of(uplink) + bytes_of(mac_begin) + bytes_of(macs) + bytes_of(origin);
  for (const ElementTextColumn& c : kElementTextColumns) {
    bytes += (this->*c.pool).memory_bytes() + bytes_of(this->*c.ids);
  }
  for_each_value_column([&](auto column, auto) { bytes += bytes_of(this->*column); });
  return bytes;
}

void canonical_tags(std::span<const std::string_view> tags, std::vector<std::string>& scratch, std::string& out) {
  std::size_t used = 0;
  for (std::string_view raw : tags) {
    const std::string_view tag = trim(raw);
    if (tag.empty()) continue;
    if (used == scratch.size()) scratch.emplace_back();
    std::string& slot = scratch[used++];
    slot.assign(tag);
    for (char& c : slot) c = lower_ascii(c);
  }
  std::sort(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(used));
  auto last = std::unique(scratch.begin(), scratch.begin() + static_cast<std::ptrdiff_t>(used));
  out.clear();
  for (auto it = scratch.begin(); it != last; ++it) {
    if (!out.empty()) out.push_back(';');
    out.append(*it);
  }
}

std::optional<Mac> parse_mac(std::string_view text) {
  text = trim(text);
  // Fast path for the most common notation, aa:bb:cc:dd:ee:ff.
  if (text.size() == 17 && text[2] == ':' && text[5] == ':' && text[8] == ':' && text[11] == ':' && text[14] == ':') {
    Mac value = 0;
    int bad = 0;  // negative once any digit was not hex: one test at the end, not twelve
    for (std::size_t group = 0; group < 6; ++group) {
      const int hi = hex_value(text[group * 3]), lo = hex_value(text[group * 3 + 1]);
      bad |= hi | lo;
      value = (value << 8) | static_cast<Mac>((hi << 4 | lo) & 0xff);
    }
    if (bad < 0) return std::nullopt;
    return value;
  }
  Mac value = 0;
  int digits = 0;
  char separator = 0;
  for (char c : text) {
    const int v = hex_value(c);
    if (v >= 0) {
      if (++digits > 12) return std::nullopt;
      value = (value << 4) | static_cast<Mac>(v);
      continue;
    }
    if (c != ':' && c != '-' && c != '.') return std::nullopt;
    if (separator != 0 && c != separator) return std::nullopt;  // mixed separators
    separator = c;
  }
  if (digits != 12) return std::nullopt;
  // Separators must sit at group boundaries: 2 digits for ':'/'-', 4 for '.'.
  if (separator != 0) {
    const std::size_t group = separator == '.' ? 4 : 2;
    const std::size_t groups = 12 / group;
    if (text.size() != 12 + groups - 1) return std::nullopt;
    for (std::size_t i = group; i < text.size(); i += group + 1) {
      if (text[i] != separator) return std::nullopt;
    }
  }
  return value;
}

std::string format_mac(Mac mac) {
  return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", (mac >> 40) & 0xff, (mac >> 32) & 0xff,
                     (mac >> 24) & 0xff, (mac >> 16) & 0xff, (mac >> 8) & 0xff, mac & 0xff);
}

}  // namespace kitwatch
