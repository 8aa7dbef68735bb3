// Finds where one JSON value ends without building it, so large arrays can be read one element at
// a time (bounded memory, exact locations) and hostile nesting is refused before any parser recurses.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace kitwatch {

inline constexpr std::size_t kMaxJsonDepth = 64;

struct JsonScan {
  std::size_t end = 0;  // one past the value's last byte
  std::string error;    // empty on success
  std::size_t error_offset = 0;
};

// Scans the value starting at bytes[begin] (which must not be whitespace).
JsonScan scan_json_value(std::string_view bytes, std::size_t begin, std::size_t max_depth = kMaxJsonDepth);

// Index of the first byte at or after pos that is not JSON whitespace.
std::size_t skip_json_space(std::string_view bytes, std::size_t pos);

// json::parse of text (throwing on a syntax error when allow_exceptions, else a discarded value),
// and in duplicate the first key that appears twice in one object, "" when none does: nlohmann
// keeps the last of them, which would hide the other ({"vendor":"Huawei","vendor":"Nokia"}).
nlohmann::json parse_json_value(std::string_view text, bool allow_exceptions, std::string& duplicate);

}  // namespace kitwatch
