// A progress bar for long stages, drawn on stderr: label, bar, percent, rate and time left.
//   read   [##########..........]  48%  421/884 MB  312 MB/s  ETA 1.5 s
// It draws only when enabled (the CLI enables it when stderr is a terminal and --quiet is not
// given), redraws at most ten times a second, and erases itself when done, so logs and pipes
// never see it.
//
// Thread safety: update() may be called from any thread; construction, finish() and destruction
// from one.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace kitwatch {

class ProgressBar {
 public:
  // total is in units (e.g. bytes); unit_scale and unit_name say how to show them (1e6, "MB").
  ProgressBar(std::string label, std::uint64_t total, bool enabled, double unit_scale = 1e6,
              std::string unit_name = "MB", std::FILE* out = stderr);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Sets how much is done so far (monotonic).
  void update(std::uint64_t done);
  // Erases the bar.
  void finish();

  // The line update() would draw for this state; exposed for tests.
  static std::string render(const std::string& label, std::uint64_t done, std::uint64_t total, double seconds,
                            double unit_scale, const std::string& unit_name);
  // True when stderr is a terminal.
  static bool stderr_is_terminal();

 private:
  std::string label_;
  std::uint64_t total_;
  bool enabled_;
  double unit_scale_;
  std::string unit_name_;
  std::FILE* out_;
  std::chrono::steady_clock::time_point start_;
  std::atomic<std::int64_t> next_draw_ns_{0};
  std::mutex draw_;
  bool drawn_ = false;
};

// One bar per file for a read of several files, told (file, done, total) as each is read: a new
// bar when the file changes, erased as soon as a file is read whole. Copies share the bars.
class FileProgressBars {
 public:
  void operator()(const std::string& file, std::uint64_t done, std::uint64_t total);

 private:
  struct State {
    std::string file;
    std::unique_ptr<ProgressBar> bar;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace kitwatch
