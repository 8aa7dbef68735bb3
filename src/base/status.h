// The engine's one error model: functions that can fail on user input return a Status or a
// Result<T>; exceptions never cross a module boundary. The CLI maps ErrorKind to exit codes in
// exactly one place (cli/exit_codes.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace kitwatch {

enum class ErrorKind : std::uint8_t {
  kUsage,       // a wrong option or argument
  kInput,       // bad data in an input file
  kIo,          // a file that cannot be opened, read or written
  kInternal,    // a broken invariant inside kitwatch: a bug, never the user's fault
  kFindings,    // the run worked and found what a gate must fail on (policy violations)
  kIncomplete,  // the run worked but could not read everything: a gate cannot pass on it (rejected rows)
};

// Where in an input something was found. line and column are 1-based; 0 means unknown.
struct SourceLocation {
  std::string file;
  std::uint64_t line = 0;
  std::uint64_t column = 0;
  std::string field;  // column or key name, when known

  // "file:line:column (field 'x')", leaving out what is unknown.
  std::string to_string() const;
};

class Status {
 public:
  Status() = default;
  static Status usage(std::string message) { return Status(ErrorKind::kUsage, std::move(message)); }
  static Status io(std::string message) { return Status(ErrorKind::kIo, std::move(message)); }
  static Status internal(std::string message) {
    return Status(ErrorKind::kInternal, "internal error: " + std::move(message));
  }
  static Status input(std::string message) { return Status(ErrorKind::kInput, std::move(message)); }
  static Status findings(std::string message) { return Status(ErrorKind::kFindings, std::move(message)); }
  static Status incomplete(std::string message) { return Status(ErrorKind::kIncomplete, std::move(message)); }
  // An input error prefixed with its location: "inv.csv:3:7 (field 'traffic'): expected ...".
  static Status input(const SourceLocation& where, const std::string& message);

  bool ok() const { return !error_.has_value(); }
  ErrorKind kind() const { return error_ ? error_->first : ErrorKind::kInternal; }
  const std::string& message() const;

 private:
  Status(ErrorKind kind, std::string message) : error_(std::in_place, kind, std::move(message)) {}
  std::optional<std::pair<ErrorKind, std::string>> error_;
};

// A value or the Status saying why there is none.
template <typename T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : state_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(state_); }
  const Status& status() const { return std::get<Status>(state_); }
  T& value() { return std::get<T>(state_); }
  const T& value() const { return std::get<T>(state_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace kitwatch
