// Text from inputs, made safe for where it is shown. A terminal acts on control characters (an
// ESC in a vendor name can rewrite what the operator sees), and Markdown on its own punctuation, so
// inventory text never reaches either as it is.
#pragma once

#include <string>
#include <string_view>

namespace kitwatch {

// C0 control characters other than tab and line feed, DEL, and the C1 controls (U+0080 to U+009F,
// which some terminals also obey) written as visible escapes: "\x1b", "\x7f", "\u009b". Everything
// else, other UTF-8 included, is kept.
std::string escape_controls(std::string_view text);

// A Markdown cell or line: control characters escaped as above, line ends as spaces, '<', '>' and
// '&' as entities (no HTML), and Markdown's own punctuation (\ | * _ ` [ ] # !) backslash-escaped.
std::string markdown_text(std::string_view text);

}  // namespace kitwatch
