// Fuzzes CsvReader directly, with ',' and '\t', against a plain character-by-character reference
// reader written from the contract in csv_reader.h. Besides agreeing with the reference on every
// record, field, line and column, the reader must keep its own promises:
//  - each field view lies inside the input, or (when the field had doubled quotes) in the record's
//    scratch buffer: scratch fields of one record are laid end to end in order, never overlap the
//    input, and every byte of every view is read here so AddressSanitizer sees a stale one;
//  - lines never go backwards, and every call but the last consumes input (so reading ends).
// scan_text (line feeds and clean text in one pass) is checked against a count and the checks.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/csv_reader.h"
#include "fuzz_check.h"

namespace kitwatch::fuzz {
namespace {

using Next = CsvReader::Next;

struct RefField {
  std::string text;
  std::uint64_t line = 0, column = 0;
};

struct RefRecord {
  std::vector<RefField> fields;
  std::uint64_t line = 0, end_line = 0, error_line = 0, error_column = 0;
};

// The reference: one byte at a time, building each field's text in a fresh string.
class ReferenceCsv {
 public:
  ReferenceCsv(std::string_view data, char delimiter) : d_(data), delimiter_(delimiter) {
    if (d_.starts_with("\xEF\xBB\xBF")) pos_ = line_start_ = 3;
  }

  std::uint64_t line() const { return line_; }

  Next next(RefRecord& r) {
    while (at_line_end(pos_)) advance_line_end();
    if (pos_ >= d_.size()) return Next::kEnd;
    r = RefRecord{};
    r.line = line_;
    for (;;) {
      RefField field{"", line_, pos_ - line_start_ + 1};
      if (pos_ < d_.size() && d_[pos_] == '"') {
        if (!quoted(field.text)) {
          r.error_line = field.line;
          r.error_column = field.column;
          return Next::kFatal;
        }
        if (pos_ < d_.size() && d_[pos_] != delimiter_ && !at_line_end(pos_)) return bad(r);
      } else {
        while (pos_ < d_.size() && d_[pos_] != delimiter_ && !at_line_end(pos_)) {
          if (d_[pos_] == '"') return bad(r);
          field.text.push_back(d_[pos_++]);
        }
      }
      r.fields.push_back(std::move(field));
      if (pos_ < d_.size() && d_[pos_] == delimiter_) {
        ++pos_;
        continue;
      }
      break;
    }
    r.end_line = line_;
    if (pos_ < d_.size()) advance_line_end();
    return Next::kRecord;
  }

 private:
  bool at_line_end(std::size_t p) const {
    return p < d_.size() && (d_[p] == '\n' || (d_[p] == '\r' && p + 1 < d_.size() && d_[p + 1] == '\n'));
  }
  void advance_line_end() {
    pos_ += d_[pos_] == '\r' ? 2 : 1;
    line_start_ = pos_;
    ++line_;
  }
  // Reads a quoted field from its opening quote; false (state untouched) when it never closes.
  bool quoted(std::string& text) {
    std::size_t p = pos_ + 1, line_start = line_start_;
    std::uint64_t line = line_;
    for (;; ++p) {
      if (p >= d_.size()) return false;
      if (d_[p] == '"') {
        if (p + 1 < d_.size() && d_[p + 1] == '"') {
          text.push_back('"');
          ++p;
          continue;
        }
        break;
      }
      if (d_[p] == '\n') {
        ++line;
        line_start = p + 1;
      }
      text.push_back(d_[p]);
    }
    pos_ = p + 1;
    line_ = line;
    line_start_ = line_start;
    return true;
  }
  // A malformed record: report where, then skip to the next line.
  Next bad(RefRecord& r) {
    r.error_line = line_;
    r.error_column = pos_ - line_start_ + 1;
    const std::size_t nl = d_.find('\n', pos_);
    pos_ = nl == std::string_view::npos ? d_.size() : nl + 1;
    line_start_ = pos_;
    ++line_;
    return Next::kBadRecord;
  }

