// Collects one input row's values field by field (from any format), checks them, and appends the
// element to the store, or says precisely what is wrong and where. Shared by every inventory
// format so that they all accept and reject exactly the same values.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/field_map.h"
#include "ingest/ingest.h"
#include "model/element_store.h"

namespace kitwatch {

class ElementRowBuilder {
 public:
  ElementRowBuilder(ElementStore& store, const IngestOptions& options, IngestReport& report, std::string file);

  // Declares that the whole input is valid UTF-8 without NUL bytes (checked once, in bulk), so
  // fields need no per-field encoding check.
  void assume_clean_text(bool clean) { clean_text_ = clean; }
  // Starts a row at this line of the file.
  void begin(std::uint64_t line);
  // Sets a field from its text. Values must stay valid until commit(). Repeated kMacs/kTags
  // calls add to the list; a MAC or tag field may itself hold a ';'- or ','-separated list.
  // Inline: it runs for every field of every row.
  void set(Field field, std::string_view text, std::uint64_t line, std::uint64_t column) {
    if (field == Field::kIgnore) return;
    // Member by member into place: a temporary Value copied in makes g++ read back as one 16-byte
    // load what it just stored as two 8-byte halves, a store-forwarding stall that cost more than
    // the rest of this function.
    Value* value;
    if (field == Field::kMacs) {
      value = &mac_values_.emplace_back();
    } else if (field == Field::kTags) {
      value = &tag_values_.emplace_back();
    } else {
      value = &values_[static_cast<std::size_t>(field)];
      present_ |= std::uint32_t{1} << static_cast<unsigned>(field);
    }
    value->text = text;
    value->line = line;
    value->column = column;
  }
  // Rejects the row for a reason found by the format reader (e.g. a malformed record).
  void fail(std::uint64_t line, std::uint64_t column, std::string_view field, std::string reason, std::string message);
  // Validates the row and appends it. In strict mode a bad row returns its input error;
  // otherwise it is counted in the report and ok is returned.
  Status commit();

  // commit() in two halves, for readers that check rows on worker threads and append them later
  // in input order (ingest/parallel_csv.h). validate() checks the row and fills row (views into
  // the input and into this builder, valid until the next begin()); when it returns false,
  // take_error() says why. id_line and id_column locate the id, for duplicate_error().
  bool validate(ElementRow& row, std::uint64_t& id_line, std::uint64_t& id_column);
  RowError take_error() { return std::move(error_); }
  // The rejection commit() makes for an id that is already in the store.
  RowError duplicate_error(std::string_view id, std::uint64_t id_line, std::uint64_t id_column) const;
  // The store's index of this builder's file (ElementStore::source_files).
  std::uint32_t file_index() const { return file_index_; }

 private:
  struct Value {
    std::string_view text;
    std::uint64_t line = 0, column = 0;
  };
  // The value of a field, or an empty one (line and column 0) when the row did not set it.
  const Value& value(Field field) const {
    static const Value absent;
    const auto f = static_cast<std::size_t>(field);
    return (present_ >> f & 1) != 0 ? values_[f] : absent;
  }
  // True when the value may be kept; otherwise fails the row. The common case (clean input, a
  // short field) is decided inline, without the error path's stack frame.
  bool check_text(Field field, const Value& value) {
    if (clean_text_ && value.text.size() <= options_.max_field_bytes) return true;
    return check_text_slow(field, value);
  }
  bool check_text_slow(Field field, const Value& value);
  bool parse_number(Field field, const Value& value, double& out);
  bool parse_macs();
  SourceLocation where(Field field, const Value& value) const;

  ElementStore& store_;
  const IngestOptions& options_;
  IngestReport& report_;
  std::uint32_t file_index_;
  std::uint64_t line_ = 0;
  // Set fields, by bit: a row resets a word instead of every value.
  std::uint32_t present_ = 0;
  static_assert(kFieldCount <= 32);
  std::array<Value, kFieldCount> values_;
  std::vector<Value> mac_values_, tag_values_;
  std::vector<Mac> macs_;
  std::vector<std::string_view> tag_views_;
  std::vector<std::string> tag_scratch_;
  std::string tag_set_;
  std::string prefixed_id_, prefixed_uplink_;  // with IngestOptions::id_prefix
  bool failed_ = false;
  bool clean_text_ = false;
  RowError error_;
};

}  // namespace kitwatch
