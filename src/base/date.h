// Calendar dates as days since 1970-01-01 (proleptic Gregorian), the unit every as-of comparison
// uses. Parsing is strict: 2023-02-30 is an error, not 2023-03-02.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace kitwatch {

class Date {
 public:
  constexpr Date() = default;
  static constexpr Date from_days(std::int32_t days) { return Date(days); }
  static std::optional<Date> from_ymd(int year, int month, int day);
  // Accepts exactly YYYY-MM-DD with a real day of that month, 0001-01-01 to 9999-12-31.
  static std::optional<Date> parse(std::string_view text);

  constexpr std::int32_t days() const { return days_; }
  std::string to_string() const;  // YYYY-MM-DD

  friend constexpr bool operator==(Date, Date) = default;
  friend constexpr auto operator<=>(Date, Date) = default;

 private:
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = 0;
};

// Supplies "today" for as-of dates, so tests never depend on the wall clock.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual Date today() const = 0;
};

// Today in UTC from the system clock.
const Clock& system_clock();

}  // namespace kitwatch
