// Wall time and peak memory per stage, for --timings.
//
// With stage_peaks (--timings), each stage's peak is the highest resident set size reached while
// that stage ran: on Linux the kernel's high-water mark (VmHWM) is read and then reset
// (/proc/self/clear_refs) at each stage boundary. That reset also clears the peak getrusage() and
// /usr/bin/time report, so it is done only when asked for; otherwise (and where /proc cannot
// reset) each stage shows the process-wide peak so far.
// Thread safety: one StageTimer per command, used from the thread that runs the command.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

namespace kitwatch {

class StageTimer {
 public:
  explicit StageTimer(bool stage_peaks = false);
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
};

// CPU time (user + system) of this process so far, in seconds: on a shared machine, wall time says
// little about a stage.
double cpu_seconds();

// Peak resident set size of this process so far, in bytes.
std::size_t peak_rss_bytes();

}  // namespace kitwatch
