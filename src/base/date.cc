#include "base/date.h"

#include <fmt/format.h>
#include <chrono>

namespace kitwatch {
namespace {

bool parse_digits(std::string_view text, int& out) {
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return !text.empty();
}

class SystemClock final : public Clock {
 public:
  Date today() const override {
    auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    return Date::from_days(static_cast<std::int32_t>(now.time_since_epoch().count()));
  }
};

}  // namespace

std::optional<Date> Date::from_ymd(int year, int month, int day) {
  // chrono's day and month hold only small values: check ranges before building them.
  if (month < 1 || month > 12 || day < 1 || day > 31) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                  std::chrono::day(static_cast<unsigned>(day))};
  if (year < 1 || year > 9999 || !ymd.ok()) return std::nullopt;  // every date YYYY-MM-DD can write
  return Date(static_cast<std::int32_t>(std::chrono::sys_days(ymd).time_since_epoch().count()));
}

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = 0, month = 0, day = 0;
  if (!parse_digits(text.substr(0, 4), year) || !parse_digits(text.substr(5, 2), month) ||
      !parse_digits(text.substr(8, 2), day)) {
    return std::nullopt;
  }
  return from_ymd(year, month, day);
}

std::string Date::to_string() const {
  std::chrono::year_month_day ymd{std::chrono::sys_days(std::chrono::days(days_))};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                     static_cast<unsigned>(ymd.day()));
}

const Clock& system_clock() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace kitwatch
