// The columnar element store: every network element is a row index, every field a column.
// Text fields are interned (base/string_pool.h), so a column is an array of 32-bit ids and the
// distinct values of a column (vendor strings, models, sites) can be worked on once each.
//
// Thread safety: concurrent readers are fine; appending needs exclusive access.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/date.h"
#include "base/string_pool.h"

namespace kitwatch {

// A network function, in the product's words (docs/definitions.md "Words").
enum class Function : std::uint8_t { kCore, kTransport, kAggregation, kAccess, kRan, kCpe, kManagement, kOther };
inline constexpr std::size_t kFunctionCount = 8;
inline constexpr std::array<std::string_view, kFunctionCount> kFunctionNames = {
    "core", "transport", "aggregation", "access", "ran", "cpe", "management", "other"};

inline std::string_view function_name(Function f) {
  return kFunctionNames[static_cast<std::size_t>(f)];
}
// Exact, case-insensitive match of one of kFunctionNames.
std::optional<Function> parse_function(std::string_view text);

using ElementIndex = std::uint32_t;
inline constexpr ElementIndex kNoElement = 0xFFFFFFFFu;
inline constexpr std::int32_t kNoDate = INT32_MIN;

// A MAC-48 address as its 48-bit value.
using Mac = std::uint64_t;

// Where an element's row came from, for tracing every number back to input rows.
struct RowOrigin {
  std::uint32_t file = 0;  // index into ElementStore::source_files
  std::uint64_t line = 0;
};

// The values of one element, as handed to ElementStore::append. Views must stay valid only for
// the duration of the call.
struct ElementRow {
  std::string_view id, name, site, region, declared_vendor, model, software_version, serial, uplink;
  Function function = Function::kOther;
  std::int32_t installed = kNoDate;
  double traffic = 0;
  double subscribers = 0;
  std::span<const Mac> macs;
  std::string_view tags;  // canonical tag set: sorted, unique, ';'-joined (see canonical_tags)
  RowOrigin origin;
};

class ElementStore {
 public:
  ElementStore();

  // Adds an element. Returns its index, or kNoElement when the id is already present (ids are
  // unique; the caller reports the duplicate). Requires a non-empty id.
  ElementIndex append(const ElementRow& row);
  // The index of the element with this id, or kNoElement.
  ElementIndex find(std::string_view id) const;
  std::size_t size() const { return function.size(); }
  void reserve(std::size_t elements);

  // Resolves each element's uplink reference to an element index. Returns the indices of
  // elements whose uplink names no element (their uplink stays kNoElement).
  std::vector<ElementIndex> link_uplinks();

  std::span<const Mac> macs_of(ElementIndex e) const {
    return {macs.data() + mac_begin[e], mac_begin[e + 1] - mac_begin[e]};
  }
  std::string_view id_of(ElementIndex e) const { return ids.view(e + 1); }
  std::size_t memory_bytes() const;

  // Interned values. ids holds exactly one string per element: element e has id ids.view(e + 1).
  StringPool ids, names, sites, regions, vendors, models, software_versions, serials, uplink_refs, tag_sets;

  // Columns, one entry per element.
  std::vector<StrId> name, site, region, declared_vendor, model, software_version, serial, tag_set;
  std::vector<StrId> uplink_ref;     // the uplink as written (into uplink_refs)
  std::vector<ElementIndex> uplink;  // filled by link_uplinks()
  std::vector<Function> function;
  std::vector<std::int32_t> installed;  // days since 1970-01-01, or kNoDate
  std::vector<double> traffic, subscribers;
  std::vector<std::uint32_t> mac_begin;  // element e's MACs are macs[mac_begin[e], mac_begin[e+1])
  std::vector<Mac> macs;
  std::vector<RowOrigin> origin;
  std::vector<std::string> source_files;
};

// Links between elements (an undirected graph once loaded). Parallel links are kept as given.
struct LinkTable {
  std::vector<ElementIndex> a, b;
  std::vector<double> cost, capacity;
  std::size_t size() const { return a.size(); }
};

// Writes the canonical form of a tag list (lower-case, trimmed, sorted, unique, ';'-joined) into
// out, reusing its buffer. scratch is reused storage for the split tags.
void canonical_tags(std::span<const std::string_view> tags, std::vector<std::string>& scratch, std::string& out);

// Parses one MAC-48 written as aa:bb:cc:dd:ee:ff, AA-BB-CC-DD-EE-FF, aabb.ccdd.eeff or aabbccddeeff.
std::optional<Mac> parse_mac(std::string_view text);
// aa:bb:cc:dd:ee:ff
std::string format_mac(Mac mac);

}  // namespace kitwatch
