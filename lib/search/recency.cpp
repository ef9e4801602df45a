#include "search/recency.h"

#include <cmath>
#include <cstdio>
#include <vector>

#include "core/calendar.h"
#include "index/schema.h"

namespace crible::search {

namespace {

constexpr std::int64_t kSecondsPerDay = 86400;

bool all_digits(std::string_view text) {
  for (const char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

unsigned number(std::string_view digits) {
  unsigned value = 0;
  for (const char c : digits)
    value = value * 10 + static_cast<unsigned>(c - '0');
  return value;
}

// The date slot's form of @p seconds: "YYYYMMDDHHMMSS" (sorts as the slot's values do).
std::string slot_value(std::int64_t seconds) {
  const long days = static_cast<long>(seconds >= 0 ? seconds / kSecondsPerDay
                                                   : -((-seconds - 1) / kSecondsPerDay) - 1);
  const std::int64_t in_day = seconds - static_cast<std::int64_t>(days) * kSecondsPerDay;
  const core::CivilDate date = core::civil_from_days(days);
  char text[48];
  std::snprintf(text, sizeof text, "%04ld%02u%02u%02u%02u%02u", date.year, date.month, date.day,
                static_cast<unsigned>(in_day / 3600), static_cast<unsigned>(in_day / 60 % 60),
                static_cast<unsigned>(in_day % 60));
  return text;
}

}  // namespace

std::optional<std::int64_t> seconds_of(std::string_view date) {
  // "2021-02-19T10:15:00..." -> "20210219101500"; the slot's form stays as it is.
  std::string digits;
  for (std::size_t i = 0; i < date.size() && digits.size() < 14; ++i) {
    const char c = date[i];
    if (c >= '0' && c <= '9')
      digits += c;
    else if (i >= 10 && (c == '+' || c == 'Z' || c == '.' || (c == '-' && i > 10)))
      break;  // fractions, the zone
    else if (c != '-' && c != 'T' && c != ':' && c != ' ')
      return std::nullopt;
  }
  if (digits.size() < 8 || digits.size() % 2 != 0 || !all_digits(digits)) return std::nullopt;
  const unsigned month = number(digits.substr(4, 2)), day = number(digits.substr(6, 2));
  const unsigned hour = digits.size() >= 10 ? number(digits.substr(8, 2)) : 0;
  const unsigned minute = digits.size() >= 12 ? number(digits.substr(10, 2)) : 0;
  const unsigned second = digits.size() >= 14 ? number(digits.substr(12, 2)) : 0;
  const core::CivilDate civil{static_cast<long>(number(digits.substr(0, 4))), month, day};
  if (!core::is_valid(civil) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const long days = core::days_from_civil(civil);
  return static_cast<std::int64_t>(days) * kSecondsPerDay + hour * 3600 + minute * 60 + second;
}

Xapian::Query recency_bonus(std::int64_t now, double half_life_days, double bonus) {
  const double step_seconds = half_life_days * static_cast<double>(kSecondsPerDay) /
                              static_cast<double>(kStepsPerHalfLife);
  const int steps = kStepsPerHalfLife * kHalfLives;
  std::vector<Xapian::Query> stairs;
  for (int k = 0; k < steps; ++k) {
    // Documents younger than (k + 1) steps get this stair: those of step j sum the
    // stairs k >= j, bonus × 2^(-j/S).
    const double here = std::exp2(-static_cast<double>(k) / kStepsPerHalfLife);
    const double next =
        k + 1 < steps ? std::exp2(-static_cast<double>(k + 1) / kStepsPerHalfLife) : 0.0;
    const auto oldest = now - static_cast<std::int64_t>(std::llround((k + 1) * step_seconds));
    stairs.emplace_back(
        Xapian::Query::OP_FILTER,
        Xapian::Query((new Xapian::FixedWeightPostingSource(bonus * (here - next)))->release()),
        Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, slot_value(oldest)));
  }
  return Xapian::Query(Xapian::Query::OP_OR, stairs.begin(), stairs.end());
}

}  // namespace crible::search
