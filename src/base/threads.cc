#include "base/threads.h"

#include <algorithm>
#include <cstdlib>
#include <thread>

namespace kitwatch {

unsigned worker_threads(unsigned requested) {
  if (requested != 0) return requested;
  if (const char* env = std::getenv("KITWATCH_THREADS"); env != nullptr && std::atoi(env) > 0) {
    return static_cast<unsigned>(std::atoi(env));
  }
  return std::max(1u, std::thread::hardware_concurrency());
}

}  // namespace kitwatch
