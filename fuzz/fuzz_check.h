// What every fuzz target uses to report a broken promise: print what was expected and abort, so
// libFuzzer (or the replay program) records the input as a crash rather than carrying on.
#pragma once

#include <cstdio>
#include <cstdlib>

namespace kitwatch::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* what) {
  std::fprintf(stderr, "%s:%d: fuzz invariant broken: %s\n", file, line, what);
  std::abort();
}

}  // namespace kitwatch::fuzz

// A macro rather than a function so the message names the failing condition and its line.
#define KITWATCH_FUZZ_CHECK(condition)                                        \
  do {                                                                        \
    if (!(condition)) ::kitwatch::fuzz::fail(__FILE__, __LINE__, #condition); \
  } while (false)
