// Wall time and peak memory per stage, for --timings.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace kitwatch {

class StageTimer {
 public:
  StageTimer() : last_(std::chrono::steady_clock::now()) {}
  // Ends the current stage under this name.
  void stage(std::string name);
  // "read 1.23 s, resolve 0.01 s, ...; peak RSS 812 MB"
  std::string summary() const;

 private:
  std::chrono::steady_clock::time_point last_;
  std::vector<std::pair<std::string, double>> stages_;
};

// Peak resident set size of this process so far, in bytes.
std::size_t peak_rss_bytes();

}  // namespace kitwatch