  std::string_view d_;
  char delimiter_;
  std::size_t pos_ = 0, line_start_ = 0;
  std::uint64_t line_ = 1;
};

bool inside(std::string_view part, std::string_view whole) {
  const auto p = reinterpret_cast<std::uintptr_t>(part.data());
  const auto w = reinterpret_cast<std::uintptr_t>(whole.data());
  return p >= w && p + part.size() <= w + whole.size();
}

bool overlaps(std::string_view a, std::string_view b) {
  const auto pa = reinterpret_cast<std::uintptr_t>(a.data());
  const auto pb = reinterpret_cast<std::uintptr_t>(b.data());
  return pa < pb + b.size() && pb < pa + a.size();
}

void check_views(const CsvRecord& record, std::string_view input) {
  const char* scratch_end = nullptr;  // where the next scratch field must start
  for (const CsvField& f : record.fields) {
    if (f.text.empty() || inside(f.text, input)) continue;
    KITWATCH_FUZZ_CHECK(!overlaps(f.text, input));
    if (scratch_end != nullptr) KITWATCH_FUZZ_CHECK(f.text.data() == scratch_end);
    scratch_end = f.text.data() + f.text.size();
  }
}

void check_record(const CsvRecord& record, const RefRecord& ref, std::string_view input) {
  KITWATCH_FUZZ_CHECK(!record.fields.empty());
  KITWATCH_FUZZ_CHECK(record.fields.size() == ref.fields.size());
  KITWATCH_FUZZ_CHECK(record.line == ref.line && record.end_line == ref.end_line);
  KITWATCH_FUZZ_CHECK(record.end_line >= record.line);
  check_views(record, input);
  for (std::size_t i = 0; i < ref.fields.size(); ++i) {
    const CsvField& f = record.fields[i];
    KITWATCH_FUZZ_CHECK(f.text == ref.fields[i].text);  // reads every byte of the view
    KITWATCH_FUZZ_CHECK(f.line == ref.fields[i].line && f.column == ref.fields[i].column);
    KITWATCH_FUZZ_CHECK(f.line >= record.line && f.line <= record.end_line && f.column >= 1);
  }
}

void read_all(std::string_view input, char delimiter) {
  CsvReader reader(input, delimiter);
  ReferenceCsv reference(input, delimiter);
  CsvRecord record;
  RefRecord ref;
  std::uint64_t last_line = reader.line();
  // Every call that returns a record consumes at least one byte, so this many calls must reach the end.
  for (std::size_t calls = 0;; ++calls) {
    KITWATCH_FUZZ_CHECK(calls <= input.size() + 1);
    const Next next = reader.next(record);
    KITWATCH_FUZZ_CHECK(next == reference.next(ref));
    if (next == Next::kEnd) break;
    if (next == Next::kRecord) {
      check_record(record, ref, input);
      KITWATCH_FUZZ_CHECK(record.line >= last_line);
    } else {
      KITWATCH_FUZZ_CHECK(!record.error.empty());
      KITWATCH_FUZZ_CHECK(record.error_line == ref.error_line && record.error_column == ref.error_column);
      KITWATCH_FUZZ_CHECK(record.error_line >= last_line && record.error_column >= 1);
    }
    if (next == Next::kFatal) return;  // the rest of the input is unreadable by contract
    KITWATCH_FUZZ_CHECK(reader.line() == reference.line());
    KITWATCH_FUZZ_CHECK(reader.line() >= last_line);
    last_line = reader.line();
  }
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::read_all(input, ',');
  kitwatch::fuzz::read_all(input, '\t');
  // The bulk pre-scan of large inputs against a plain count and the per-field checks.
  const kitwatch::TextScan scan = kitwatch::scan_text(input);
  KITWATCH_FUZZ_CHECK(scan.newlines == static_cast<std::uint64_t>(std::count(input.begin(), input.end(), '\n')));
  KITWATCH_FUZZ_CHECK(scan.clean == (input.find('\0') == std::string_view::npos && kitwatch::is_valid_utf8(input)));
  return 0;
}
