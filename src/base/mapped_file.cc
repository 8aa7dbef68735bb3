#include "base/mapped_file.h"

#include <fmt/format.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "base/read_file.h"

namespace kitwatch {

MappedFile::MappedFile(MappedFile&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept {
  if (this != &other) {
    if (data_) munmap(data_, size_);
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

MappedFile::~MappedFile() {
  if (data_) munmap(data_, size_);
}

void MappedFile::release(std::size_t begin, std::size_t end) const {
  const auto page = static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
  const std::size_t first = (begin + page - 1) / page * page, last = std::min(end, size_) / page * page;
  // A read-only private file mapping: MADV_DONTNEED only unmaps the pages, the file keeps them.
  if (data_ && first < last) madvise(static_cast<char*>(data_) + first, last - first, MADV_DONTNEED);
}

Result<MappedFile> MappedFile::open(const std::string& path, std::string_view what) {
  auto regular = RegularFile::open(path, what);
  if (!regular.ok()) return regular.status();
  MappedFile file;
  file.size_ = static_cast<std::size_t>(regular->size());
  if (file.size_ > 0) {
    void* data = mmap(nullptr, file.size_, PROT_READ, MAP_PRIVATE, regular->fd(), 0);
    if (data == MAP_FAILED)
      return Status::io(fmt::format("{}: cannot map the {}: {}", path, what, std::strerror(errno)));
    madvise(data, file.size_, MADV_SEQUENTIAL);
    file.data_ = data;
  }
  return file;
}

}  // namespace kitwatch
