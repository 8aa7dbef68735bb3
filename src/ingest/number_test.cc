// parse_non_negative against std::from_chars, the reference it must equal bit for bit: the fast
// path for plain decimals is only right if every value it gives is from_chars' value.
#include "ingest/number.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

namespace kitwatch {
namespace {

// from_chars' value, and whether the reader must accept the text.
bool reference(const std::string& text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out) && out >= 0;
}

void expect_same(const std::string& text) {
  double fast = -1, slow = -1;
  const bool ok = parse_non_negative(text, fast);
  ASSERT_EQ(ok, reference(text, slow)) << "'" << text << "'";
  if (ok) {
    ASSERT_EQ(std::memcmp(&fast, &slow, sizeof fast), 0) << "'" << text << "': " << fast << " vs " << slow;
  }
}

TEST(NumberTest, PlainDecimalsEqualFromCharsBitForBit) {
  std::mt19937_64 rng(8);
  for (int i = 0; i < 200000; ++i) {
    // Up to 15 digits split between the integer part and the fraction, often with zeros.
    const int int_digits = 1 + static_cast<int>(rng() % 9), frac_digits = static_cast<int>(rng() % 8);
    std::string text;
    for (int d = 0; d < int_digits; ++d) text += static_cast<char>('0' + (rng() % 4 == 0 ? 0 : rng() % 10));
    if (frac_digits > 0) {
      text += '.';
      for (int d = 0; d < frac_digits; ++d) text += static_cast<char>('0' + rng() % 10);
    }
    expect_same(text);
  }
}

TEST(NumberTest, EdgesAndOtherFormsAgreeWithFromChars) {
  for (const char* text : {"0",
                           "0.0",
                           "00012.50",
                           "8359.546",
                           "999999999999999",
                           "999999999999999.9",
                           "9999999999999999",
                           "0.000000000000001",
                           "123456789012345",
                           "1234567890.12345",
                           "12345678901.23456",
                           "1e3",
                           "1.5E-2",
                           "12.",
                           ".5",
                           "-0",
                           "-1",
                           "+1",
                           "inf",
                           "nan",
                           "1e400",
                           "0x10",
                           "",
                           "1.2.3",
                           "12a",
                           " 1",
                           "1,5",
                           "4503599627370497",
                           "9007199254740993",
                           "0.1",
                           "0.2",
                           "0.3",
                           "2.675",
                           "1.005"}) {
    expect_same(text);
  }
}

}  // namespace
}  // namespace kitwatch
