#include "base/csv_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace kitwatch {

CsvReader::CsvReader(std::string_view data, char delimiter, CsvLimits limits)
    : data_(data), delimiter_(delimiter), limits_(limits) {
  if (data_.starts_with("\xEF\xBB\xBF")) pos_ = line_start_ = 3;
}

CsvReader::Next CsvReader::fail(CsvRecord& record, std::uint64_t column, std::string message, bool fatal) {
  record.error_line = line_;
  record.error_column = column;
  record.error = std::move(message);
  record.fields.clear();  // the fields read so far may point into a scratch buffer that moved
  if (!fatal) skip_line();
  return fatal ? Next::kFatal : Next::kBadRecord;
}

void CsvReader::skip_line() {
  const void* nl = std::memchr(data_.data() + pos_, '\n', data_.size() - pos_);
  pos_ = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - data_.data()) + 1 : data_.size();
  line_start_ = pos_;
  ++line_;
}

CsvReader::Next CsvReader::next(CsvRecord& record) {
  // Blank lines separate nothing in RFC 4180; they are skipped, not counted as rows.
  while (pos_ < data_.size() &&
         (data_[pos_] == '\n' || (data_[pos_] == '\r' && pos_ + 1 < data_.size() && data_[pos_ + 1] == '\n'))) {
    pos_ += data_[pos_] == '\r' ? 2 : 1;
    line_start_ = pos_;
    ++line_;
  }
  if (pos_ >= data_.size()) return Next::kEnd;
  record.fields.clear();
  record.scratch_fields_.clear();
  record.scratch_.clear();
  record.error.clear();
  record.line = line_;
  const std::size_t record_begin = pos_;
  const char* const data = data_.data();
  const std::size_t size = data_.size();
  for (;;) {
    const std::uint64_t column = column_of(pos_);
    if (pos_ < size && data[pos_] == '"') {
      if (Next n = read_quoted(record, column); n != Next::kRecord) return n;
    } else {
      const std::size_t begin = pos_;
      while ((pos_ = find_special(pos_)) < size) {
        const char c = data[pos_];
        if (c == delimiter_ || c == '\n') break;
        if (c == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n') break;
        if (c == '"')
          return fail(record, column_of(pos_),
                      "a quote inside an unquoted field (quote the whole field and double the quote)", false);
        ++pos_;  // a lone carriage return is field text
      }
      record.fields.push_back({std::string_view(data + begin, pos_ - begin), line_, column});
    }
    // Now at a delimiter, a line end, or the end of input.
    if (pos_ < size && data[pos_] == delimiter_) {
      ++pos_;
      continue;
    }
    break;
  }
  if (Next n = check_limits(record, record_begin); n != Next::kRecord) return n;
  record.end_line = line_;
  if (pos_ < size) {
    pos_ += data[pos_] == '\r' ? 2 : 1;
    line_start_ = pos_;
    ++line_;
  }
  for (const auto& f : record.scratch_fields_) {
    record.fields[f.field].text = std::string_view(record.scratch_).substr(f.begin, f.size);
  }
  return Next::kRecord;
}

std::size_t CsvReader::find_special(std::size_t pos) {
  const char* const data = data_.data();
  const std::size_t size = data_.size();
#if defined(__SSE2__)
  // A bitmap of the special bytes of 64 bytes at a time, kept between calls: a record's short
  // fields are then found by shifting one mask instead of scanning again from each field.
  if (pos >= mask_base_ && pos - mask_base_ < 64) {
    if (const std::uint64_t rest = mask_ >> (pos - mask_base_); rest != 0) {
      return pos + static_cast<std::size_t>(__builtin_ctzll(rest));
    }
    pos = mask_base_ + 64;
  }
  const __m128i delimiter = _mm_set1_epi8(delimiter_), newline = _mm_set1_epi8('\n'),
                carriage_return = _mm_set1_epi8('\r'), quote = _mm_set1_epi8('"');
  const auto special16 = [&](const char* p) {
    const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i hits =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(block, delimiter), _mm_cmpeq_epi8(block, newline)),
                     _mm_or_si128(_mm_cmpeq_epi8(block, carriage_return), _mm_cmpeq_epi8(block, quote)));
    return static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(hits)));
  };
  while (pos + 64 <= size) {
    const char* p = data + pos;
    mask_base_ = pos;
    mask_ = special16(p) | special16(p + 16) << 16 | special16(p + 32) << 32 | special16(p + 48) << 48;
    if (mask_ != 0) return pos + static_cast<std::size_t>(__builtin_ctzll(mask_));
    pos += 64;
  }
