// A read-only memory map of a whole file: the fastest way to hand a large inventory to the
// parsers, which work on bytes in memory.
#pragma once

#include <string>
#include <string_view>

#include "base/status.h"

namespace kitwatch {

class MappedFile {
 public:
  MappedFile() = default;
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  MappedFile(MappedFile&& other) noexcept;
  MappedFile& operator=(MappedFile&& other) noexcept;
  ~MappedFile();

  // Maps a regular file (RegularFile::open says what is refused, and how errors read); what names
  // the input in messages ("inventory", "links file").
  static Result<MappedFile> open(const std::string& path, std::string_view what = "file");
  std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }
  // Drops the resident pages wholly inside [begin, end) from this process's memory. The bytes stay
  // readable: a later read faults them back in from the page cache.
  void release(std::size_t begin, std::size_t end) const;

 private:
  void* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace kitwatch
