// Fuzzes the two small value parsers every inventory row goes through, parse_mac and Date::parse,
// on the whole input and on each of its lines, against reference parsers written from their
// documented contracts, and checks that formatting round-trips:
//  - parse_mac(x) == v implies format_mac(v), and v written in each other accepted notation, parse
//    back to v;
//  - Date::parse(x) == d implies d.to_string() == x (the form is exact) and parses back to d.
// A line of three decimal integers "Y-M-D" (any width, optional sign) also goes to Date::from_ymd,
// which must accept exactly the real dates of years 1900..2200.
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "base/date.h"
#include "fuzz_check.h"
#include "model/element_store.h"

namespace kitwatch::fuzz {
namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Hex digits at the given positions of text, or nullopt when any is not one.
std::optional<Mac> hex_groups(std::string_view text, std::size_t group, char separator) {
  Mac value = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (separator != 0 && i % (group + 1) == group) {
      if (text[i] != separator) return std::nullopt;
      continue;
    }
    const int v = hex_digit(text[i]);
    if (v < 0) return std::nullopt;
    value = (value << 4) | static_cast<Mac>(v);
  }
  return value;
}

// The notations element_store.h documents, after trimming spaces and tabs.
std::optional<Mac> reference_mac(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  if (text.size() == 12) return hex_groups(text, 12, 0);          // aabbccddeeff
  if (text.size() == 14) return hex_groups(text, 4, '.');         // aabb.ccdd.eeff
  if (text.size() == 17 && (text[2] == ':' || text[2] == '-')) {  // aa:bb:.. or AA-BB-..
    return hex_groups(text, 2, text[2]);
  }
  return std::nullopt;
}

void check_mac(std::string_view text) {
  const std::optional<Mac> mac = parse_mac(text);
  KITWATCH_FUZZ_CHECK(mac == reference_mac(text));
  if (!mac) return;
  KITWATCH_FUZZ_CHECK(*mac < (Mac{1} << 48));
  const std::string canonical = format_mac(*mac);
  KITWATCH_FUZZ_CHECK(canonical.size() == 17 && parse_mac(canonical) == mac);
  const auto part = [&](int shift, int width) { return (*mac >> shift) & ((Mac{1} << width) - 1); };
  for (const std::string& other : {fmt::format("{:012x}", *mac), fmt::format("{:012X}", *mac),
                                   fmt::format("{:02X}-{:02X}-{:02X}-{:02X}-{:02X}-{:02X}", part(40, 8), part(32, 8),
                                               part(24, 8), part(16, 8), part(8, 8), part(0, 8)),
                                   fmt::format("{:04x}.{:04x}.{:04x}", part(32, 16), part(16, 16), part(0, 16)),
                                   fmt::format(" \t{}\t ", canonical)}) {
    KITWATCH_FUZZ_CHECK(parse_mac(other) == mac);
  }
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
std::int64_t days_from_civil(std::int64_t y, std::int64_t m, std::int64_t d) {
  y -= m <= 2 ? 1 : 0;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<std::int64_t> reference_ymd(std::int64_t y, std::int64_t m, std::int64_t d) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return std::nullopt;  // every date YYYY-MM-DD can write
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[m - 1] + (m == 2 && leap ? 1 : 0)) return std::nullopt;
  return days_from_civil(y, m, d);
}

std::optional<std::int64_t> reference_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::int64_t parts[3] = {0, 0, 0};
  const std::size_t at[3][2] = {{0, 4}, {5, 7}, {8, 10}};
  for (int p = 0; p < 3; ++p) {
    for (std::size_t i = at[p][0]; i < at[p][1]; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  return reference_ymd(parts[0], parts[1], parts[2]);
}

void check_date(std::string_view text) {
  const std::optional<Date> date = Date::parse(text);
  const std::optional<std::int64_t> expected = reference_date(text);
  KITWATCH_FUZZ_CHECK(date.has_value() == expected.has_value());
  if (!date) return;
  KITWATCH_FUZZ_CHECK(date->days() == *expected);
  KITWATCH_FUZZ_CHECK(date->to_string() == text);
  KITWATCH_FUZZ_CHECK(Date::parse(date->to_string()) == date);
}

// "Y-M-D" as three ints of any width; false unless the whole text is exactly that.
bool split_ints(std::string_view text, int (&out)[3]) {
  const char* p = text.data();
  const char* const end = text.data() + text.size();
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (p == end || *p != '-') return false;
      ++p;
    }
    const auto [next, ec] = std::from_chars(p, end, out[i]);
    if (ec != std::errc()) return false;
    p = next;
  }
  return p == end;
}

void check_from_ymd(std::string_view text) {
  int ymd[3];
  if (!split_ints(text, ymd)) return;
  const std::optional<Date> date = Date::from_ymd(ymd[0], ymd[1], ymd[2]);
  const std::optional<std::int64_t> expected = reference_ymd(ymd[0], ymd[1], ymd[2]);
  KITWATCH_FUZZ_CHECK(date.has_value() == expected.has_value());
  if (date) KITWATCH_FUZZ_CHECK(date->days() == *expected && Date::parse(date->to_string()) == date);
}

void check_text(std::string_view text) {
  check_mac(text);
  check_date(text);
  check_from_ymd(text);
}

}  // namespace
}  // namespace kitwatch::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  kitwatch::fuzz::check_text(input);
  // Each line too, so one corpus file can hold many values.
  std::size_t start = 0;
  while (start < input.size()) {
    std::size_t end = input.find('\n', start);
    if (end == std::string_view::npos) end = input.size();
    std::string_view line = input.substr(start, end - start);
    if (line.ends_with('\r')) line.remove_suffix(1);
    kitwatch::fuzz::check_text(line);
    start = end + 1;
  }
  return 0;
}
