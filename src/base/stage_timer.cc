#include "base/stage_timer.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <fstream>
#include <string_view>

namespace kitwatch {
namespace {

// The kernel's resident high-water mark since the last reset, or 0 when /proc cannot say.
std::size_t high_water_mark_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with("VmHWM:")) return static_cast<std::size_t>(std::stoull(line.substr(6))) * 1024;
  }
  return 0;
}

// Starts a new high-water mark at the current resident size. Returns false when unsupported.
bool reset_high_water_mark() {
  std::ofstream clear("/proc/self/clear_refs");
  clear << "5";
  clear.flush();
  return static_cast<bool>(clear);
}

}  // namespace

StageTimer::StageTimer(bool stage_peaks) : stage_peaks_(stage_peaks), last_(std::chrono::steady_clock::now()) {
  if (stage_peaks_) stage_peaks_ = reset_high_water_mark();
}

void StageTimer::stage(std::string name) {
  const auto now = std::chrono::steady_clock::now();
  std::size_t peak = stage_peaks_ ? high_water_mark_bytes() : 0;
  if (!stage_peaks_ || !reset_high_water_mark() || peak == 0) peak = peak_rss_bytes();
  stages_.push_back(Stage{std::move(name), std::chrono::duration<double>(now - last_).count(), peak});
  last_ = std::chrono::steady_clock::now();  // reading /proc is not part of the next stage
}

std::string StageTimer::summary() const {
  std::string out = "timings:";
  double total = 0;
  // Resetting the high-water mark also resets the kernel's process peak (getrusage), so the
  // process peak is the highest stage peak.
  std::size_t peak = peak_rss_bytes();
  for (const Stage& s : stages_) {
    out += fmt::format(" {} {:.3f} s {:.0f} MB,", s.name, s.seconds, static_cast<double>(s.peak_bytes) / 1e6);
    total += s.seconds;
    peak = std::max(peak, s.peak_bytes);
  }
  out += fmt::format(" total {:.3f} s; peak RSS {:.1f} MB", total, static_cast<double>(peak) / 1e6);
  return out;
}

std::size_t peak_rss_bytes() {
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<std::size_t>(usage.ru_maxrss) * 1024;
}

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace kitwatch
