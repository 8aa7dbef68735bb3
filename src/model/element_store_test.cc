#include "model/element_store.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace kitwatch {
namespace {

TEST(MacTest, AcceptsEveryCommonNotation) {
  const Mac expected = 0x30fbb8000001ull;
  for (const char* text :
       {"30:fb:b8:00:00:01", "30-FB-B8-00-00-01", "30fb.b800.0001", "30FBB8000001", " 30:fb:b8:00:00:01 "}) {
    const auto mac = parse_mac(text);
    ASSERT_TRUE(mac.has_value()) << text;
    EXPECT_EQ(*mac, expected) << text;
  }
  EXPECT_EQ(format_mac(expected), "30:fb:b8:00:00:01");
}

TEST(MacTest, RejectsMalformedAddresses) {
  for (const char* text : {"", "30:fb:b8:00:00", "30:fb:b8:00:00:01:02", "30:fb:b8-00:00:01", "3:0fb:b8:00:00:01",
                           "30fb.b8000001", "zz:fb:b8:00:00:01", "30fbb800000", "30fbb80000011"}) {
    EXPECT_FALSE(parse_mac(text).has_value()) << text;
  }
}

TEST(CanonicalTagsTest, SortsDeduplicatesAndLowercases) {
  std::vector<std::string> scratch;
  std::string out;
  const std::vector<std::string_view> tags = {" 5G", "fttp", "5g", "", "Sensitive-Site"};
  canonical_tags(tags, scratch, out);
  EXPECT_EQ(out, "5g;fttp;sensitive-site");
  canonical_tags({}, scratch, out);
  EXPECT_EQ(out, "");
}

TEST(ElementStoreTest, AppendsFindsAndRefusesDuplicateIds) {
  ElementStore store;
  ElementRow row;
  row.id = "a1";
  row.function = Function::kAccess;
  const Mac macs[] = {1, 2};
  row.macs = macs;
  EXPECT_EQ(store.append(row), 0u);
  row.id = "c1";
  row.uplink = "a1";
  row.macs = {};
  EXPECT_EQ(store.append(row), 1u);
  row.id = "c2";
  row.uplink = "missing";
  EXPECT_EQ(store.append(row), 2u);
  row.id = "a1";
  EXPECT_EQ(store.append(row), kNoElement);
  EXPECT_EQ(store.size(), 3u);
  EXPECT_EQ(store.find("c1"), 1u);
  EXPECT_EQ(store.find("nope"), kNoElement);
  EXPECT_EQ(store.id_of(2), "c2");
  EXPECT_EQ(store.macs_of(0).size(), 2u);
  EXPECT_EQ(store.macs_of(1).size(), 0u);
  const auto dangling = store.link_uplinks();
  ASSERT_EQ(dangling.size(), 1u);
  EXPECT_EQ(dangling[0], 2u);
  EXPECT_EQ(store.uplink[1], 0u);
  EXPECT_EQ(store.uplink[0], kNoElement);
}

// Rows whose every field differs from every other field of every row, so that a copy that drops,
// swaps or shifts a column reads back different values.
struct DistinctRows {
  std::vector<std::string> texts;  // kept here: ElementRow only views them
  std::vector<std::vector<Mac>> macs;
  std::vector<ElementRow> rows;
  explicit DistinctRows(int count) {
    texts.reserve(static_cast<std::size_t>(count) * (kTextFieldCount + 1));
    for (int i = 0; i < count; ++i) macs.push_back(std::vector<Mac>(static_cast<std::size_t>(i), 0x10000u * (i + 1)));
    for (int i = 0; i < count; ++i) {
      ElementRow row;
      row.id = texts.emplace_back("id-" + std::to_string(i));
      for (const ElementTextColumn& c : kElementTextColumns) {
        row.*c.value = texts.emplace_back(std::string(text_field_name(c.field)) + "-" + std::to_string(i));
      }
      row.function = static_cast<Function>(i % kFunctionCount);
      row.installed = 17000 + i;
      row.traffic = 10.5 + i;
      row.subscribers = 1000.25 + i;
      for (std::size_t m = 0; m < macs[i].size(); ++m) macs[i][m] += m;
      row.macs = macs[i];
      row.origin = RowOrigin{static_cast<std::uint32_t>(i % 2), 100u + static_cast<std::uint64_t>(i)};
      rows.push_back(row);
    }
  }
};

// Field by field, through the store's own column lists (ColumnListsNameEveryMember checks that
// they are complete).
void expect_same_row(const ElementRow& want, const ElementRow& got) {
  EXPECT_EQ(got.id, want.id);
  for (const ElementTextColumn& c : kElementTextColumns) {
    EXPECT_EQ(got.*c.value, want.*c.value) << text_field_name(c.field) << " of " << want.id;
  }
  int column = 0;
  for_each_value_column([&](auto, auto value) {
    EXPECT_EQ(got.*value, want.*value) << "number column " << column++ << " of " << want.id;
  });
  EXPECT_EQ(std::vector<Mac>(got.macs.begin(), got.macs.end()), std::vector<Mac>(want.macs.begin(), want.macs.end()))
      << want.id;
  EXPECT_EQ(got.origin.file, want.origin.file) << want.id;
  EXPECT_EQ(got.origin.line, want.origin.line) << want.id;
}

TEST(ElementStoreTest, RowReadsBackWhatAppendTook) {
  const DistinctRows input(4);
  ElementStore store;
  for (const ElementRow& row : input.rows) ASSERT_NE(store.append(row), kNoElement);
  for (ElementIndex e = 0; e < store.size(); ++e) expect_same_row(input.rows[e], store.row(e));
}

TEST(ElementStoreTest, RowCopiedToAnotherStoreReadsBackEqual) {
  const DistinctRows input(4);
  ElementStore from;
  for (const ElementRow& row : input.rows) from.append(row);
  // The target already holds other values, so every copied text is interned anew at other ids.
  ElementStore to;
  const DistinctRows other(3);
  for (ElementRow row : other.rows) {
    row.id = row.name;
    to.append(row);
  }
  for (ElementIndex e = 0; e < from.size(); ++e) {
    const ElementIndex copy = to.append(from.row(e));
    ASSERT_NE(copy, kNoElement);
    expect_same_row(input.rows[e], to.row(copy));
  }
  EXPECT_EQ(to.append(from.row(0)), kNoElement);  // the id is there now
}

TEST(ElementStoreTest, SubsetKeepsTheChosenRowsAndTheInternedIds) {
  const DistinctRows input(5);
  ElementStore from;
  from.source_files = {"a.csv", "b.csv"};
  for (const ElementRow& row : input.rows) from.append(row);
  const std::vector<ElementIndex> rows = {4, 1, 2};
  ElementStore subset = ElementStore::subset(from, rows);
  ASSERT_EQ(subset.size(), rows.size());
  EXPECT_EQ(subset.source_files, from.source_files);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto e = static_cast<ElementIndex>(i);
    expect_same_row(input.rows[rows[i]], subset.row(e));
    EXPECT_EQ(subset.find(input.rows[rows[i]].id), e);
    for (const ElementTextColumn& c : kElementTextColumns) {
      EXPECT_EQ(subset.column(c.field)[e], from.column(c.field)[rows[i]]) << text_field_name(c.field);
      EXPECT_EQ(subset.pool(c.field).size(), from.pool(c.field).size()) << text_field_name(c.field);
    }
  }
  EXPECT_EQ(subset.find(input.rows[0].id), kNoElement);
  // Appending after a subset goes on from its rows.
  const ElementIndex more = subset.append(input.rows[0]);
  EXPECT_EQ(more, 3u);
  expect_same_row(input.rows[0], subset.row(more));
  expect_same_row(input.rows[2], subset.row(2));
}

