#include "base/date.h"

#include <gtest/gtest.h>

namespace kitwatch {
namespace {

TEST(DateTest, ParsesAndFormatsRoundTrip) {
  for (const char* text : {"1970-01-01", "2018-04-15", "2024-02-29", "2027-12-31"}) {
    const auto d = Date::parse(text);
    ASSERT_TRUE(d.has_value()) << text;
    EXPECT_EQ(d->to_string(), text);
  }
  EXPECT_EQ(Date::parse("1970-01-02")->days(), 1);
}

TEST(DateTest, RejectsImpossibleAndMalformedDates) {
  for (const char* text : {"2023-02-30", "2023-02-29", "2023-13-01", "2023-00-10", "2023-1-01", "23-01-01",
                           "2023/01/01", "2023-01-01T00:00", "", "abcd-ef-gh", "2023-04-31"}) {
    EXPECT_FALSE(Date::parse(text).has_value()) << text;
  }
}

TEST(DateTest, FromYmdRefusesOutOfRangeParts) {
  // Regression: fuzz/regressions/fuzz_mac_and_date/from_ymd_day_9999.
  EXPECT_FALSE(Date::from_ymd(2024, 1, 9999).has_value());
  EXPECT_FALSE(Date::from_ymd(2024, 300, 1).has_value());
  EXPECT_FALSE(Date::from_ymd(2024, 0, 0).has_value());
  EXPECT_TRUE(Date::from_ymd(2024, 12, 31).has_value());
}

TEST(DateTest, OrdersByDay) {
  EXPECT_LT(*Date::parse("2022-10-13"), *Date::parse("2023-01-28"));
  EXPECT_EQ(*Date::parse("2022-10-13"), *Date::from_ymd(2022, 10, 13));
}

}  // namespace
}  // namespace kitwatch

namespace kitwatch {
namespace {

// Every date YYYY-MM-DD can write is a real date (issue 25): inventories use 9999-12-31 as a
// placeholder, and a history may go back far; the ingest says when an installed date is implausible.
TEST(DateRangeTest, EveryFourDigitYearIsAccepted) {
  ASSERT_TRUE(Date::parse("0001-01-01").has_value());
  ASSERT_TRUE(Date::parse("9999-12-31").has_value());
  EXPECT_EQ(Date::parse("0001-01-01")->to_string(), "0001-01-01");
  EXPECT_EQ(Date::parse("9999-12-31")->to_string(), "9999-12-31");
  EXPECT_LT(*Date::parse("0001-01-01"), *Date::parse("1970-01-01"));
  EXPECT_EQ(Date::parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::parse("9999-12-31")->days() - Date::parse("9999-12-30")->days(), 1);
  EXPECT_FALSE(Date::parse("0000-12-31").has_value());  // there is no year 0
  EXPECT_FALSE(Date::parse("1900-02-29").has_value());  // not a leap year
  EXPECT_TRUE(Date::parse("2000-02-29").has_value());
}

}  // namespace
}  // namespace kitwatch
