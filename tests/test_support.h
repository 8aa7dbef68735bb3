// Helpers shared by the test files: paths into the source tree, and running the real kitwatch
// binary (KITWATCH_SOURCE_DIR and KITWATCH_BINARY are set by tests/CMakeLists.txt).
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace kitwatch::testing_support {

inline std::string source(const std::string& path) {
  return std::string(KITWATCH_SOURCE_DIR) + "/" + path;
}

struct CommandRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr together
};

// Runs `kitwatch ARGS` and collects its output and exit code.
inline CommandRun run(const std::string& args) {
  const std::string command = std::string(KITWATCH_BINARY) + " " + args + " 2>&1";
  CommandRun result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return result;
  std::array<char, 4096> buffer;
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) result.out.append(buffer.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

}  // namespace kitwatch::testing_support