TEST(ElementStoreTest, SetTextChangesOneFieldOfOneElement) {
  const DistinctRows input(2);
  ElementStore store;
  for (const ElementRow& row : input.rows) store.append(row);
  store.set_text(1, TextField::kModel, "other model");
  EXPECT_EQ(store.row(1).model, "other model");
  ElementRow want = input.rows[1];
  want.model = "other model";
  expect_same_row(want, store.row(1));
  expect_same_row(input.rows[0], store.row(0));
}

// The number of members of an aggregate, counted by how many initialisers it accepts.
struct AnyValue {
  template <typename T>
  constexpr operator T() const {  // NOLINT(google-explicit-constructor): converts to any member
    return T{};
  }
};
template <typename T, typename... Values>
constexpr std::size_t member_count() {
  if constexpr (requires { T{Values{}..., AnyValue{}}; }) {
    return member_count<T, Values..., AnyValue>();
  } else {
    return sizeof...(Values);
  }
}

// A column added to the store, a row or ElementValues but not to the store's column lists would be
// left out of every copy, reserve and memory count; these sums catch it.
TEST(ElementStoreTest, ColumnListsNameEveryMember) {
  std::size_t value_columns = 0;
  for_each_value_column([&](auto, auto) { ++value_columns; });
  EXPECT_EQ(member_count<ElementValues>(), value_columns);
  EXPECT_EQ(sizeof(ElementRow), sizeof(ElementValues) + (1 + kTextFieldCount) * sizeof(std::string_view) +
                                    sizeof(std::span<const Mac>) + sizeof(RowOrigin));
  // ids and the text pools; the text columns, the number columns, then uplink, mac_begin, macs,
  // origin; source_files.
  constexpr std::size_t kOtherColumns = 4;
  EXPECT_EQ(sizeof(ElementStore), (1 + kTextFieldCount) * sizeof(StringPool) +
                                      (kTextFieldCount + value_columns + kOtherColumns) * sizeof(std::vector<int>) +
                                      sizeof(std::vector<std::string>));
  // Every text column has a pool and a column of its own.
  for (std::size_t i = 0; i < kElementTextColumns.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      EXPECT_NE(kElementTextColumns[i].pool, kElementTextColumns[j].pool);
      EXPECT_NE(kElementTextColumns[i].ids, kElementTextColumns[j].ids);
      EXPECT_NE(kElementTextColumns[i].value, kElementTextColumns[j].value);
    }
  }
}

