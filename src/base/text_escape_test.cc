#include "base/text_escape.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

TEST(TextEscapeTest, ControlCharactersBecomeVisibleEscapes) {
  EXPECT_EQ(escape_controls("plain text, tab\tand\nline"), "plain text, tab\tand\nline");
  EXPECT_EQ(escape_controls("red \x1b[31mX\x1b[0m"), "red \\x1b[31mX\\x1b[0m");
  EXPECT_EQ(escape_controls("title \x1b]0;pwned\x07 bell"), "title \\x1b]0;pwned\\x07 bell");
  EXPECT_EQ(escape_controls(std::string("nul\0cr\rdel\x7f", 11)), "nul\\x00cr\\x0ddel\\x7f");
  EXPECT_EQ(escape_controls("csi \xc2\x9b"
                            "31m"),
            "csi \\u009b31m");  // U+009B, the one-byte CSI
  EXPECT_EQ(escape_controls("Zh\xc5\x8dngx\xc3\xacng \xe4\xb8\xad\xe5\x85\xb4"),
            "Zh\xc5\x8dngx\xc3\xacng \xe4\xb8\xad\xe5\x85\xb4");
  EXPECT_EQ(escape_controls("ends in \xc2"), "ends in \xc2");  // a cut sequence is not a control
}

TEST(TextEscapeTest, MarkdownTextCannotBreakATableOrRunMarkup) {
  EXPECT_EQ(markdown_text("a|b"), "a\\|b");
  EXPECT_EQ(markdown_text("two\nlines\r"), "two lines ");
  EXPECT_EQ(markdown_text("<script>&"), "&lt;script&gt;&amp;");
  EXPECT_EQ(markdown_text("*bold* [link](x) `code` #1 !img _u_ \\"),
            "\\*bold\\* \\[link\\](x) \\`code\\` \\#1 \\!img \\_u\\_ \\\\");
  EXPECT_EQ(markdown_text("esc\x1b[2J"), "esc\\x1b\\[2J");
}

}  // namespace
}  // namespace kitwatch