#endif
  for (; pos < size; ++pos) {
    const char c = data[pos];
    if (c == delimiter_ || c == '\n' || c == '\r' || c == '"') return pos;
  }
  return size;
}

// Called at the record's line end, before it is consumed, so a failure skips just this line.
CsvReader::Next CsvReader::check_limits(CsvRecord& record, std::size_t record_begin) {
  if (pos_ - record_begin > limits_.max_line_bytes) {
    return fail(record, 1,
                fmt::format("the record is {} bytes long, more than the limit of {} (raise it with --max-line-bytes)",
                            pos_ - record_begin, limits_.max_line_bytes),
                false);
  }
  if (limits_.max_field_bytes == UINT64_MAX) return Next::kRecord;
  for (const CsvField& f : record.fields) {
    // A scratch field's text is not pointed yet, but its size is already right.
    if (f.text.size() > limits_.max_field_bytes) {
      record.error_line = f.line;
      record.error_column = f.column;
      record.error =
          fmt::format("a field is {} bytes long, more than the limit of {} (raise it with --max-field-bytes)",
                      f.text.size(), limits_.max_field_bytes);
      record.fields.clear();
      skip_line();
      return Next::kBadRecord;
    }
  }
  return Next::kRecord;
}

CsvReader::Next CsvReader::read_quoted(CsvRecord& record, std::uint64_t column) {
  const std::uint64_t open_line = line_;
  const char* const data = data_.data();
  const std::size_t size = data_.size();
  std::size_t begin = ++pos_;
  bool in_scratch = false;
  std::size_t scratch_begin = 0;
  for (;;) {
    const void* q = std::memchr(data + pos_, '"', size - pos_);
    const std::size_t quote = q ? static_cast<std::size_t>(static_cast<const char*>(q) - data) : size;
    // Count the newlines the field spans, so later locations stay right.
    for (std::size_t i = pos_; i < quote; ++i) {
      if (data[i] == '\n') {
        ++line_;
        line_start_ = i + 1;
      }
    }
    if (quote == size) {
      line_ = open_line;
      return fail(record, column, "unterminated quoted field (it opens here and runs to the end of the file)", true);
    }
    const bool doubled = quote + 1 < size && data[quote + 1] == '"';
    if (doubled && !in_scratch) {
      in_scratch = true;
      scratch_begin = record.scratch_.size();
      record.scratch_.append(data + begin, quote + 1 - begin);
    } else if (in_scratch) {
      record.scratch_.append(data + pos_, quote + (doubled ? 1 : 0) - pos_);
    }
    pos_ = quote + (doubled ? 2 : 1);
    if (doubled) continue;
    if (in_scratch) {
      const std::size_t scratch_size = record.scratch_.size() - scratch_begin;
      record.scratch_fields_.push_back({record.fields.size(), scratch_begin, scratch_size});
      // Sized now (check_limits reads the size); pointed into the scratch once the record ends.
      record.fields.push_back({std::string_view(data, scratch_size), open_line, column});
    } else {
      record.fields.push_back({std::string_view(data + begin, quote - begin), open_line, column});
    }
    break;
  }
  if (pos_ == size || data[pos_] == delimiter_ || data[pos_] == '\n' ||
      (data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n')) {
    return Next::kRecord;
  }
  return fail(record, column_of(pos_),
              "unexpected text after a closing quote (expected a delimiter or the end of the line)", false);
}

namespace {

// The length of the UTF-8 sequence starting at s[i] (s[i] >= 0x80), or 0 when it is not a valid
// one: a bad lead or continuation byte, an overlong form, a surrogate or a value past U+10FFFF.
std::size_t utf8_sequence_length(const unsigned char* s, std::size_t i, std::size_t n) {
  const unsigned char c = s[i];
  std::size_t len;
  std::uint32_t cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2;
    cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3;
    cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (i + len > n) return 0;
  for (std::size_t k = 1; k < len; ++k) {
    if ((s[i + k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (s[i + k] & 0x3F);
  }
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
      (cp >= 0xD800 && cp <= 0xDFFF)) {
    return 0;
  }
  return len;
}

#if !defined(__SSE2__)
constexpr std::uint64_t kEveryByte = 0x0101010101010101ull;
constexpr std::uint64_t kHighBits = 0x8080808080808080ull;
#endif

// True when the 16 bytes at p are all ASCII.
bool ascii_block(const unsigned char* p) {
#if defined(__SSE2__)
  return _mm_movemask_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))) == 0;
#else
  std::uint64_t words[2];
  std::memcpy(words, p, 16);
  return ((words[0] | words[1]) & kHighBits) == 0;
#endif
}

// Walks bytes as UTF-8, sixteen ASCII bytes per step: on_block(p) for each such step at p,
// on_byte(c) for the other ASCII bytes, and bad() at each byte that starts no valid sequence,
// after which the walk goes on from the next byte if bad() returns true and stops otherwise.
template <typename OnBlock, typename OnByte, typename Bad>
void walk_utf8(std::string_view bytes, OnBlock on_block, OnByte on_byte, Bad bad) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  std::size_t i = 0;
  while (i < n) {
    if (i + 16 <= n && ascii_block(s + i)) {
      on_block(s + i);
      i += 16;
      continue;
    }
    if (s[i] < 0x80) {
      on_byte(s[i]);
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i, n);
    if (len != 0) {
      i += len;
    } else if (bad()) {
      ++i;  // no sequence holds a line feed, so resuming one byte on keeps counts right
    } else {
      return;
    }
  }
}

}  // namespace

