#include "ingest/field_map.h"

#include <fmt/format.h>

namespace kitwatch {
namespace {

constexpr std::array<std::string_view, kFieldCount + 1> kFieldNames = {"id",
                                                                       "name",
                                                                       "site",
                                                                       "region",
                                                                       "function",
                                                                       "role",
                                                                       "declared_vendor",
                                                                       "model",
                                                                       "software_version",
                                                                       "macs",
                                                                       "serial",
                                                                       "installed",
                                                                       "traffic",
                                                                       "subscribers",
                                                                       "uplink",
                                                                       "tags",
                                                                       "ignore"};

}  // namespace

std::string_view field_name(Field field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

std::optional<Field> parse_field_name(std::string_view name) {
  const std::string norm = normalize_column_name(name);
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (norm == kFieldNames[i]) return static_cast<Field>(i);
  }
  return std::nullopt;
}

std::string normalize_column_name(std::string_view name) {
  while (!name.empty() && (name.front() == ' ' || name.front() == '\t')) name.remove_prefix(1);
  while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
  std::string out;
  out.reserve(name.size());
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '-' || c == '.') c = '_';
    out.push_back(c);
  }
  return out;
}

const std::vector<std::pair<std::string_view, Field>>& FieldMap::builtin_aliases() {
  static const std::vector<std::pair<std::string_view, Field>> kAliases = {
      {"id", Field::kId},
      {"element_id", Field::kId},
      {"device_id", Field::kId},
      {"node_id", Field::kId},
      {"asset_id", Field::kId},
      {"uid", Field::kId},
      {"name", Field::kName},
      {"hostname", Field::kName},
      {"device_name", Field::kName},
      {"label", Field::kName},
      {"site", Field::kSite},
      {"site_name", Field::kSite},
      {"pop", Field::kSite},
      {"exchange", Field::kSite},
      {"region", Field::kRegion},
      {"area", Field::kRegion},
      {"province", Field::kRegion},
      {"county", Field::kRegion},
      {"function", Field::kFunction},
      {"network_function", Field::kFunction},
      {"role", Field::kRole},
      {"device_role", Field::kRole},
      {"declared_vendor", Field::kDeclaredVendor},
      {"vendor", Field::kDeclaredVendor},
      {"manufacturer", Field::kDeclaredVendor},
      {"make", Field::kDeclaredVendor},
      {"maker", Field::kDeclaredVendor},
      {"brand", Field::kDeclaredVendor},
      {"vendor_name", Field::kDeclaredVendor},
      {"mfr", Field::kDeclaredVendor},
      {"model", Field::kModel},
      {"device_type", Field::kModel},
      {"model_name", Field::kModel},
      {"device_model", Field::kModel},
      {"type", Field::kModel},
      {"hardware_model", Field::kModel},
      {"software_version", Field::kSoftwareVersion},
      {"software", Field::kSoftwareVersion},
      {"sw_version", Field::kSoftwareVersion},
      {"firmware", Field::kSoftwareVersion},
      {"firmware_version", Field::kSoftwareVersion},
      {"os_version", Field::kSoftwareVersion},
      {"version", Field::kSoftwareVersion},
      {"platform", Field::kSoftwareVersion},
      {"macs", Field::kMacs},
      {"mac", Field::kMacs},
      {"mac_address", Field::kMacs},
      {"mac_addresses", Field::kMacs},
      {"macaddress", Field::kMacs},
      {"hw_address", Field::kMacs},
      {"serial", Field::kSerial},
      {"serial_number", Field::kSerial},
      {"serialnumber", Field::kSerial},
      {"sn", Field::kSerial},
      {"installed", Field::kInstalled},
      {"install_date", Field::kInstalled},
      {"installed_date", Field::kInstalled},
      {"installation_date", Field::kInstalled},
      {"in_service_date", Field::kInstalled},
      {"traffic", Field::kTraffic},
      {"traffic_gbps", Field::kTraffic},
      {"throughput", Field::kTraffic},
      {"subscribers", Field::kSubscribers},
      {"subs", Field::kSubscribers},
      {"customers", Field::kSubscribers},
      {"subscriber_count", Field::kSubscribers},
      {"uplink", Field::kUplink},
      {"parent", Field::kUplink},
      {"upstream", Field::kUplink},
      {"uplink_id", Field::kUplink},
      {"parent_id", Field::kUplink},
      {"access_node", Field::kUplink},
      {"tags", Field::kTags},
      {"tag", Field::kTags},
      {"labels", Field::kTags},
  };
  return kAliases;
}

Result<FieldMap> FieldMap::make(const std::vector<std::pair<std::string, std::string>>& user_map) {
  FieldMap map;
  for (const auto& [column, field] : user_map) {
    const auto parsed = parse_field_name(field);
    if (!parsed) {
      std::string known;
      for (auto name : kFieldNames) known += fmt::format("{}{}", known.empty() ? "" : ", ", name);
      return Status::usage(
          fmt::format("--map {}={}: unknown field '{}' (known fields: {})", column, field, field, known));
    }
    map.user_.emplace_back(normalize_column_name(column), *parsed);
  }
  return map;
}

std::optional<Field> FieldMap::lookup(std::string_view column) const {
  const std::string norm = normalize_column_name(column);
  for (const auto& [name, field] : user_) {
    if (name == norm) return field;
  }
  for (const auto& [alias, field] : builtin_aliases()) {
    if (alias == norm) return field;
  }
  return std::nullopt;
}

}  // namespace kitwatch
