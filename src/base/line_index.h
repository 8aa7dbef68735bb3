// Byte offset → 1-based line and column, the one way every reader locates an error in a text.
// A line ends after its '\n' (a '\r' before it is the last byte of that line, so CRLF text counts
// like LF text); a column counts bytes from the start of its line. An offset past the end of the
// text is taken as the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kitwatch {

struct LineColumn {
  std::uint64_t line = 1;
  std::uint64_t column = 1;
  bool operator==(const LineColumn&) const = default;
};

// For many lookups in any order: one pass builds a table of line starts, each lookup is a binary
// search. The table holds one offset per line; the text itself is not kept.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text);
  LineColumn at(std::size_t offset) const;
  SourceLocation location(const std::string& file, std::size_t offset, std::string field = "") const;
  std::size_t lines() const { return starts_.size(); }

 private:
  std::vector<std::size_t> starts_;
  std::size_t size_ = 0;
};

// For lookups in file order over a large text (a reader locating rows as it goes): counts lines
// forward from the last lookup and keeps no table. An offset before the last one counts again
// from the start. text must outlive the counter.
class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  LineColumn at(std::size_t offset) {
    if (offset > text_.size()) offset = text_.size();
    if (offset < counted_) *this = LineCounter(text_);
    while (counted_ < offset) {
      const void* nl = std::memchr(text_.data() + counted_, '\n', offset - counted_);
      if (nl == nullptr) {
        counted_ = offset;
        break;
      }
      counted_ = static_cast<std::size_t>(static_cast<const char*>(nl) - text_.data()) + 1;
      ++line_;
      line_start_ = counted_;
    }
    return {line_, offset - line_start_ + 1};
  }

 private:
  std::string_view text_;
  std::size_t counted_ = 0, line_start_ = 0;
  std::uint64_t line_ = 1;
};

// One lookup without a table, for an error path that asks once.
LineColumn line_and_column(std::string_view text, std::size_t offset);

}  // namespace kitwatch
