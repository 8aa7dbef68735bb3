#include "registry/mac_registry.h"

#include <fmt/format.h>

#include <sys/stat.h>

#include <cerrno>
#include <charconv>
#include <filesystem>
#include <optional>

#include "base/csv_reader.h"
#include "base/read_file.h"

namespace kitwatch {
namespace {

constexpr int kBits[3] = {24, 28, 36};

int slot_of(int bits) {
  return bits == 24 ? 0 : bits == 28 ? 1 : 2;
}

// A file of the IEEE folder: nullopt when nothing is at path (the folder or the file is missing,
// which only leaves MAC evidence off); anything that is there must be a readable regular file.
Result<std::optional<std::string>> read_if_present(const std::string& path, std::uint64_t max_file_bytes) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) return std::optional<std::string>();
  auto text = read_file(path, max_file_bytes, "MAC registry file");
  if (!text.ok()) return text.status();
  return std::optional<std::string>(std::move(*text));
}

}  // namespace

Status MacRegistry::add_csv(std::string_view text, int bits, const std::string& name) {
  CsvReader reader(text, ',');
  CsvRecord record;
  bool header = true;
  for (;;) {
    const CsvReader::Next next = reader.next(record);
    if (next == CsvReader::Next::kEnd) return Status();
    if (next != CsvReader::Next::kRecord) {
      return Status::input(SourceLocation{name, record.error_line, record.error_column, ""}, record.error);
    }
    if (header) {
      header = false;
      if (record.fields.size() < 3 || record.fields[1].text != "Assignment") {
        return Status::input(SourceLocation{name, record.line, 1, ""},
                             "expected the IEEE header Registry,Assignment,Organization Name,...");
      }
      continue;
    }
    if (record.fields.size() < 3) {
      return Status::input(SourceLocation{name, record.line, 1, ""}, "expected Registry,Assignment,Organization Name");
    }
    const std::string_view hex = record.fields[1].text;
    std::uint64_t prefix = 0;
    const auto [end, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), prefix, 16);
    if (ec != std::errc() || end != hex.data() + hex.size() || hex.size() * 4 != static_cast<std::size_t>(bits)) {
      return Status::input(SourceLocation{name, record.line, record.fields[1].column, "Assignment"},
                           fmt::format("expected {} hex digits, got '{}'", bits / 4, hex));
    }
    const std::string_view org = record.fields[2].text;
    // Withheld names, and blocks the Registration Authority itself holds, identify no maker.
    if (org == "Private" || org.empty() || org == "IEEE Registration Authority") continue;
    by_prefix_[slot_of(bits)][prefix] = orgs_.intern(org);
    if (bits > 24) {
      const std::uint64_t oui = prefix >> (bits - 24);
      if (has_finer_.empty()) has_finer_.resize((std::uint64_t{1} << 24) / 64);
      has_finer_[oui / 64] |= std::uint64_t{1} << (oui % 64);
    }
    ++assignments_;
  }
}

Result<MacRegistry> MacRegistry::from_csv(std::string_view text, int bits, const std::string& name) {
  MacRegistry reg;
  if (Status s = reg.add_csv(text, bits, name); !s.ok()) return s;
  return reg;
}

Result<MacRegistry> MacRegistry::load(const std::string& dir, std::uint64_t max_file_bytes) {
  MacRegistry reg;
  reg.dir_ = dir;
  namespace fs = std::filesystem;
  const std::pair<const char*, int> files[] = {{"oui.csv", 24}, {"mam.csv", 28}, {"oui36.csv", 36}, {"iab.csv", 36}};
  for (const auto& [file, bits] : files) {
    const std::string path = (fs::path(dir) / file).string();
    auto text = read_if_present(path, max_file_bytes);
    if (!text.ok()) return text.status();
    if (!*text) continue;
    if (Status s = reg.add_csv(**text, bits, path); !s.ok()) return s;
  }
  // .lastupdate holds the Unix time the data was fetched.
  auto lastupdate = read_if_present((fs::path(dir) / ".lastupdate").string(), max_file_bytes);
  if (!lastupdate.ok()) return lastupdate.status();
  const std::string stamp = lastupdate->value_or("");
  std::int64_t seconds = 0;
  const auto [end, ec] = std::from_chars(stamp.data(), stamp.data() + stamp.size(), seconds);
  if (ec == std::errc() && end != stamp.data()) {
    reg.date_ = Date::from_days(static_cast<std::int32_t>(seconds / 86400)).to_string();
  }
  return reg;
}

StrId MacRegistry::lookup(Mac mac) const {
  const std::uint64_t oui = (mac >> 24) & 0xFFFFFF;
  // Most MACs fall under a plain 24-bit assignment: skip the two finer tables unless a 28- or
  // 36-bit block lies under this one.
  const bool finer = !has_finer_.empty() && ((has_finer_[oui / 64] >> (oui % 64)) & 1) != 0;
  for (int slot = finer ? 2 : 0; slot >= 0; --slot) {
    if (by_prefix_[slot].empty()) continue;
    const auto it = by_prefix_[slot].find(mac >> (48 - kBits[slot]));
    if (it != by_prefix_[slot].end()) return it->second;
  }
  return 0;
}

}  // namespace kitwatch
