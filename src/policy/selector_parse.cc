// The selector parser: a hand-written lexer and recursive descent over the grammar in
// docs/policy.md. Every error names the position of the token that is wrong.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "policy/selector.h"

namespace kitwatch {
namespace {

enum class FieldType : std::uint8_t { kText, kSet, kDate };

struct FieldInfo {
  std::string_view name;
  SelectorField field;
  FieldType type;  // text: ==, !=, in, not in; set: has; date: ==, !=, <, <=, >, >=
};

constexpr std::array<FieldInfo, 12> kFields = {{
    {"function", SelectorField::kFunction, FieldType::kText},
    {"region", SelectorField::kRegion, FieldType::kText},
    {"site", SelectorField::kSite, FieldType::kText},
    {"vendor", SelectorField::kVendor, FieldType::kText},
    {"model", SelectorField::kModel, FieldType::kText},
    {"tags", SelectorField::kTags, FieldType::kSet},
    {"installed", SelectorField::kInstalled, FieldType::kDate},
    {"entity.id", SelectorField::kEntityId, FieldType::kText},
    {"entity.controller", SelectorField::kEntityController, FieldType::kText},
    {"entity.country", SelectorField::kEntityCountry, FieldType::kText},
    {"entity.lists", SelectorField::kEntityLists, FieldType::kSet},
    {"entity.ids", SelectorField::kEntityIds, FieldType::kSet},
}};

std::string field_names() {
  std::string out;
  for (std::size_t i = 0; i < kFields.size(); ++i) out += fmt::format("{}{}", i ? ", " : "", kFields[i].name);
  return out;
}

constexpr std::size_t kMaxSelectorDepth = 100;

struct Token {
  enum class Kind { kWord, kString, kPunct, kEnd };
  Kind kind = Kind::kEnd;
  std::string text;
  std::size_t offset = 0;
};

bool word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':';
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class Parser {
 public:
  Parser(std::string_view text, const OffsetLocator& locate) : text_(text), locate_(locate) {}

  Result<SelectorNode> parse() {
    if (Status s = lex(); !s.ok()) return s;
    if (tokens_.front().kind == Token::Kind::kEnd) return error(tokens_.front(), "empty selector");
    auto node = parse_or();
    if (!node.ok()) return node;
    if (peek().kind != Token::Kind::kEnd) return error(peek(), fmt::format("unexpected '{}'", peek().text));
    return node;
  }

 private:
  Status error(const Token& at, const std::string& message) const {
    return Status::input(locate_(at.offset), fmt::format("selector: {}", message));
  }

  Status lex() {
    std::size_t i = 0;
    while (i < text_.size()) {
      const char c = text_[i];
      if (std::isspace(static_cast<unsigned char>(c))) {
        ++i;
      } else if (c == '"' || c == '\'') {
        const std::size_t close = text_.find(c, i + 1);
        if (close == std::string_view::npos) {
          return Status::input(locate_(i), "selector: unterminated string (no closing quote)");
        }
        tokens_.push_back({Token::Kind::kString, std::string(text_.substr(i + 1, close - i - 1)), i});
        i = close + 1;
      } else if ((c == '=' || c == '!' || c == '<' || c == '>') && i + 1 < text_.size() && text_[i + 1] == '=') {
        tokens_.push_back({Token::Kind::kPunct, std::string(text_.substr(i, 2)), i});
        i += 2;
      } else if (c == '<' || c == '>') {
        tokens_.push_back({Token::Kind::kPunct, std::string(1, c), i});
        ++i;
      } else if (c == '(' || c == ')' || c == '[' || c == ']' || c == ',') {
        tokens_.push_back({Token::Kind::kPunct, std::string(1, c), i});
        ++i;
      } else if (word_char(c)) {
        std::size_t j = i;
        while (j < text_.size() && word_char(text_[j])) ++j;
        tokens_.push_back({Token::Kind::kWord, std::string(text_.substr(i, j - i)), i});
        i = j;
      } else {
        return Status::input(
            locate_(i), fmt::format("selector: unexpected character '{}'{}", c, c == '=' ? " (compare with ==)" : ""));
      }
    }
    tokens_.push_back({Token::Kind::kEnd, "end of selector", text_.size()});
    return Status();
  }

  const Token& peek() const { return tokens_[pos_]; }
  const Token& next() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }
  bool is_word(const Token& t, std::string_view w) const { return t.kind == Token::Kind::kWord && lower(t.text) == w; }
  bool is_punct(const Token& t, std::string_view p) const { return t.kind == Token::Kind::kPunct && t.text == p; }

  Result<SelectorNode> parse_or() { return parse_chain("or", SelectorNode::Op::kOr, &Parser::parse_and); }
  Result<SelectorNode> parse_and() { return parse_chain("and", SelectorNode::Op::kAnd, &Parser::parse_unary); }

  Result<SelectorNode> parse_chain(std::string_view word, SelectorNode::Op op, Result<SelectorNode> (Parser::*part)()) {
    auto first = (this->*part)();
    if (!first.ok() || !is_word(peek(), word)) return first;
    SelectorNode node;
    node.op = op;
    node.children.push_back(std::move(*first));
    while (is_word(peek(), word)) {
      next();
      auto more = (this->*part)();
      if (!more.ok()) return more;
      node.children.push_back(std::move(*more));
    }
    return node;
  }

  Result<SelectorNode> parse_unary() {
    // Each `not` and `(` recurses: hostile nesting must be an error, not a stack overflow.
    const bool nests = is_word(peek(), "not") || is_punct(peek(), "(");
    if (!nests) return parse_comparison();
    if (depth_ == kMaxSelectorDepth) {
      return error(peek(), fmt::format("nested deeper than {} levels", kMaxSelectorDepth));
    }
    ++depth_;
    auto node = parse_nested();
    --depth_;
    return node;
  }

