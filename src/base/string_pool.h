// Interned strings: each distinct string is stored once and named by a dense 32-bit id, so the
// element store's text columns are arrays of ids and per-row work never allocates.
//
// Id 0 is always the empty string, which the store uses for "absent".
// Thread safety: const members may be called concurrently; intern() needs exclusive access.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kitwatch {

using StrId = std::uint32_t;
// A string's hash as the pool uses it (a table never has more than 2^32 slots).
using StrHash = std::uint32_t;

class StringPool {
 public:
  StringPool();

  // Returns the id of text, adding it when new.
  StrId intern(std::string_view text);
  // Like intern, and says whether the string was new.
  StrId intern(std::string_view text, bool& inserted);
  // Like intern, with hash == hash_of(text) computed beforehand (on another thread, say).
  StrId intern_hashed(std::string_view text, StrHash hash, bool& inserted);
  // Starts loading the slot a later intern_hashed(…, hash, …) will probe first, so that a run of
  // interns into a table larger than the cache overlaps its memory waits.
  void prefetch(StrHash hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  static StrHash hash_of(std::string_view text);
  // Returns the id of text, or kMissing when it was never interned.
  StrId find(std::string_view text) const;

  std::string_view view(StrId id) const {
    return {bytes_.data() + offsets_[id], static_cast<std::size_t>(offsets_[id + 1] - offsets_[id])};
  }
  // Number of distinct strings, the empty string included.
  std::size_t size() const { return offsets_.size() - 1; }
  std::size_t memory_bytes() const;
  void reserve(std::size_t strings, std::size_t bytes);

  static constexpr StrId kMissing = 0xFFFFFFFFu;

 private:
  struct Slot {
    StrId id = kMissing;
    StrHash hash = 0;  // hash_of(the string)
  };
  void grow();
  void rehash(std::size_t slot_count);  // a power of two that size() does not make too_full
  // Linear probing stays short up to about 70 % full; a fuller table halves the memory of a pool
  // of ten million ids (and the time to clear it) against keeping it half empty.
  static bool too_full(std::size_t strings, std::size_t slots) { return strings * 10 > slots * 7; }

  std::string bytes_;
  std::vector<std::uint64_t> offsets_;  // string i is bytes_[offsets_[i], offsets_[i+1])
  std::vector<Slot> slots_;             // open addressing, linear probing, power-of-two size
};

}  // namespace kitwatch
