#include "base/utf8.h"

#include <gtest/gtest.h>

#include "base/csv_reader.h"

namespace kitwatch {
namespace {

// Each encoding length at its first and last code point, against the bytes the standard gives.
TEST(Utf8Test, EncodesEachLengthAtItsBounds) {
  const std::pair<std::uint32_t, std::string> cases[] = {
      {0x0, std::string(1, '\0')},
      {0x7F, "\x7F"},
      {0x80, "\xC2\x80"},
      {0x7FF, "\xDF\xBF"},
      {0x800, "\xE0\xA0\x80"},
      {0xFFFF, "\xEF\xBF\xBF"},
      {0x10000, "\xF0\x90\x80\x80"},
      {0x10FFFF, "\xF4\x8F\xBF\xBF"},
      {0xE9, "\xC3\xA9"},
  };
  for (const auto& [cp, bytes] : cases) {
    std::string out = "x";
    append_utf8(cp, out);
    EXPECT_EQ(out, "x" + bytes) << std::hex << cp;
  }
}

// Every scalar value encodes to a sequence the UTF-8 validator accepts, of the right length.
TEST(Utf8Test, EveryScalarValueEncodesToValidUtf8) {
  std::string out;
  for (std::uint32_t cp = 1; cp <= 0x10FFFF; cp += (cp < 0x1000 ? 1 : 97)) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    out.clear();
    append_utf8(cp, out);
    const std::size_t expected = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    ASSERT_EQ(out.size(), expected) << std::hex << cp;
    ASSERT_TRUE(is_valid_utf8(out)) << std::hex << cp;
  }
}

}  // namespace
}  // namespace kitwatch
