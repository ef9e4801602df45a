#pragma once
// Days of the proleptic Gregorian calendar, counted from 1970-01-01: what histograms
// (ISO weeks) and recency ranking (ages) compute with. Howard Hinnant's algorithms,
// public domain: http://howardhinnant.github.io/date_algorithms.html

#include <cstdio>
#include <string>

namespace crible::core {

struct CivilDate {
  long year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

constexpr bool is_leap_year(long year) noexcept {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

// 28..31; 0 for a month outside 1..12.
constexpr unsigned days_in_month(long year, unsigned month) noexcept {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12) return 0;
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// Whether @p date is a day of the calendar (not 2021-02-29, nor month 13).
constexpr bool is_valid(CivilDate date) noexcept {
  return date.day >= 1 && date.day <= days_in_month(date.year, date.month);
}

// Days since 1970-01-01 of @p date (negative before).
constexpr long days_from_civil(CivilDate date) noexcept {
  const long year = date.year - (date.month <= 2);
  const long era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year =
      (153 * (date.month > 2 ? date.month - 3 : date.month + 9) + 2) / 5 + date.day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<long>(day_of_era) - 719468;
}

// The date @p days after 1970-01-01.
constexpr CivilDate civil_from_days(long days) noexcept {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  CivilDate date;
  date.day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  date.month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  date.year = static_cast<long>(year_of_era) + era * 400 + (date.month <= 2);
  return date;
}

// "2021-02-19": the ISO 8601 day @p days after 1970-01-01.
inline std::string iso_day(long days) {
  const CivilDate date = civil_from_days(days);
  char text[32];
  std::snprintf(text, sizeof text, "%04ld-%02u-%02u", date.year, date.month, date.day);
  return text;
}

// 0 for Monday .. 6 for Sunday (1970-01-01 was a Thursday).
constexpr unsigned weekday_from_monday(long days) noexcept {
  return static_cast<unsigned>(((days % 7) + 7 + 3) % 7);
}

}  // namespace crible::core
