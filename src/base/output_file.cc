#include "base/output_file.h"

#include <fmt/format.h>

#include <fstream>
#include <vector>

namespace kitwatch {

Status write_file(const std::string& path, const std::string& text) {
  return write_file_with(path, [&](std::ostream& out) { out << text; });
}

Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write) {
  // Larger writes than the default buffer's: reports run to hundreds of megabytes. Declared
  // before the stream, so it outlives the stream's last flush.
  std::vector<char> buffer(1 << 20);
  std::ofstream out;
  out.rdbuf()->pubsetbuf(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  out.open(path, std::ios::binary);
  if (out) write(out);
  out.close();
  if (!out) return Status::io(fmt::format("{}: cannot write the output", path));
  return Status();
}

}  // namespace kitwatch