  Result<SelectorNode> parse_nested() {
    if (is_word(peek(), "not")) {
      next();
      auto inner = parse_unary();
      if (!inner.ok()) return inner;
      SelectorNode node;
      node.op = SelectorNode::Op::kNot;
      node.children.push_back(std::move(*inner));
      return node;
    }
    if (is_punct(peek(), "(")) {
      next();
      auto inner = parse_or();
      if (!inner.ok()) return inner;
      if (!is_punct(peek(), ")")) return error(peek(), fmt::format("expected ')' but found '{}'", peek().text));
      next();
      return inner;
    }
    return parse_comparison();
  }

  Result<SelectorNode> parse_comparison() {
    const Token& name = next();
    if (name.kind != Token::Kind::kWord) {
      return error(name, fmt::format("expected a field name but found '{}'", name.text));
    }
    const auto info =
        std::find_if(kFields.begin(), kFields.end(), [&](const FieldInfo& f) { return f.name == lower(name.text); });
    if (info == kFields.end()) {
      return error(name, fmt::format("unknown field '{}' (fields: {})", name.text, field_names()));
    }
    SelectorNode node;
    node.field = info->field;
    auto op = parse_operator(*info);
    if (!op.ok()) return op.status();
    node.op = *op;
    const bool many = node.op == SelectorNode::Op::kIn || node.op == SelectorNode::Op::kNotIn ||
                      (node.op == SelectorNode::Op::kHas && is_punct(peek(), "["));
    if (Status s = many ? parse_list(node) : parse_value(node); !s.ok()) return s;
    return node;
  }

  Result<SelectorNode::Op> parse_operator(const FieldInfo& info) {
    const Token& op = next();
    using Op = SelectorNode::Op;
    Op result;
    if (is_punct(op, "==")) {
      result = Op::kEq;
    } else if (is_punct(op, "!=")) {
      result = Op::kNe;
    } else if (is_word(op, "in")) {
      result = Op::kIn;
    } else if (is_word(op, "has")) {
      result = Op::kHas;
    } else if (is_punct(op, "<") || is_punct(op, "<=") || is_punct(op, ">") || is_punct(op, ">=")) {
      result = op.text == "<" ? Op::kLt : op.text == "<=" ? Op::kLe : op.text == ">" ? Op::kGt : Op::kGe;
    } else if (is_word(op, "not") && is_word(peek(), "in")) {
      next();
      result = Op::kNotIn;
    } else {
      return error(op, fmt::format("expected an operator (==, !=, in, not in, has, <, <=, >, >=) after '{}' but found "
                                   "'{}'",
                                   info.name, op.text));
    }
    const bool ordering = result >= Op::kLt;
    if (info.type == FieldType::kSet && result != Op::kHas) {
      return error(op, fmt::format("'{}' is a set of values: use 'has' (e.g. {} has \"x\")", info.name, info.name));
    }
    if (info.type == FieldType::kText && (result == Op::kHas || ordering)) {
      return error(op, fmt::format("'{}' is a single value: use ==, !=, in or not in", info.name));
    }
    if (info.type == FieldType::kDate && !ordering && result != Op::kEq && result != Op::kNe) {
      return error(op, fmt::format("'{}' is a date: use ==, !=, <, <=, > or >=", info.name));
    }
    return result;
  }

  Status parse_list(SelectorNode& node) {
    if (!is_punct(peek(), "[")) return error(peek(), fmt::format("expected '[' but found '{}'", peek().text));
    next();
    while (true) {
      if (Status s = parse_value(node); !s.ok()) return s;
      if (is_punct(peek(), "]")) break;
      if (!is_punct(peek(), ",")) return error(peek(), fmt::format("expected ',' or ']' but found '{}'", peek().text));
      next();
    }
    next();
    return Status();
  }

  Status parse_value(SelectorNode& node) {
    const Token& value = next();
    if (value.kind != Token::Kind::kWord && value.kind != Token::Kind::kString) {
      return error(value, fmt::format("expected a value but found '{}'", value.text));
    }
    std::string text = value.text;
    if (node.field == SelectorField::kFunction) {
      if (!parse_function(text)) {
        return error(value, fmt::format("'{}' is not a network function (core, transport, aggregation, access, ran, "
                                        "cpe, management, other)",
                                        text));
      }
      text = lower(text);
    }
    if (node.field == SelectorField::kTags) text = lower(text);  // tags are stored lower-case
    if (node.field == SelectorField::kInstalled && !Date::parse(text)) {
      return error(value, fmt::format("'{}' is not a real date in YYYY-MM-DD form", text));
    }
    node.values.push_back(std::move(text));
    node.where.push_back(locate_(value.offset));
    return Status();
  }

  std::string_view text_;
  const OffsetLocator& locate_;
  std::vector<Token> tokens_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
};

}  // namespace

Result<Selector> Selector::parse(std::string_view text, const OffsetLocator& locate) {
  auto root = Parser(text, locate).parse();
  if (!root.ok()) return root.status();
  Selector selector;
  selector.text_ = std::string(text);
  selector.root_ = std::move(*root);
  return selector;
}

namespace {
void collect_lists(const SelectorNode& node, std::vector<std::string>& out) {
  if (node.field == SelectorField::kEntityLists && node.children.empty()) {
    for (const std::string& v : node.values) {
      if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
    }
  }
  for (const SelectorNode& child : node.children) collect_lists(child, out);
}
}  // namespace

std::vector<std::string> Selector::lists_named() const {
  std::vector<std::string> out;
  collect_lists(root_, out);
  return out;
}

}  // namespace kitwatch
