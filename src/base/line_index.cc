#include "base/line_index.h"

#include <algorithm>
#include <utility>

namespace kitwatch {

LineIndex::LineIndex(std::string_view text) : size_(text.size()) {
  starts_.push_back(0);
  for (std::size_t pos = 0;;) {
    const void* nl = pos < text.size() ? std::memchr(text.data() + pos, '\n', text.size() - pos) : nullptr;
    if (nl == nullptr) break;
    pos = static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) + 1;
    starts_.push_back(pos);
  }
}

LineColumn LineIndex::at(std::size_t offset) const {
  offset = std::min(offset, size_);
  const auto after = std::upper_bound(starts_.begin(), starts_.end(), offset);
  const auto line = static_cast<std::size_t>(after - starts_.begin());
  return {line, offset - starts_[line - 1] + 1};
}

SourceLocation LineIndex::location(const std::string& file, std::size_t offset, std::string field) const {
  const LineColumn at_offset = at(offset);
  return SourceLocation{file, at_offset.line, at_offset.column, std::move(field)};
}

LineColumn line_and_column(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  const std::string_view before = text.substr(0, offset);
  const std::size_t nl = before.rfind('\n');
  const auto line = 1 + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
  return {line, offset - (nl == std::string_view::npos ? 0 : nl + 1) + 1};
}

}  // namespace kitwatch