TEST(ElementStoreTest, MemoryCountsEveryReservedColumn) {
  ElementStore store;
  const std::size_t empty = store.memory_bytes();
  store.reserve(1000);
  std::size_t per_row = sizeof(Mac) + sizeof(std::uint32_t) + sizeof(RowOrigin) + kTextFieldCount * sizeof(StrId);
  for_each_value_column([&](auto column, auto) { per_row += sizeof((store.*column)[0]); });
  EXPECT_GE(store.memory_bytes() - empty, 1000 * per_row);
}

// A text column grown by resize() reads as zeros (the empty string) wherever it grows: over fresh
// capacity, and past a reallocation that moved the values already there. RowOrigin is 8 bytes.
TEST(ElementStoreTest, ColumnsGrownWithoutWritingReadAsEmpty) {
  StrIdColumn column;
  column.reserve(4);
  column.push_back(7);
  column.resize(3);
  column.push_back(9);
  column.resize(10'000);  // beyond the capacity: a new block
  ASSERT_EQ(column.size(), 10'000u);
  EXPECT_EQ(column[0], 7u);
  EXPECT_EQ(column[1], 0u);
  EXPECT_EQ(column[2], 0u);
  EXPECT_EQ(column[3], 9u);
  for (std::size_t i = 4; i < column.size(); ++i) ASSERT_EQ(column[i], 0u) << i;
  static_assert(sizeof(RowOrigin) == 8);
  const RowOrigin origin{(1u << 16) - 1, (std::uint64_t{1} << 48) - 1};
  EXPECT_EQ(origin.file, (1u << 16) - 1);
  EXPECT_EQ(origin.line, (std::uint64_t{1} << 48) - 1);
}

TEST(FunctionTest, ParsesExactNamesOnly) {
  EXPECT_EQ(parse_function("RAN"), Function::kRan);
  EXPECT_EQ(parse_function("cpe"), Function::kCpe);
  EXPECT_FALSE(parse_function("core router").has_value());
}

}  // namespace
}  // namespace kitwatch
