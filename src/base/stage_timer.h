// Wall time and peak memory per stage, for --timings.
//
// With stage_peaks (--timings), a sampling thread reads the resident set size every 5 ms, and each
// stage's peak is the highest sample taken while it ran (and its size at both ends). The process
// peak is the kernel's high-water mark, which is never reset, so it is the figure getrusage() and
// /usr/bin/time report too. Without stage_peaks each stage shows the process-wide peak so far.
// Thread safety: one StageTimer per command, used from the thread that runs the command.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <thread>
#include <vector>

namespace kitwatch {

class StageTimer {
 public:
  explicit StageTimer(bool stage_peaks = false);
  ~StageTimer();
  StageTimer(const StageTimer&) = delete;
  StageTimer& operator=(const StageTimer&) = delete;
  // Ends the current stage under this name.
  void stage(std::string name);
  // "timings: read 1.23 s 812 MB, resolve 0.01 s 815 MB, ...; total 2.10 s; peak RSS 900 MB"
  std::string summary() const;

 private:
  struct Stage {
    std::string name;
    double seconds = 0;
    std::size_t peak_bytes = 0;
  };
  bool stage_peaks_;
  std::chrono::steady_clock::time_point last_;
  std::vector<Stage> stages_;
  std::atomic<std::size_t> stage_peak_{0};  // the highest sample since the current stage began
  std::atomic<bool> stop_{false};
  std::thread sampler_;
};

// CPU time (user + system) of this process so far, in seconds: on a shared machine, wall time says
// little about a stage.
double cpu_seconds();

// Peak resident set size of this process so far, in bytes.
std::size_t peak_rss_bytes();

// Resident set size of this process now, in bytes (0 when /proc cannot say).
std::size_t current_rss_bytes();

}  // namespace kitwatch
