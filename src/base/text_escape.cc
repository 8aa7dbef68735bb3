#include "base/text_escape.h"

#include <fmt/format.h>

namespace kitwatch {
namespace {

// Appends the escape of a control character at text[i] and returns how many bytes it took, or
// returns 0 when text[i] starts no control character.
std::size_t append_control(std::string_view text, std::size_t i, std::string& out) {
  const auto byte = static_cast<unsigned char>(text[i]);
  if ((byte < 0x20 && byte != '\t' && byte != '\n') || byte == 0x7f) {
    out += fmt::format("\\x{:02x}", byte);
    return 1;
  }
  // U+0080..U+009F are C2 80..C2 9F in UTF-8.
  if (byte == 0xc2 && i + 1 < text.size()) {
    const auto next = static_cast<unsigned char>(text[i + 1]);
    if (next >= 0x80 && next <= 0x9f) {
      out += fmt::format("\\u{:04x}", next);
      return 2;
    }
  }
  return 0;
}

}  // namespace

std::string escape_controls(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    if (const std::size_t n = append_control(text, i, out); n > 0) {
      i += n;
    } else {
      out.push_back(text[i++]);
    }
  }
  return out;
}

std::string markdown_text(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const char ch = text[i];
    if (ch == '\n' || ch == '\r') {
      out += ' ';
      ++i;
      continue;
    }
    if (const std::size_t n = append_control(text, i, out); n > 0) {
      i += n;
      continue;
    }
    ++i;
    switch (ch) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '\\':
      case '|':
      case '*':
      case '_':
      case '`':
      case '[':
      case ']':
      case '#':
      case '!':
        out.push_back('\\');
        out.push_back(ch);
        break;
      default:
        out.push_back(ch);
    }
  }
  return out;
}

}  // namespace kitwatch
