// A small strict JSON reader that keeps each value's byte offset, so an error (in a BOM, in an operator
// return) can say where it is: nlohmann-json forgets positions once parsed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace kitwatch::json_tree {

struct Value {
  enum class Kind : std::uint8_t { kNull, kBool, kNumber, kString, kArray, kObject };
  Kind kind = Kind::kNull;
  bool boolean = false;
  std::size_t offset = 0;                // the value's first byte
  std::string text;                      // a string's decoded value, or a number as written
  std::vector<Value> items;              // array elements, or object member values
  std::vector<std::string> keys;         // object member names, parallel to items
  std::vector<std::size_t> key_offsets;  // where each member name starts

  // The member named key, or nullptr.
  const Value* get(std::string_view key) const;
  std::size_t key_offset(std::string_view key) const;
};

std::string_view kind_name(Value::Kind kind);

// Parses one JSON document (RFC 8259; duplicate member names and nesting deeper than max_depth
// are errors). On failure, error_offset says where.
struct ParseResult {
  Value root;
  std::string error;
  std::size_t error_offset = 0;
  bool ok() const { return error.empty(); }
};
ParseResult parse(std::string_view bytes, std::size_t max_depth);

}  // namespace kitwatch::json_tree
