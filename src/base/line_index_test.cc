#include "base/line_index.h"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace kitwatch {
namespace {

// The definition, one byte at a time: a line starts after each '\n'; columns count bytes from 1.
LineColumn brute_force(std::string_view text, std::size_t offset) {
  LineColumn at;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++at.line;
      at.column = 1;
    } else {
      ++at.column;
    }
  }
  return at;
}

TEST(LineIndexTest, LineStartsEndsCrlfAndTheEndOfTheText) {
  const std::string text = "ab\r\ncd\n\nef";
  const LineIndex index(text);
  EXPECT_EQ(index.lines(), 4u);
  EXPECT_EQ(index.at(0), (LineColumn{1, 1}));   // a: start of the text
  EXPECT_EQ(index.at(2), (LineColumn{1, 3}));   // \r: the last byte of its line
  EXPECT_EQ(index.at(3), (LineColumn{1, 4}));   // \n ends line 1
  EXPECT_EQ(index.at(4), (LineColumn{2, 1}));   // c: after CRLF
  EXPECT_EQ(index.at(6), (LineColumn{2, 3}));   // \n ends line 2
  EXPECT_EQ(index.at(7), (LineColumn{3, 1}));   // the empty line 3
  EXPECT_EQ(index.at(8), (LineColumn{4, 1}));   // e
  EXPECT_EQ(index.at(10), (LineColumn{4, 3}));  // the end of the text
  EXPECT_EQ(index.at(99), (LineColumn{4, 3}));  // past the end is the end
}

TEST(LineIndexTest, EmptyTextAndATextEndingInANewline) {
  EXPECT_EQ(LineIndex("").at(0), (LineColumn{1, 1}));
  EXPECT_EQ(LineIndex("").lines(), 1u);
  const LineIndex index("x\n");
  EXPECT_EQ(index.at(2), (LineColumn{2, 1}));  // the end is on the line after the last newline
}

TEST(LineIndexTest, LocationNamesFileLineColumnAndField) {
  const SourceLocation where = LineIndex("{\n  \"a\": 1\n}").location("bom.json", 4, "a");
  EXPECT_EQ(where.to_string(), "bom.json:2:3 (field 'a')");
}

TEST(LineIndexTest, EveryLookupAgreesWithCountingByHandOnRandomText) {
  std::mt19937 random(17);
  for (int round = 0; round < 50; ++round) {
    std::string text(std::uniform_int_distribution<std::size_t>(0, 300)(random), 'x');
    for (char& c : text) c = "ab\n\r\n "[std::uniform_int_distribution<int>(0, 5)(random)];
    const LineIndex index(text);
    LineCounter counter(text);
    for (std::size_t offset = 0; offset <= text.size() + 2; ++offset) {
      const LineColumn expected = brute_force(text, offset);
      ASSERT_EQ(index.at(offset), expected) << "offset " << offset << " of '" << text << "'";
      ASSERT_EQ(counter.at(offset), expected) << "offset " << offset;
      ASSERT_EQ(line_and_column(text, offset), expected) << "offset " << offset;
    }
    // Out of order: the counter starts again rather than giving a wrong answer.
    for (int probe = 0; probe < 20; ++probe) {
      const std::size_t offset = std::uniform_int_distribution<std::size_t>(0, text.size())(random);
      ASSERT_EQ(counter.at(offset), brute_force(text, offset));
      ASSERT_EQ(index.at(offset), brute_force(text, offset));
    }
  }
}

}  // namespace
}  // namespace kitwatch
