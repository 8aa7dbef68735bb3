// The one CSV writer, for every module that writes CSV: RFC 4180 rows ending in "\n", a cell
// quoted when it holds a comma, quote, CR or LF, its quotes doubled.
//
// Two cell policies. Spreadsheet-safe is for reports people open in a spreadsheet: on top of the
// quoting, a text cell a spreadsheet would run as a formula (one starting with '=', '+', '-', '@',
// tab or carriage return, OWASP's "CSV injection") is written with a leading single quote, so it
// is shown as text; a plain number such as "-12.5" is data and left alone. Data is for files
// kitwatch itself reads back (the generator's inventories, links and demands), where that quote
// would corrupt an id or a negative number: quoting only.
//
// The writer appends to a buffer it owns and keeps its capacity across clear(), so a writer of
// millions of rows allocates nothing per row. Not thread-safe: one writer per thread.
#pragma once

#include <fmt/format.h>

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

namespace kitwatch {

enum class CsvCells {
  kSpreadsheetSafe,  // quoting, and no text cell a spreadsheet would run as a formula
  kData,             // quoting only: cells read back exactly as written
};

// True for an optional sign, digits with an optional fraction, and an optional exponent.
bool is_plain_number(std::string_view text);

// True when a spreadsheet-safe writer writes text with a leading single quote: it starts a
// formula and is not a plain number.
bool spreadsheet_would_run(std::string_view text);

class CsvWriter {
 public:
  explicit CsvWriter(CsvCells cells) : cells_(cells) {}

  // Cells of the current row, each after a comma but the first.
  CsvWriter& text(std::string_view cell);   // quoted as needed; neutralised under kSpreadsheetSafe
  CsvWriter& plain(std::string_view cell);  // as is: the caller knows it needs neither (a name of ours, a date)
  CsvWriter& number(double value);          // fmt's shortest round trip ("0.5", "1e+20", "nan"), as "{}"
  template <std::integral T>
  requires(!std::same_as<T, bool>) CsvWriter& number(T value) {
    begin_cell();
    fmt::format_to(fmt::appender(out_), "{}", value);
    return *this;
  }
  CsvWriter& fixed(double value, int decimals);  // as "{:.Nf}" writes it
  // To 12 significant digits ("{:.12g}"): a figure for people. Sums and ratios of fractional values
  // carry float noise in their last digits (0.9239999999999999) that a spreadsheet would show as
  // data; JSON keeps every digit.
  CsvWriter& figure(double value);
  CsvWriter& boolean(bool value) { return plain(value ? "true" : "false"); }
  // Ends the row with "\n"; the next cell starts a new row.
  void end_row();
  // A row of plain cells, the header of a table: "a,b,c" is written as given, then "\n".
  void header(std::string_view cells);

  // A cell built from pieces, for hot loops that would otherwise format a temporary string:
  // begin_cell(), then append() the pieces, which are written as is (the caller promises they
  // need no quoting).
  CsvWriter& begin_cell() {
    if (in_row_) out_.push_back(',');
    in_row_ = true;
    return *this;
  }
  void append(std::string_view piece) { out_.append(piece.data(), piece.data() + piece.size()); }
  void append(char ch) { out_.push_back(ch); }
  // value in decimal, zero-padded to width digits; by hand, as fmt's general path is slower.
  void append_uint(std::uint64_t value, int width = 0);

  std::string_view view() const { return {out_.data(), out_.size()}; }
  std::size_t size() const { return out_.size(); }
  // Forgets the text written so far (it has been flushed somewhere), keeping the capacity.
  void clear() { out_.clear(); }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  // The text written so far, and the writer cleared.
  std::string take();

 private:
  CsvCells cells_;
  bool in_row_ = false;
  fmt::memory_buffer out_;
};

}  // namespace kitwatch