bool is_valid_utf8(std::string_view bytes) {
  bool valid = true;
  walk_utf8(
      bytes, [](const unsigned char*) {}, [](unsigned char) {}, [&] { return valid = false; });
  return valid;
}

std::optional<std::string> cr_line_ends_as_lf(std::string_view bytes) {
  if (bytes.find('\r') == std::string_view::npos || bytes.find('\n') != std::string_view::npos) return std::nullopt;
  std::string out(bytes);
  std::replace(out.begin(), out.end(), '\r', '\n');
  return out;
}

TextScan scan_text(std::string_view bytes) {
  TextScan out;
  walk_utf8(
      bytes,
      [&](const unsigned char* p) {
#if defined(__SSE2__)
        const __m128i block = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_setzero_si128())) != 0) out.clean = false;
        // Line feeds are sparse (one a record): clearing the mask's bits one by one beats a
        // popcount, which without -mpopcnt is a library call.
        for (auto newlines = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(block, _mm_set1_epi8('\n'))));
             newlines != 0; newlines &= newlines - 1) {
          ++out.newlines;
        }
#else
        for (int half = 0; half < 2; ++half) {
          std::uint64_t word;
          std::memcpy(&word, p + 8 * half, 8);
          // Any zero byte (a NUL): exact as a yes/no, whatever the other bytes.
          if (((word - kEveryByte) & ~word & kHighBits) != 0) out.clean = false;
          // Line feeds: zero bytes of word ^ '\n'. For ASCII bytes, adding 0x7F to the low seven
          // bits sets the high bit exactly for the nonzero ones.
          const std::uint64_t x = word ^ (kEveryByte * '\n');
          const std::uint64_t nonzero = (((x & ~kHighBits) + ~kHighBits) | x) & kHighBits;
          out.newlines += 8 - static_cast<std::uint64_t>(__builtin_popcountll(nonzero));
        }
#endif
      },
      [&](unsigned char c) {
        if (c == '\n') ++out.newlines;
        if (c == 0) out.clean = false;
      },
      [&] {
        out.clean = false;
        return true;
      });
  return out;
}

}  // namespace kitwatch
