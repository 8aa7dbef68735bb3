#include "base/read_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace kitwatch {
namespace {

// What a path is instead of a regular file, for the message.
std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  return "a special file";
}

Status not_regular(const std::string& path, mode_t mode) {
  return Status::io(fmt::format("{}: not a regular file ({})", path, kind_of(mode)));
}

Status cannot(std::string_view verb, const std::string& path, std::string_view what, int error) {
  return Status::io(fmt::format("{}: cannot {} the {}: {}", path, verb, what, std::strerror(error)));
}

}  // namespace

RegularFile::RegularFile(RegularFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), size_(std::exchange(other.size_, 0)) {}

RegularFile& RegularFile::operator=(RegularFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

RegularFile::~RegularFile() {
  if (fd_ >= 0) ::close(fd_);
}

Result<RegularFile> RegularFile::open(const std::string& path, std::string_view what) {
  // stat first: opening a socket fails and opening a device may have side effects.
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return cannot("open", path, what, errno);
  if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
  // O_NONBLOCK: should the path have become a FIFO since the stat, open returns at once.
  RegularFile file;
  file.fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (file.fd_ < 0) return cannot("open", path, what, errno);
  if (::fstat(file.fd_, &st) != 0) return cannot("open", path, what, errno);
  if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode);
  const int flags = ::fcntl(file.fd_, F_GETFL);
  if (flags >= 0) ::fcntl(file.fd_, F_SETFL, flags & ~O_NONBLOCK);
  file.size_ = static_cast<std::uint64_t>(st.st_size);
  return file;
}

Status check_file_size(const std::string& path, std::uint64_t size, std::uint64_t max_bytes) {
  if (size <= max_bytes) return Status();
  return Status::input(
      SourceLocation{path, 1, 1, ""},
      fmt::format("the file is {} bytes, more than the limit of {} (raise it with --max-file-bytes)", size, max_bytes));
}

Result<std::string> read_file(const std::string& path, std::uint64_t max_bytes, std::string_view what) {
  auto file = RegularFile::open(path, what);
  if (!file.ok()) return file.status();
  if (Status s = check_file_size(path, file->size(), max_bytes); !s.ok()) return s;
  // One byte more than fstat's size, so the read that finds the end needs no reallocation; a file
  // that is longer than its size said (growing, or in /proc) grows the buffer.
  std::string bytes(static_cast<std::size_t>(file->size()) + 1, '\0');
  std::size_t have = 0;
  for (;;) {
    if (have == bytes.size()) bytes.resize(have + std::max<std::size_t>(have / 2, 1 << 16));
    const ssize_t n = ::read(file->fd(), bytes.data() + have, bytes.size() - have);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return cannot("read", path, what, errno);
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
    if (Status s = check_file_size(path, have, max_bytes); !s.ok()) return s;
  }
  bytes.resize(have);
  return bytes;
}

}  // namespace kitwatch
