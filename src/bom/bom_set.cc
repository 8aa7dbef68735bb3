#include "base/read_file.h"
#include "bom/bom.h"
#include "bom/bom_internal.h"

namespace kitwatch {

std::string_view component_type_name(ComponentType type) {
  switch (type) {
    case ComponentType::kDevice:
      return "device";
    case ComponentType::kHardware:
      return "hardware";
    case ComponentType::kFirmware:
      return "firmware";
    case ComponentType::kOther:
      return "other";
    case ComponentType::kService:
      return "service";
  }
  return "other";
}

ComponentType component_type_of(std::string_view type_name) {
  if (type_name == "device") return ComponentType::kDevice;
  if (type_name == "hardware") return ComponentType::kHardware;
  if (type_name == "firmware") return ComponentType::kFirmware;
  return ComponentType::kOther;
}

BomIndex BomSet::add_party(std::string_view name, std::string_view country) {
  std::string key;
  key.reserve(name.size() + country.size() + 1);
  key.append(name).push_back('\x1f');
  key.append(country);
  auto [it, inserted] = party_index_.emplace(std::move(key), static_cast<BomIndex>(parties.size()));
  if (inserted) parties.push_back(BomParty{std::string(name), std::string(country)});
  return it->second;
}

void BomSet::truncate_parties(std::size_t n) {
  for (std::size_t i = n; i < parties.size(); ++i) {
    party_index_.erase(parties[i].name + '\x1f' + parties[i].country);
  }
  parties.resize(n);
}

std::string normalize_model(std::string_view model) {
  std::string out;
  out.reserve(model.size());
  for (const char ch : model) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
      out.push_back(ch);
    }
  }
  return out;
}

Status read_bom_file(const std::string& path, BomSet& bom, std::uint64_t max_file_bytes) {
  auto read = read_file(path, max_file_bytes, "BOM");
  if (!read.ok()) return read.status();
  const std::string& bytes = *read;
  std::size_t i = bytes.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  while (i < bytes.size() && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\n' || bytes[i] == '\r')) ++i;
  if (i < bytes.size() && bytes[i] == '{') return read_cyclonedx(bytes, path, bom);
  return read_bom_csv(bytes, path, bom);
}

}  // namespace kitwatch
