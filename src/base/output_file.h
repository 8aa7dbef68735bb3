// Writing an output file whole, with an error that names it when it cannot be written.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include "base/status.h"

namespace kitwatch {

// Writes text to path, or says why it could not.
Status write_file(const std::string& path, const std::string& text);
// Writes a file through write(stream), for output too large to hold as one string.
Status write_file_with(const std::string& path, const std::function<void(std::ostream&)>& write);

}  // namespace kitwatch
