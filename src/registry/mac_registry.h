// The IEEE MAC address registry (MA-L 24-bit, MA-M 28-bit, MA-S/IAB 36-bit prefixes) as Debian's
// ieee-data package ships it. A MAC's organisation is that of its longest assigned prefix.
//
// Thread safety: immutable after load(); share freely.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/read_file.h"
#include "base/status.h"
#include "base/string_pool.h"
#include "model/element_store.h"

namespace kitwatch {

inline constexpr const char* kDefaultIeeeDir = "/usr/share/ieee-data";

class MacRegistry {
 public:
  // Reads oui.csv, mam.csv, oui36.csv and iab.csv from dir. A missing folder or file is not an
  // error: the registry is then empty and available() is false (callers warn that MAC evidence is
  // off). A file that is there but cannot be read, is not a regular file or is over
  // max_file_bytes is an error (base/read_file.h); a malformed one is an input error naming file
  // and line.
  static Result<MacRegistry> load(const std::string& dir, std::uint64_t max_file_bytes = kDefaultMaxFileBytes);
  // A registry from CSV texts in memory (tests): each with its prefix length in bits.
  static Result<MacRegistry> from_csv(std::string_view text, int bits, const std::string& name);

  bool available() const { return assignments_ > 0; }
  std::size_t assignments() const { return assignments_; }
  const std::string& date() const { return date_; }  // YYYY-MM-DD of the data, when known
  const std::string& dir() const { return dir_; }

  // The organisation id of the longest prefix assigned over mac, or 0 when none is.
  StrId lookup(Mac mac) const;
  std::string_view organisation(StrId org) const { return orgs_.view(org); }
  std::size_t organisations() const { return orgs_.size(); }

 private:
  Status add_csv(std::string_view text, int bits, const std::string& name);

  StringPool orgs_;
  std::unordered_map<std::uint64_t, StrId> by_prefix_[3];  // 24, 28, 36 bits
  std::vector<std::uint64_t> has_finer_;                   // bit per 24-bit prefix: a 28/36-bit block lies under it
  std::size_t assignments_ = 0;
  std::string date_, dir_;
};

}  // namespace kitwatch
