#include "base/stage_timer.h"

#include <fmt/format.h>
#include <sys/resource.h>

#include <unistd.h>

#include <cstdio>

namespace kitwatch {
namespace {

constexpr auto kSampleEvery = std::chrono::milliseconds(5);

void raise_to(std::atomic<std::size_t>& peak, std::size_t value) {
  std::size_t seen = peak.load(std::memory_order_relaxed);
  while (value > seen && !peak.compare_exchange_weak(seen, value, std::memory_order_relaxed)) {
  }
}

}  // namespace

std::size_t current_rss_bytes() {
  // statm: size resident shared text lib data dt, in pages.
  std::FILE* f = std::fopen("/proc/self/statm", "r");
  if (!f) return 0;
  unsigned long long size = 0, resident = 0;
  const int read = std::fscanf(f, "%llu %llu", &size, &resident);
  std::fclose(f);
  if (read != 2) return 0;
  return static_cast<std::size_t>(resident) * static_cast<std::size_t>(sysconf(_SC_PAGESIZE));
}

StageTimer::StageTimer(bool stage_peaks) : stage_peaks_(stage_peaks), last_(std::chrono::steady_clock::now()) {
  if (!stage_peaks_) return;
  stage_peak_ = current_rss_bytes();
  sampler_ = std::thread([this] {
    while (!stop_.load(std::memory_order_relaxed)) {
      raise_to(stage_peak_, current_rss_bytes());
      std::this_thread::sleep_for(kSampleEvery);
    }
  });
}

StageTimer::~StageTimer() {
  stop_ = true;
  if (sampler_.joinable()) sampler_.join();
}

void StageTimer::stage(std::string name) {
  const auto now = std::chrono::steady_clock::now();
  std::size_t peak = peak_rss_bytes();
  if (stage_peaks_) {
    const std::size_t here = current_rss_bytes();
    raise_to(stage_peak_, here);
    peak = stage_peak_.exchange(here);  // the next stage starts from the size it is now
  }
  stages_.push_back(Stage{std::move(name), std::chrono::duration<double>(now - last_).count(), peak});
  last_ = std::chrono::steady_clock::now();  // reading /proc is not part of the next stage
}

std::string StageTimer::summary() const {
  std::string out = "timings:";
  double total = 0;
  for (const Stage& s : stages_) {
    out += fmt::format(" {} {:.3f} s {:.0f} MB,", s.name, s.seconds, static_cast<double>(s.peak_bytes) / 1e6);
    total += s.seconds;
  }
  // The kernel's high-water mark: what /usr/bin/time reports as the maximum resident set size.
  out += fmt::format(" total {:.3f} s; peak RSS {:.1f} MB", total, static_cast<double>(peak_rss_bytes()) / 1e6);
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
