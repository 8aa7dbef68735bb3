// Reading input files, the same way for every reader of the engine: only regular files are read
// (a directory, FIFO, socket or device is refused at once, never waited on or read forever), a
// file over the size limit is a located input error naming --max-file-bytes, and an error names
// the path and what the file was meant to be ("policy pack", "BOM", ...).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/status.h"

namespace kitwatch {

// The default of --max-file-bytes (docs/limits.md): far above any real input.
inline constexpr std::uint64_t kDefaultMaxFileBytes = 64ull << 30;

// An open, read-only descriptor of a regular file, closed on destruction. Opening never blocks:
// the path is checked with stat, opened with O_NONBLOCK and checked again with fstat (the file may
// have been swapped in between), so a FIFO without a writer is refused rather than waited on.
class RegularFile {
 public:
  RegularFile() = default;
  RegularFile(const RegularFile&) = delete;
  RegularFile& operator=(const RegularFile&) = delete;
  RegularFile(RegularFile&& other) noexcept;
  RegularFile& operator=(RegularFile&& other) noexcept;
  ~RegularFile();

  // Io errors: "PATH: cannot open the WHAT: <strerror>", "PATH: not a regular file (a FIFO)".
  static Result<RegularFile> open(const std::string& path, std::string_view what);
  int fd() const { return fd_; }
  std::uint64_t size() const { return size_; }  // as fstat saw it when opened

 private:
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// An input error located at path:1:1 when size is over max_bytes, naming --max-file-bytes.
Status check_file_size(const std::string& path, std::uint64_t size, std::uint64_t max_bytes);

// The whole of a regular file (see RegularFile::open for what is refused). A file over max_bytes,
// or one that grows past it while being read, is check_file_size's error; a read failure is an io
// error "PATH: cannot read the WHAT: <strerror>".
Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes, std::string_view what);

}  // namespace kitwatch
