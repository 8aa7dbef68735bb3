// An RFC 4180 reader over bytes in memory: quoted fields, doubled quotes, embedded newlines, CRLF
// and a leading UTF-8 byte-order mark. Fields are views into the input (or into the record's own
// scratch buffer when a field had doubled quotes), valid until the next call to next().
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kitwatch {

struct CsvField {
  std::string_view text;
  std::uint64_t line = 0;    // 1-based line where the field starts
  std::uint64_t column = 0;  // 1-based byte column where the field starts
};

struct CsvRecord {
  std::vector<CsvField> fields;  // empty unless next() returned kRecord
  std::uint64_t line = 0;        // first line of the record
  std::uint64_t end_line = 0;    // last line (greater than line when a quoted field holds newlines)
  // Set when next() returns kBadRecord or kFatal.
  std::uint64_t error_line = 0, error_column = 0;
  std::string error;

 private:
  friend class CsvReader;
  // A field unquoted from doubled quotes lives in scratch_, which may move as it grows: its
  // text is pointed there once the record is complete.
  struct ScratchField {
    std::size_t field, begin, size;
  };
  std::vector<ScratchField> scratch_fields_;
  std::string scratch_;
};

// Size limits a reader enforces (see docs/limits.md); a record over one is a bad record located
// at the field or line, and reading goes on with the next line.
struct CsvLimits {
  std::uint64_t max_field_bytes = UINT64_MAX;
  std::uint64_t max_line_bytes = UINT64_MAX;  // one record, from its first byte to its line end
};

class CsvReader {
 public:
  enum class Next {
    kRecord,     // record holds a well-formed record
    kBadRecord,  // the record is malformed (error set); reading may go on with the next line
    kFatal,      // the rest of the input cannot be read (error set)
    kEnd,
  };

  CsvReader(std::string_view data, char delimiter, CsvLimits limits = {});
  // Reads the next non-blank record.
  Next next(CsvRecord& record);
  std::uint64_t line() const { return line_; }
  // Where the next record starts: past the line end of the one before, or the end of the data.
  std::size_t offset() const { return pos_; }
  // True once every byte has been read (line() may then still be the last line's number, when
  // the input does not end with a line feed).
  bool at_end() const { return pos_ >= data_.size(); }

 private:
  Next read_quoted(CsvRecord& record, std::uint64_t column);
  Next fail(CsvRecord& record, std::uint64_t column, std::string message, bool fatal);
  void skip_line();
  // The first delimiter, line feed, carriage return or quote at or after pos (the size if none).
  std::size_t find_special(std::size_t pos);
  std::uint64_t column_of(std::size_t pos) const { return pos - line_start_ + 1; }

  Next check_limits(CsvRecord& record, std::size_t record_begin);

  std::string_view data_;
  char delimiter_;
  CsvLimits limits_;
  std::size_t pos_ = 0;
  std::size_t line_start_ = 0;
  std::uint64_t line_ = 1;
  // find_special's bitmap of the special bytes in data_[mask_base_, mask_base_ + 64).
  std::size_t mask_base_ = SIZE_MAX;
  std::uint64_t mask_ = 0;
};

// True when bytes are valid UTF-8 (ASCII fast path).
bool is_valid_utf8(std::string_view bytes);

// One pass over a block of input: its line feeds, and whether it is clean text (valid UTF-8
// without NUL bytes, so readers may skip those checks per field). Eight ASCII bytes per step.
struct TextScan {
  std::uint64_t newlines = 0;
  bool clean = true;
};
TextScan scan_text(std::string_view bytes);

// Classic Mac text ends its lines with CR alone. When bytes has a CR and no LF anywhere, returns a
// copy with every CR written as LF (the same length, so every offset, line and column stays as it
// is), which the readers then read like any LF file; otherwise nothing. A file that mixes lone CRs
// with LFs is left alone: there a lone CR is data, and guessing would change the row count.
std::optional<std::string> cr_line_ends_as_lf(std::string_view bytes);

}  // namespace kitwatch
