#include "base/string_pool.h"

#include <functional>

namespace kitwatch {

StringPool::StringPool() : offsets_{0}, slots_(16) {
  intern(std::string_view());
}

StrHash StringPool::hash_of(std::string_view text) {
  // The low half of libstdc++'s string hash (a good 64-bit Murmur-style hash). It is kept in the
  // slot: its low bits pick the home slot, so growing needs no string, and a mismatch rules out a
  // string without touching its bytes.
  return static_cast<StrHash>(std::hash<std::string_view>{}(text));
}

StrId StringPool::intern(std::string_view text) {
  bool inserted = false;
  return intern(text, inserted);
}

StrId StringPool::intern(std::string_view text, bool& inserted) {
  // Absent fields are the most common value of many columns: no hashing for them (the empty
  // string's slot, made by the constructor, is never probed: intern_hashed answers 0 first).
  return intern_hashed(text, text.empty() ? 0 : hash_of(text), inserted);
}

StrId StringPool::intern_hashed(std::string_view text, StrHash hash, bool& inserted) {
  if (text.empty() && size() > 0) {
    inserted = false;
    return 0;
  }
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    Slot& slot = slots_[i];
    if (slot.id == kMissing) {
      const auto id = static_cast<StrId>(size());
      bytes_.append(text);
      offsets_.push_back(bytes_.size());
      slot = Slot{id, hash};
      inserted = true;
      if (too_full(size(), slots_.size())) grow();
      return id;
    }
    if (slot.hash == hash && view(slot.id) == text) {
      inserted = false;
      return slot.id;
    }
  }
}

StrId StringPool::find(std::string_view text) const {
  if (text.empty()) return 0;
  const StrHash hash = hash_of(text);
  std::size_t mask = slots_.size() - 1;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.id == kMissing) return kMissing;
    if (slot.hash == hash && view(slot.id) == text) return slot.id;
  }
}

void StringPool::grow() {
  rehash(slots_.size() * 2);
}

void StringPool::rehash(std::size_t slot_count) {
  std::vector<Slot> bigger(slot_count);
  const std::size_t mask = bigger.size() - 1;
  // A slot keeps its string's hash, whose low bits pick the home slot, so
  // growing moves slots without touching (or hashing) a single string.
  for (const Slot& slot : slots_) {
    if (slot.id == kMissing) continue;
    std::size_t i = slot.hash & mask;
    while (bigger[i].id != kMissing) i = (i + 1) & mask;
    bigger[i] = slot;
  }
  slots_.swap(bigger);
}

void StringPool::reserve(std::size_t strings, std::size_t bytes) {
  bytes_.reserve(bytes);
  offsets_.reserve(strings + 1);
  std::size_t want = 16;
  while (too_full(strings, want)) want *= 2;
  if (want > slots_.size()) rehash(want);  // once, straight to the final size
}

std::size_t StringPool::memory_bytes() const {
  return bytes_.capacity() + offsets_.capacity() * sizeof(std::uint64_t) + slots_.capacity() * sizeof(Slot);
}

}  // namespace kitwatch
