#include "topology/xml_reader.h"

#include <fmt/format.h>
#include <algorithm>
#include <charconv>

#include "base/utf8.h"

namespace kitwatch {
namespace {

constexpr std::size_t kMaxDepth = 256;

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == ':' || c == '-' || c == '.' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::string_view XmlReader::attribute(std::string_view key) const {
  for (const auto& [k, v] : attributes_) {
    if (k == key) return v;
  }
  return {};
}

XmlReader::Event XmlReader::fail(std::string message) {
  // "LINE: message" so callers print "file:LINE: message" like every other located error; the
  // line is where the offending token starts (after text, pos_ is already past its newline).
  error_ = fmt::format("{}: {}", line(), std::move(message));
  return Event::kError;
}

void XmlReader::advance(std::size_t n) {
  pos_ = std::min(pos_ + n, data_.size());
}

bool XmlReader::skip_until(std::string_view end) {
  const std::size_t at = data_.find(end, pos_);
  if (at == std::string_view::npos) return false;
  advance(at + end.size() - pos_);
  return true;
}

bool XmlReader::decode(std::string_view raw, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '&') {
      out += raw[i];
      continue;
    }
    const std::size_t semi = raw.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) return false;
    const std::string_view ent = raw.substr(i + 1, semi - i - 1);
    static const std::pair<std::string_view, char> kNamed[] = {
        {"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}};
    const auto named =
        std::find_if(std::begin(kNamed), std::end(kNamed), [&](const auto& p) { return p.first == ent; });
    if (named != std::end(kNamed)) {
      out += named->second;
    } else if (ent.size() > 1 && ent[0] == '#') {
      const bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::uint32_t cp = 0;
      const char* first = ent.data() + (hex ? 2 : 1);
      const auto [end, ec] = std::from_chars(first, ent.data() + ent.size(), cp, hex ? 16 : 10);
      // XML's Char production excludes NUL and the surrogates (they encode to no valid UTF-8).
      if (ec != std::errc() || end != ent.data() + ent.size() || cp == 0 || cp > 0x10FFFF ||
          (cp >= 0xD800 && cp <= 0xDFFF)) {
        return false;
      }
      append_utf8(cp, out);
    } else {
      return false;  // no other entity is defined: DTDs are refused
    }
    i = semi;
  }
  return true;
}

XmlReader::Event XmlReader::next() {
  if (pending_end_) {
    pending_end_ = false;
    open_.pop_back();
    return Event::kEnd;
  }
  for (;;) {
    start_ = pos_;
    if (pos_ >= data_.size()) {
      if (!open_.empty()) return fail(fmt::format("end of file inside <{}>", open_.back()));
      if (!started_) return fail("no root element");
      return Event::kDone;
    }
    if (data_[pos_] != '<') return read_text();
    const std::string_view rest = data_.substr(pos_);
    if (rest.starts_with("<!--")) {
      if (!skip_until("-->")) return fail("unterminated comment");
    } else if (rest.starts_with("<?")) {
      if (!skip_until("?>")) return fail("unterminated processing instruction");
    } else if (rest.starts_with("<![CDATA[")) {
      const std::size_t end = data_.find("]]>", pos_);
      if (end == std::string_view::npos) return fail("unterminated CDATA section");
      text_.assign(data_.substr(pos_ + 9, end - pos_ - 9));
      advance(end + 3 - pos_);
      return Event::kText;
    } else if (rest.starts_with("<!")) {
      return fail("DOCTYPE and markup declarations are not accepted");
    } else {
      return read_tag();
    }
  }
}

XmlReader::Event XmlReader::read_text() {
  const std::size_t end = std::min(data_.find('<', pos_), data_.size());
  const std::string_view raw = data_.substr(pos_, end - pos_);
  advance(end - pos_);
  if (!decode(raw, text_)) return fail("unknown entity or bad character reference in text");
  if (open_.empty() && !std::all_of(text_.begin(), text_.end(), is_space)) return fail("text outside the root element");
  return Event::kText;
}

XmlReader::Event XmlReader::read_tag() {
  const bool closing = data_.substr(pos_).starts_with("</");
  advance(closing ? 2 : 1);
  std::size_t p = pos_;
  while (p < data_.size() && is_name_char(data_[p])) ++p;
  if (p == pos_) return fail("expected a tag name after '<'");
  name_.assign(data_.substr(pos_, p - pos_));
  advance(p - pos_);
  attributes_.clear();
  std::string value;
  for (;;) {
    while (pos_ < data_.size() && is_space(data_[pos_])) advance(1);
    if (pos_ >= data_.size()) return fail(fmt::format("unterminated tag <{}>", name_));
    const char c = data_[pos_];
    if (c == '>' || (c == '/' && !closing && data_.substr(pos_).starts_with("/>"))) break;
    if (closing) return fail(fmt::format("unexpected '{}' in </{}>", c, name_));
    p = pos_;
    while (p < data_.size() && is_name_char(data_[p])) ++p;
    if (p == pos_ || p + 1 >= data_.size() || data_[p] != '=' || (data_[p + 1] != '"' && data_[p + 1] != '\'')) {
      return fail(fmt::format("expected name=\"value\" in <{}>", name_));
    }
    std::string key(data_.substr(pos_, p - pos_));
    // XML forbids it (well-formedness: unique attribute specification); which one holds is not known.
    for (const auto& [seen, ignored] : attributes_) {
      if (seen == key) return fail(fmt::format("attribute '{}' appears twice in <{}>", key, name_));
    }
    const char quote = data_[p + 1];
    const std::size_t end = data_.find(quote, p + 2);
    if (end == std::string_view::npos) return fail(fmt::format("unterminated attribute value in <{}>", name_));
    if (!decode(data_.substr(p + 2, end - p - 2), value)) return fail("unknown entity in an attribute value");
    attributes_.emplace_back(std::move(key), value);
    advance(end + 1 - pos_);
  }
  const bool self_closing = data_[pos_] == '/';
  advance(self_closing ? 2 : 1);
  if (closing) {
    if (open_.empty() || open_.back() != name_) return fail(fmt::format("</{}> does not close an open element", name_));
    open_.pop_back();
    return Event::kEnd;
  }
  if (open_.empty() && started_) return fail("a second root element");
  if (open_.size() >= kMaxDepth) return fail("elements nested too deeply");
  started_ = true;
  open_.push_back(name_);
  pending_end_ = self_closing;
  return Event::kStart;
}

}  // namespace kitwatch
