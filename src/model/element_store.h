// The columnar element store: every network element is a row index, every field a column.
// Text fields are interned (base/string_pool.h), so a column is an array of 32-bit ids and the
// distinct values of a column (vendor strings, models, sites) can be worked on once each.
//
// Thread safety: concurrent readers are fine; appending needs exclusive access.
#pragma once

#include <array>
#include <cstdint>
#include <cstdlib>
#include <new>
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

// Allocates zeroed memory (calloc: fresh pages from the kernel are zero and stay untouched), and
// constructs elements without writing them. So a column grown by resize() over capacity it never
// used reads as zeros without touching its pages: a text column the input does not have (no site,
// no serial in a national file) costs address space, not resident memory. A column must never
// shrink and grow again by resize() (the old values would show): ElementStore only appends.
template <class T>
struct ZeroedAllocator {
  using value_type = T;
  ZeroedAllocator() = default;
  template <class U>
  ZeroedAllocator(const ZeroedAllocator<U>&) noexcept {}
  T* allocate(std::size_t n) {
    void* p = std::calloc(n, sizeof(T));
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  void deallocate(T* p, std::size_t) noexcept { std::free(p); }
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;  // default-initialised: the zero the memory already holds
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  friend bool operator==(const ZeroedAllocator&, const ZeroedAllocator&) { return true; }
};
using StrIdColumn = std::vector<StrId, ZeroedAllocator<StrId>>;

// Where an element's row came from, for tracing every number back to input rows.
// Eight bytes per element (a uint32 and a uint64 took sixteen): at most kMaxSourceFiles files,
// lines below 2^48.
struct RowOrigin {
  std::uint64_t file : 16 = 0;  // index into ElementStore::source_files
  std::uint64_t line : 48 = 0;
};
inline constexpr std::size_t kMaxSourceFiles = 1u << 16;

// The number fields of an element. A part of ElementRow of its own, so that a reader can keep a
// row's numbers as one value (ElementBatch).
struct ElementValues {
  Function function = Function::kOther;
  std::int32_t installed = kNoDate;  // days since 1970-01-01, or kNoDate
  double traffic = 0;
  double subscribers = 0;
};

// The interned text fields besides the id: each has a pool and a column in the store and a member
// in ElementRow, paired once in kElementTextColumns below.
enum class TextField : std::uint8_t {
  kName,
  kSite,
  kRegion,
  kDeclaredVendor,
  kModel,
  kSoftwareVersion,
  kSerial,
  kUplink,  // the uplink as written (ElementStore::uplink holds it resolved)
  kTags,    // canonical tag set: sorted, unique, ';'-joined (see canonical_tags)
};
inline constexpr std::size_t kTextFieldCount = 9;
// The field's name as inventories and snapshots spell it ("declared_vendor").
std::string_view text_field_name(TextField field);

// The values of one element, as ElementStore::append takes them and ElementStore::row gives them.
// Views handed to append must stay valid only for the duration of the call.
struct ElementRow : ElementValues {
  std::string_view id, name, site, region, declared_vendor, model, software_version, serial, uplink;
  std::span<const Mac> macs;
  std::string_view tags;  // canonical tag set: sorted, unique, ';'-joined (see canonical_tags)
  RowOrigin origin;

  std::string_view text(TextField field) const;  // the member kElementTextColumns pairs with field
};

// Rows kept column by column between parsing them and storing them, for readers that parse on
// several threads and store later (ingest/parallel_csv.h): the texts as views (whose bytes the
// reader keeps alive), the numbers and the MAC lists. Ids and origins are the reader's business.
struct ElementBatch {
  std::array<std::vector<std::string_view>, kTextFieldCount> text;  // by TextField
  std::vector<ElementValues> values;
  std::vector<std::uint32_t> mac_end;  // where row i's MACs end in macs
  std::vector<Mac> macs;

  std::size_t size() const { return values.size(); }
  // Keeps the row's numbers and MACs; its texts go into `text` as the reader sees fit.
  void push_values(const ElementRow& row) {
    values.push_back(static_cast<const ElementValues&>(row));
    macs.insert(macs.end(), row.macs.begin(), row.macs.end());
    mac_end.push_back(static_cast<std::uint32_t>(macs.size()));
  }
  void clear();
};

// Adding a field touches this header only: a member here and in ElementRow (or ElementValues), and
// their pairing in kElementTextColumns (or for_each_value_column). append, row, subset, reserve
// and memory_bytes go through those pairings, so no other module lists the columns. (The id, the
// MAC lists, the origin and the resolved uplink are special and named in element_store.cc only.)
// element_store_test.cc fails when a member is missing from the pairings.
class ElementStore {
 public:
  ElementStore();

