#include "base/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>

namespace kitwatch {
namespace {

constexpr int kBarWidth = 20;
constexpr std::int64_t kRedrawNs = 100'000'000;  // ten times a second at most

}  // namespace

ProgressBar::ProgressBar(std::string label, std::uint64_t total, bool enabled, double unit_scale, std::string unit_name,
                         std::FILE* out)
    : label_(std::move(label)),
      total_(total),
      enabled_(enabled),
      unit_scale_(unit_scale),
      unit_name_(std::move(unit_name)),
      out_(out),
      start_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  finish();
}

bool ProgressBar::stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

std::string ProgressBar::render(const std::string& label, std::uint64_t done, std::uint64_t total, double seconds,
                                double unit_scale, const std::string& unit_name) {
  const double fraction = total == 0 ? 1.0 : std::min(1.0, static_cast<double>(done) / static_cast<double>(total));
  const int filled = static_cast<int>(fraction * kBarWidth);
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  const std::string eta =
      rate > 0 && fraction < 1 ? fmt::format("ETA {:.1f} s", static_cast<double>(total - done) / rate) : "";
  return fmt::format("{:<8} [{}{}] {:3.0f}%  {:.0f}/{:.0f} {}  {:.0f} {}/s  {}", label, std::string(filled, '#'),
                     std::string(kBarWidth - filled, '.'), fraction * 100, static_cast<double>(done) / unit_scale,
                     static_cast<double>(total) / unit_scale, unit_name, rate / unit_scale, unit_name, eta);
}

void ProgressBar::update(std::uint64_t done) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const std::int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now - start_).count();
  std::int64_t due = next_draw_ns_.load(std::memory_order_relaxed);
  if (ns < due || !next_draw_ns_.compare_exchange_strong(due, ns + kRedrawNs)) return;
  std::lock_guard lock(draw_);
  const std::string line = render(label_, done, total_, static_cast<double>(ns) / 1e9, unit_scale_, unit_name_);
  fmt::print(out_, "\r{}\x1b[K", line);
  std::fflush(out_);
  drawn_ = true;
}

void ProgressBar::finish() {
  std::lock_guard lock(draw_);
  if (!drawn_) return;
  fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
  drawn_ = false;
}

void FileProgressBars::operator()(const std::string& file, std::uint64_t done, std::uint64_t total) {
  if (state_->file != file) {
    state_->file = file;
    state_->bar = std::make_unique<ProgressBar>("read", total, true);
  }
  if (!state_->bar) return;
  state_->bar->update(done);
  if (done >= total) state_->bar.reset();
}

}  // namespace kitwatch
