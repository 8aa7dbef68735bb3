#include "base/json_tree.h"

#include <algorithm>

#include "base/utf8.h"
#include "fmt/format.h"

namespace kitwatch::json_tree {

const Value* Value::get(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return &items[i];
  }
  return nullptr;
}

std::size_t Value::key_offset(std::string_view key) const {
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return key_offsets[i];
  }
  return offset;
}

std::string_view kind_name(Value::Kind kind) {
  switch (kind) {
    case Value::Kind::kNull:
      return "null";
    case Value::Kind::kBool:
      return "a boolean";
    case Value::Kind::kNumber:
      return "a number";
    case Value::Kind::kString:
      return "a string";
    case Value::Kind::kArray:
      return "an array";
    case Value::Kind::kObject:
      return "an object";
  }
  return "a value";
}

namespace {

class Parser {
 public:
  Parser(std::string_view bytes, std::size_t max_depth) : s_(bytes), max_depth_(max_depth) {}

  ParseResult run() {
    ParseResult result;
    skip_space();
    if (parse_value(result.root, 0)) {
      skip_space();
      if (pos_ != s_.size()) fail("unexpected text after the JSON document");
    }
    result.error = error_;
    result.error_offset = error_offset_;
    return result;
  }

 private:
  bool fail(std::string message) {
    if (error_.empty()) {
      error_ = std::move(message);
      error_offset_ = std::min(pos_, s_.size());
    }
    return false;
  }
  void skip_space() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) ++pos_;
  }
  bool literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return fail(fmt::format("expected '{}'", word));
    pos_ += word.size();
    return true;
  }

  bool parse_value(Value& v, std::size_t depth) {
    if (pos_ >= s_.size()) return fail("unexpected end of input: expected a value");
    v.offset = pos_;
    const char c = s_[pos_];
    switch (c) {
      case '{':
        return parse_object(v, depth + 1);
      case '[':
        return parse_array(v, depth + 1);
      case '"':
        v.kind = Value::Kind::kString;
        return parse_string(v.text);
      case 't':
        v.kind = Value::Kind::kBool;
        v.boolean = true;
        return literal("true");
      case 'f':
        v.kind = Value::Kind::kBool;
        return literal("false");
      case 'n':
        v.kind = Value::Kind::kNull;
        return literal("null");
      default:
        break;
    }
    if (c == '-' || (c >= '0' && c <= '9')) return parse_number(v);
    return fail(fmt::format("unexpected character '{}': expected a value", printable(c)));
  }

  static std::string printable(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7F ? std::string(1, c) : fmt::format("\\x{:02x}", u);
  }

  bool parse_object(Value& v, std::size_t depth) {
    if (depth > max_depth_) return fail(fmt::format("JSON nested deeper than {} levels", max_depth_));
    v.kind = Value::Kind::kObject;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == '}') return ++pos_, true;
    for (;;) {
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '"') return fail("expected a member name in quotes");
      const std::size_t key_at = pos_;
      std::string key;
      if (!parse_string(key)) return false;
      if (v.get(key)) {
        pos_ = key_at;
        return fail(fmt::format("duplicate member name '{}'", key));
      }
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != ':') return fail("expected ':' after a member name");
      ++pos_;
      skip_space();
      v.keys.push_back(std::move(key));
      v.key_offsets.push_back(key_at);
      v.items.emplace_back();
      if (!parse_value(v.items.back(), depth)) return false;
      if (const After next = after_item('}', "expected ',' or '}' in an object"); next != After::kNext) {
        return next == After::kClosed;
      }
    }
  }

  // What follows an item of an object or array: a ',' and the next item, or the closing
  // bracket, or anything else (which fails the parse).
  enum class After { kNext, kClosed, kFailed };
  After after_item(char close, std::string_view message) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ',') {
      ++pos_;
      return After::kNext;
    }
    if (pos_ < s_.size() && s_[pos_] == close) {
      ++pos_;
      return After::kClosed;
    }
    fail(std::string(message));
    return After::kFailed;
  }

  bool parse_array(Value& v, std::size_t depth) {
    if (depth > max_depth_) return fail(fmt::format("JSON nested deeper than {} levels", max_depth_));
    v.kind = Value::Kind::kArray;
    ++pos_;
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == ']') return ++pos_, true;
    for (;;) {
      skip_space();
      v.items.emplace_back();
      if (!parse_value(v.items.back(), depth)) return false;
      if (const After next = after_item(']', "expected ',' or ']' in an array"); next != After::kNext) {
        return next == After::kClosed;
      }
    }
  }

  bool parse_number(Value& v) {
    v.kind = Value::Kind::kNumber;
    const std::size_t begin = pos_;
    if (s_[pos_] == '-') ++pos_;
    auto digits = [&] {
      const std::size_t at = pos_;
      while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
      return pos_ > at;
    };
    if (pos_ < s_.size() && s_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return fail("expected digits in a number");
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      ++pos_;
      if (!digits()) return fail("expected digits after '.' in a number");
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) ++pos_;
      if (!digits()) return fail("expected digits in a number's exponent");
    }
    v.text.assign(s_.substr(begin, pos_ - begin));
    return true;
  }

  bool hex4(std::uint32_t& out) {
    if (pos_ + 4 > s_.size()) return fail("unexpected end of input in a \\u escape");
    out = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[pos_++];
      out <<= 4;
      if (h >= '0' && h <= '9')
        out |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        out |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        out |= static_cast<std::uint32_t>(h - 'A' + 10);
      else
        return --pos_, fail("expected four hex digits in a \\u escape");
    }
    return true;
  }

  bool escape(std::string& out) {
    if (pos_ >= s_.size()) return fail("unexpected end of input in a string");
    const char e = s_[pos_++];
    switch (e) {
      case '"':
        out += '"';
        return true;
      case '\\':
        out += '\\';
        return true;
      case '/':
        out += '/';
        return true;
      case 'b':
        out += '\b';
        return true;
      case 'f':
        out += '\f';
        return true;
      case 'n':
        out += '\n';
        return true;
      case 'r':
        out += '\r';
        return true;
      case 't':
        out += '\t';
        return true;
      case 'u':
        break;
      default:
        return --pos_, fail("unknown escape in a string");
    }
    std::uint32_t cp = 0;
    if (!hex4(cp)) return false;
    if (cp >= 0xD800 && cp < 0xDC00) {
      std::uint32_t low = 0;
      if (s_.substr(pos_, 2) != "\\u") return fail("a high surrogate must be followed by a low one");
      pos_ += 2;
      if (!hex4(low)) return false;
      if (low < 0xDC00 || low >= 0xE000) return fail("a high surrogate must be followed by a low one");
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    } else if (cp >= 0xDC00 && cp < 0xE000) {
      return fail("a low surrogate without a high one");
    }
    append_utf8(cp, out);
    return true;
  }

  bool parse_string(std::string& out) {
    ++pos_;  // the opening quote
    for (;;) {
      const std::size_t run = pos_;
      while (pos_ < s_.size() && s_[pos_] != '"' && s_[pos_] != '\\' && static_cast<unsigned char>(s_[pos_]) >= 0x20)
        ++pos_;
      out.append(s_.substr(run, pos_ - run));
      if (pos_ >= s_.size()) return fail("unexpected end of input in a string");
      const char c = s_[pos_];
      if (c == '"') return ++pos_, true;
      if (c != '\\') return fail("control character in a string");
      ++pos_;
      if (!escape(out)) return false;
    }
  }

  std::string_view s_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::string error_;
  std::size_t error_offset_ = 0;
};

}  // namespace

ParseResult parse(std::string_view bytes, std::size_t max_depth) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    ParseResult r = Parser(bytes.substr(3), max_depth).run();
    // Offsets are into the bytes after the byte-order mark; shift them back.
    r.error_offset += 3;
    struct Shift {
      static void apply(Value& v) {
        v.offset += 3;
        for (auto& k : v.key_offsets) k += 3;
        for (auto& i : v.items) apply(i);
      }
    };
    Shift::apply(r.root);
    return r;
  }
  return Parser(bytes, max_depth).run();
}

}  // namespace kitwatch::json_tree
