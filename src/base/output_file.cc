#include "base/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>
#include <ext/stdio_filebuf.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <ostream>
#include <random>
#include <vector>

namespace kitwatch {
namespace {

// Larger writes than the default buffer's: reports run to hundreds of megabytes.
constexpr std::size_t kBufferBytes = 1 << 20;

Status cannot_write(const std::string& path, int error) {
  return Status::io(fmt::format("{}: cannot write the output ({})", path, std::strerror(error)));
}

// Writes straight into path: for targets that are not regular files, where a rename would replace
// the device or FIFO itself.
Status write_in_place(const std::string& path, const std::function<void(std::ostream&)>& write) {
  std::vector<char> buffer(kBufferBytes);  // declared before the stream: outlives its last flush
  std::ofstream out;
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.open(path, std::ios::binary);
  if (out) write(out);
  out.close();
  if (!out) return Status::io(fmt::format("{}: cannot write the output", path));
  return Status();
}

// A name beside path for the moment between linking the finished file and renaming it over path.
std::string sibling_name(const std::filesystem::path& path) {
  std::random_device random;
  return (path.parent_path() / fmt::format(".{}.kitwatch-{:08x}", path.filename().string(), random())).string();
}

// The mode a new file gets from open(..., 0666): what the umask leaves.
mode_t new_file_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

}  // namespace

Status write_file(const std::string& path, const std::string& text) {
  return write_file_with(path, [&](std::ostream& out) { out << text; });
}

Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write) {
  struct stat target {};
  if (::stat(path.c_str(), &target) == 0 && !S_ISREG(target.st_mode)) return write_in_place(path, write);
  const std::filesystem::path where = std::filesystem::absolute(path);
  const std::string folder = where.parent_path().string();
  // An unnamed file (O_TMPFILE): a kill before it is linked in leaves nothing behind. File systems
  // without it get a named sibling, removed on failure.
  std::string temporary;
  int fd = ::open(folder.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    temporary = sibling_name(where);
    fd = ::open(temporary.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0666);
  }
  if (fd < 0) return cannot_write(path, errno);
  const auto discard = [&](int error) {
    if (!temporary.empty()) ::unlink(temporary.c_str());
    return cannot_write(path, error);
  };
  bool written = false;
  {
    __gnu_cxx::stdio_filebuf<char> buffer(fd, std::ios::out | std::ios::binary, kBufferBytes);  // closes fd
    std::ostream out(&buffer);
    try {
      write(out);
    } catch (...) {
      if (!temporary.empty()) ::unlink(temporary.c_str());
      throw;
    }
    out.flush();
    written = static_cast<bool>(out) && ::fsync(fd) == 0;
    if (written && temporary.empty()) {
      // Give the unnamed file a name beside the target (linkat cannot replace a file), then rename.
      temporary = sibling_name(where);
      const std::string self = fmt::format("/proc/self/fd/{}", fd);
      if (::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, temporary.c_str(), AT_SYMLINK_FOLLOW) != 0) {
        const int error = errno;
        temporary.clear();
        return cannot_write(path, error);
      }
      ::fchmod(fd, new_file_mode());  // O_TMPFILE's mode ignores the umask on some file systems
    }
  }
  if (!written) return discard(errno != 0 ? errno : EIO);
  if (::rename(temporary.c_str(), where.c_str()) != 0) return discard(errno);
  return Status();
}

}  // namespace kitwatch
