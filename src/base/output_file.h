// Writing an output file whole, or not at all: a report, a return or a CSV table is written to an
// unnamed temporary file in the target's folder, flushed to disk, and only then put in place
// under its name (replacing the old file in one rename). A failure or a kill at any moment leaves
// the previous file as it was and no partial one. Targets that are not regular files (/dev/stdout,
// a FIFO, /dev/null) are written directly.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "base/status.h"

namespace kitwatch {

// Writes text to path, or says why it could not.
Status write_file(const std::string& path, const std::string& text);
// Writes a file through write(stream), for output too large to hold as one string. When write
// leaves the stream failed (or throws), nothing is put in place.
Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace kitwatch
