#include "base/status.h"

#include <fmt/format.h>

namespace kitwatch {

std::string SourceLocation::to_string() const {
  std::string out = file.empty() ? std::string("<input>") : file;
  if (line > 0) out += fmt::format(":{}", line);
  if (line > 0 && column > 0) out += fmt::format(":{}", column);
  if (!field.empty()) out += fmt::format(" (field '{}')", field);
  return out;
}

Status Status::input(const SourceLocation& where, const std::string& message) {
  return Status(ErrorKind::kInput, where.to_string() + ": " + message);
}

const std::string& Status::message() const {
  static const std::string kEmpty;
  return error_ ? error_->second : kEmpty;
}

}  // namespace kitwatch
