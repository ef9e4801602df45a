#include "json/dates.h"

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
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= (month == 2 && !leap ? 28 : kDays[month - 1]);
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

std::string date_yyyymmdd(std::string_view date) {
  if (!is_iso8601(date)) return {};
  return std::string(date.substr(0, 4)) + std::string(date.substr(5, 2)) +
         std::string(date.substr(8, 2));
}

}  // namespace crible
