#include "search/histogram.h"

#include <cstdio>

namespace crible::search {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
// days_from_civil, public domain: http://howardhinnant.github.io/date_algorithms.html).
long days_from_civil(long year, unsigned month, unsigned day) {
  year -= month <= 2;
  const long era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<long>(day_of_era) - 719468;
}

// The inverse of days_from_civil (same source).
void civil_from_days(long days, long& year, unsigned& month, unsigned& day) {
  days += 719468;
  const long era = (days >= 0 ? days : days - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(days - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned shifted_month = (5 * day_of_year + 2) / 153;
  day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
  month = shifted_month < 10 ? shifted_month + 3 : shifted_month - 9;
  year = static_cast<long>(year_of_era) + era * 400 + (month <= 2);
}

std::string iso_date(long days) {
  long year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);
  char text[32];
  std::snprintf(text, sizeof text, "%04ld-%02u-%02u", year, month, day);
  return text;
}

// 1970-01-01 was a Thursday: Monday is 0.
unsigned weekday_from_monday(long days) {
  return static_cast<unsigned>(((days % 7) + 7 + 3) % 7);
}

bool digits(std::string_view text) {
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return !text.empty();
}

}  // namespace

BucketOf bucket_of(std::string_view value, HistogramInterval interval) {
  if (value.size() < 8 || !digits(value.substr(0, 8))) return {};
  const long year = std::stol(std::string(value.substr(0, 4)));
  const auto month = static_cast<unsigned>(std::stoul(std::string(value.substr(4, 2))));
  const auto day = static_cast<unsigned>(std::stoul(std::string(value.substr(6, 2))));
  if (month < 1 || month > 12 || day < 1 || day > 31) return {};
  char key[48];
  switch (interval) {
    case HistogramInterval::month:
      std::snprintf(key, sizeof key, "%04ld-%02u", year, month);
      return {key, std::string(key) + "-01"};
    case HistogramInterval::week: {
      // ISO 8601: weeks start on Monday; week 1 holds the year's first Thursday, so a
      // week belongs to the year of its Thursday.
      const long days = days_from_civil(year, month, day);
      const long monday = days - weekday_from_monday(days);
      long thursday_year = 0;
      unsigned thursday_month = 0, thursday_day = 0;
      civil_from_days(monday + 3, thursday_year, thursday_month, thursday_day);
      const long first_thursday = [&] {
        const long january_4 = days_from_civil(thursday_year, 1, 4);
        return january_4 - weekday_from_monday(january_4) + 3;
      }();
      const long week = (monday + 3 - first_thursday) / 7 + 1;
      std::snprintf(key, sizeof key, "%04ld-W%02ld", thursday_year, week);
      return {key, iso_date(monday)};
    }
    case HistogramInterval::day:
    case HistogramInterval::none:
      break;
  }
  std::snprintf(key, sizeof key, "%04ld-%02u-%02u", year, month, day);
  return {key, key};
}

void add_to_histogram(std::string_view slot_value, std::uint64_t count, HistogramInterval interval,
                      std::map<std::string, HistogramBucket>& buckets) {
  BucketOf bucket = bucket_of(slot_value, interval);
  if (bucket.key.empty()) return;
  HistogramBucket& entry = buckets[bucket.start];
  if (entry.key.empty()) {
    entry.key = std::move(bucket.key);
    entry.start = std::move(bucket.start);
  }
  entry.count += count;
}

}  // namespace crible::search
