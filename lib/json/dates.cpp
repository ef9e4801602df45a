#include "json/dates.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "core/calendar.h"

namespace crible {
namespace {

bool digits(std::string_view s, std::size_t at, std::size_t count) {
  if (at + count > s.size()) return false;
  for (std::size_t i = at; i < at + count; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  return true;
}

int number(std::string_view s, std::size_t at, std::size_t count) {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i)
    value = value * 10 + (s[i] - '0');
  return value;
}

bool valid_day(int year, int month, int day) {
  return month >= 1 && day >= 1 &&
         core::is_valid({year, static_cast<unsigned>(month), static_cast<unsigned>(day)});
}

bool valid_time(std::string_view s) {  // after the 'T'
  if (!digits(s, 0, 2) || s.size() < 5 || s[2] != ':' || !digits(s, 3, 2)) return false;
  if (number(s, 0, 2) > 23 || number(s, 3, 2) > 59) return false;
  std::size_t i = 5;
  if (i < s.size() && s[i] == ':') {
    if (!digits(s, i + 1, 2) || number(s, i + 1, 2) > 60) return false;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      ++i;
      if (!digits(s, i, 1)) return false;
      while (i < s.size() && s[i] >= '0' && s[i] <= '9')
        ++i;
    }
  }
  if (i == s.size()) return true;
  if (s[i] == 'Z') return i + 1 == s.size();
  if (s[i] != '+' && s[i] != '-') return false;
  return s.size() == i + 6 && digits(s, i + 1, 2) && s[i + 3] == ':' && digits(s, i + 4, 2);
}

}  // namespace

bool is_iso8601(std::string_view date) noexcept {
  if (date.size() < 10 || !digits(date, 0, 4) || date[4] != '-' || !digits(date, 5, 2) ||
      date[7] != '-' || !digits(date, 8, 2))
    return false;
  if (!valid_day(number(date, 0, 4), number(date, 5, 2), number(date, 8, 2))) return false;
  if (date.size() == 10) return true;
  if (date[10] != 'T' && date[10] != ' ') return false;
  return valid_time(date.substr(11));
}

namespace {

std::string two(int value) {
  return std::string(1, static_cast<char>('0' + value / 10)) + static_cast<char>('0' + value % 10);
}

std::string_view trim_spaces(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// The "+HH:MM" of an RFC 822 zone ("+0100", "GMT", "EST"...), or empty.
std::string rfc822_zone(std::string_view zone) {
  if (zone.size() == 5 && (zone[0] == '+' || zone[0] == '-') && digits(zone, 1, 4))
    return std::string(zone.substr(0, 3)) + ":" + std::string(zone.substr(3, 2));
  static constexpr std::pair<std::string_view, std::string_view> kZones[] = {
      {"GMT", "Z"},      {"UT", "Z"},       {"UTC", "Z"},      {"Z", "Z"},        {"EST", "-05:00"},
      {"EDT", "-04:00"}, {"CST", "-06:00"}, {"CDT", "-05:00"}, {"MST", "-07:00"}, {"MDT", "-06:00"},
      {"PST", "-08:00"}, {"PDT", "-07:00"}, {"CET", "+01:00"}, {"CEST", "+02:00"}};
  for (const auto& [name, offset] : kZones)
    if (zone == name) return std::string(offset);
  return {};
}

// "Fri, 19 Feb 2021 10:15:00 +0100" -> "2021-02-19T10:15:00+01:00", or empty.
std::string from_rfc822(std::string_view text) {
  if (const std::size_t comma = text.find(','); comma != std::string_view::npos)
    text = trim_spaces(text.substr(comma + 1));
  std::vector<std::string_view> parts;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) parts.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  if (parts.size() < 3) return {};
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  int month = 0;
  for (int m = 0; m < 12; ++m)
    if (parts[1].size() >= 3 && (parts[1][0] | 0x20) == kMonths[m][0] &&
        (parts[1][1] | 0x20) == kMonths[m][1] && (parts[1][2] | 0x20) == kMonths[m][2])
      month = m + 1;
  const std::string_view day_text = parts[0], year_text = parts[2];
  if (month == 0 || day_text.empty() || day_text.size() > 2 ||
      !digits(day_text, 0, day_text.size()))
    return {};
  if (year_text.size() != 4 || !digits(year_text, 0, 4)) return {};
  std::string date =
      std::string(year_text) + "-" + two(month) + "-" + two(number(day_text, 0, day_text.size()));
  if (parts.size() >= 4) {
    std::string time(parts[3]);
    if (time.size() == 5) time += ":00";
    date += "T" + time;
    if (parts.size() >= 5) date += rfc822_zone(parts[4]);
  }
  return is_iso8601(date) ? date : std::string();
}

}  // namespace

std::string normalize_date(std::string_view text) {
  text = trim_spaces(text);
  if (is_iso8601(text)) return std::string(text);
  std::string date(text);
  if (date.size() > 10 && date[10] == ' ') date[10] = 'T';
  // "+0100" -> "+01:00"; a time without seconds or zone passes as it is.
  if (date.size() >= 5) {
    const std::size_t zone = date.size() - 5;
    if ((date[zone] == '+' || date[zone] == '-') && digits(date, zone + 1, 4) && zone > 10)
      date.insert(zone + 3, ":");
  }
  if (is_iso8601(date)) return date;
  return from_rfc822(text);
}

std::string date_yyyymmdd(std::string_view date) {
  if (!is_iso8601(date)) return {};
  return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) +
         std::string(date.substr(8, 2));
}

}  // namespace crible
