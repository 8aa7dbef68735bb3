// The alias table that turns input column names and JSON keys into element fields.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"

namespace kitwatch {

enum class Field : std::uint8_t {
  kId,
  kName,
  kSite,
  kRegion,
  kFunction,
  kRole,
  kDeclaredVendor,
  kModel,
  kSoftwareVersion,
  kMacs,
  kSerial,
  kInstalled,
  kTraffic,
  kSubscribers,
  kUplink,
  kTags,
  kIgnore,  // a column the user chose to ignore with --map column=ignore
};
inline constexpr std::size_t kFieldCount = static_cast<std::size_t>(Field::kIgnore);

std::string_view field_name(Field field);
std::optional<Field> parse_field_name(std::string_view name);

// Lower-case, trimmed, with spaces, hyphens and dots turned into '_': "MAC Address" → "mac_address".
std::string normalize_column_name(std::string_view name);

class FieldMap {
 public:
  // The built-in aliases plus the user's column=field entries (which win).
  static Result<FieldMap> make(const std::vector<std::pair<std::string, std::string>>& user_map);
  // The field a column or key names, or nullopt when it names none.
  std::optional<Field> lookup(std::string_view column) const;
  // Every alias of each field, for documentation and --help.
  static const std::vector<std::pair<std::string_view, Field>>& builtin_aliases();

 private:
  std::vector<std::pair<std::string, Field>> user_;
};

}  // namespace kitwatch