  // Adds an element. Returns its index, or kNoElement when the id is already present (ids are
  // unique; the caller reports the duplicate). Requires a non-empty id.
  ElementIndex append(const ElementRow& row);
  // Element e's values, as append took them (uplink as written). The views point into the store
  // and stay valid until it next changes.
  ElementRow row(ElementIndex e) const;
  // A store of from's elements `rows`, in that order. from's pools are copied whole, so every
  // interned id stays valid and means the same (the order of distinct values is kept), and so are
  // its source files. Room is reserved for spare_rows more appends. The resolved uplink column is
  // left empty: the caller links it (link_uplinks, or by mapping from's).
  static ElementStore subset(const ElementStore& from, std::span<const ElementIndex> rows, std::size_t spare_rows = 0);
  // Sets one text field of element e.
  void set_text(ElementIndex e, TextField field, std::string_view value);

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
  // A text field's pool and column.
  const StringPool& pool(TextField field) const;
  StringPool& pool(TextField field);
  const StrIdColumn& column(TextField field) const;
  StrIdColumn& column(TextField field);
  std::size_t memory_bytes() const;

  // Bulk loading, for a reader that stores rows a group of columns at a time, each group from its
  // own thread and in row order (ingest/parallel_csv.h). Between the groups' calls the columns
  // differ in length; the store is whole again once every group has stored every row. The text
  // columns are stored through pool() and column().
  //
  // The id and origin of a new element; false, storing nothing, when the id is already present.
  // hash is StringPool::hash_of(id).
  bool append_id(std::string_view id, StrHash hash, RowOrigin row_origin);
  // The number fields and MAC lists of batch rows [begin, end).
  void append_values(const ElementBatch& batch, std::size_t begin, std::size_t end);

  // Interned values. ids holds exactly one string per element: element e has id ids.view(e + 1).
  StringPool ids, names, sites, regions, vendors, models, software_versions, serials, uplink_refs, tag_sets;

  // Columns, one entry per element.
  StrIdColumn name, site, region, declared_vendor, model, software_version, serial, tag_set;
  StrIdColumn uplink_ref;            // the uplink as written (into uplink_refs)
  std::vector<ElementIndex> uplink;  // filled by link_uplinks()
  std::vector<Function> function;
  std::vector<std::int32_t> installed;  // days since 1970-01-01, or kNoDate
  std::vector<double> traffic, subscribers;
  std::vector<std::uint32_t> mac_begin;  // element e's MACs are macs[mac_begin[e], mac_begin[e+1])
  std::vector<Mac> macs;
  std::vector<RowOrigin> origin;
  std::vector<std::string> source_files;
};

// A text field's pool and column in the store and its member in ElementRow.
struct ElementTextColumn {
  TextField field;
  StringPool ElementStore::*pool;
  StrIdColumn ElementStore::*ids;
  std::string_view ElementRow::*value;
};

// The text columns, in TextField order: the one list of them.
inline constexpr std::array<ElementTextColumn, kTextFieldCount> kElementTextColumns = {{
    {TextField::kName, &ElementStore::names, &ElementStore::name, &ElementRow::name},
    {TextField::kSite, &ElementStore::sites, &ElementStore::site, &ElementRow::site},
    {TextField::kRegion, &ElementStore::regions, &ElementStore::region, &ElementRow::region},
    {TextField::kDeclaredVendor, &ElementStore::vendors, &ElementStore::declared_vendor, &ElementRow::declared_vendor},
    {TextField::kModel, &ElementStore::models, &ElementStore::model, &ElementRow::model},
    {TextField::kSoftwareVersion, &ElementStore::software_versions, &ElementStore::software_version,
     &ElementRow::software_version},
    {TextField::kSerial, &ElementStore::serials, &ElementStore::serial, &ElementRow::serial},
    {TextField::kUplink, &ElementStore::uplink_refs, &ElementStore::uplink_ref, &ElementRow::uplink},
    {TextField::kTags, &ElementStore::tag_sets, &ElementStore::tag_set, &ElementRow::tags},
}};
static_assert(
    [] {
      for (std::size_t i = 0; i < kElementTextColumns.size(); ++i) {
        if (static_cast<std::size_t>(kElementTextColumns[i].field) != i) return false;
      }
      return true;
    }(),
    "kElementTextColumns must be in TextField order");

// Calls fn(column, value) for each number column of ElementStore (a pointer to the member) and the
// ElementValues member it holds (ditto): the one list of them.
template <typename Fn>
void for_each_value_column(Fn&& fn) {
  fn(&ElementStore::function, &ElementValues::function);
  fn(&ElementStore::installed, &ElementValues::installed);
  fn(&ElementStore::traffic, &ElementValues::traffic);
  fn(&ElementStore::subscribers, &ElementValues::subscribers);
}

inline std::string_view ElementRow::text(TextField field) const {
  return this->*kElementTextColumns[static_cast<std::size_t>(field)].value;
}
inline const StringPool& ElementStore::pool(TextField field) const {
  return this->*kElementTextColumns[static_cast<std::size_t>(field)].pool;
}
inline StringPool& ElementStore::pool(TextField field) {
  return this->*kElementTextColumns[static_cast<std::size_t>(field)].pool;
}
inline const StrIdColumn& ElementStore::column(TextField field) const {
  return this->*kElementTextColumns[static_cast<std::size_t>(field)].ids;
}
inline StrIdColumn& ElementStore::column(TextField field) {
  return this->*kElementTextColumns[static_cast<std::size_t>(field)].ids;
}

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
