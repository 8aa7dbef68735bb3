// Shipped reference data compiled into the binary (see cmake/EmbedFiles.cmake).
#pragma once

#include <span>
#include <string_view>

namespace kitwatch {

struct EmbeddedFile {
  std::string_view name;  // file name without folders, e.g. "registry.yaml"
  std::string_view bytes;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace kitwatch
