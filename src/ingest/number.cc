#include "ingest/number.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace kitwatch {
namespace {

// Powers of ten a double holds exactly.
constexpr double kExactPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                   1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

// digits[.digits] with at most 15 digits in all: the digits as an integer m < 2^53 and k digits
// after the point, so the value m / 10^k is one correctly rounded division of two exact doubles
// (Clinger's fast path), the value from_chars gives. False for anything else.
bool parse_plain_decimal(std::string_view text, double& out) {
  std::uint64_t mantissa = 0;
  std::size_t digits = 0, fraction = 0, i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++digits) {
    mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
  }
  if (digits == 0) return false;
  if (i < text.size() && text[i] == '.') {
    for (++i; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++fraction) {
      mantissa = mantissa * 10 + static_cast<std::uint64_t>(text[i] - '0');
    }
    if (fraction == 0) return false;  // "12." is left to from_chars
  }
  if (i != text.size() || digits + fraction > 15) return false;
  out = static_cast<double>(mantissa) / kExactPowers[fraction];
  return true;
}

}  // namespace

bool parse_non_negative(std::string_view text, double& out) {
  if (parse_plain_decimal(text, out)) return true;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

}  // namespace kitwatch
