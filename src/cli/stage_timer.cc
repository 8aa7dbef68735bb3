#include "cli/stage_timer.h"

#include <fmt/format.h>
#include <sys/resource.h>

namespace kitwatch {

void StageTimer::stage(std::string name) {
  const auto now = std::chrono::steady_clock::now();
  stages_.emplace_back(std::move(name), std::chrono::duration<double>(now - last_).count());
  last_ = now;
}

std::string StageTimer::summary() const {
  std::string out = "timings:";
  double total = 0;
  for (const auto& [name, seconds] : stages_) {
    out += fmt::format(" {} {:.3f} s,", name, seconds);
    total += seconds;
  }
  out += fmt::format(" total {:.3f} s; peak RSS {:.1f} MB", total, static_cast<double>(peak_rss_bytes()) / 1e6);
  return out;
}

std::size_t peak_rss_bytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

}  // namespace kitwatch
