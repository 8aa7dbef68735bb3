// A strict pull reader for the XML subset GraphML and SNDlib XML use (private to src/topology).
// Elements, attributes, text, comments, CDATA and processing instructions. A DOCTYPE or any other
// markup declaration is refused, and only the five predefined entities and character references
// are expanded, so entity-expansion attacks cannot happen. Tags must nest.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/line_index.h"

namespace kitwatch {

class XmlReader {
 public:
  enum class Event { kStart, kEnd, kText, kDone, kError };

  explicit XmlReader(std::string_view bytes) : data_(bytes), lines_(bytes) {}
  // The next event. After kStart: name() and attributes(); after kEnd: name(); after kText:
  // text(); after kError: error(). A self-closing tag yields kStart then kEnd.
  Event next();
  const std::string& name() const { return name_; }
  const std::vector<std::pair<std::string, std::string>>& attributes() const { return attributes_; }
  std::string_view attribute(std::string_view key) const;
  const std::string& text() const { return text_; }
  const std::string& error() const { return error_; }
  std::uint64_t line() const { return lines_.at(start_).line; }  // line of the current event's start

 private:
  Event fail(std::string message);
  Event read_tag();
  Event read_text();
  bool skip_until(std::string_view end);
  bool decode(std::string_view raw, std::string& out);
  void advance(std::size_t n);

  std::string_view data_;
  LineIndex lines_;
  std::size_t pos_ = 0, start_ = 0;  // where reading is, and where the current event started
  std::string name_, text_, error_;
  std::vector<std::pair<std::string, std::string>> attributes_;
  std::vector<std::string> open_;
  bool pending_end_ = false, started_ = false;
};

}  // namespace kitwatch
