#include "search/recency.h"

#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "index/schema.h"

namespace crible::search {

namespace {

unsigned number(std::string_view digits) {
  unsigned value = 0;
  for (const char c : digits)
    value = value * 10 + static_cast<unsigned>(c - '0');
  return value;
}

// "20210219" of a day.
std::string yyyymmdd(long day) {
  const core::CivilDate date = core::civil_from_days(day);
  char text[32];
  std::snprintf(text, sizeof text, "%04ld%02u%02u", date.year, date.month, date.day);
  return text;
}

// bonus × 2^(-age/h) to the documents holding @p term.
Xapian::Query bonus_for(const std::string& term, double weight) {
  return Xapian::Query(Xapian::Query::OP_FILTER,
                       Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release()),
                       Xapian::Query(term));
}

}  // namespace

std::optional<long> day_of(std::string_view date) {
  // "2021-02-19T10:15:00..." -> "20210219..."; the slot's form stays as it is.
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
  if (digits.size() < 8 || digits.size() % 2 != 0) return std::nullopt;
  const core::CivilDate civil{static_cast<long>(number(digits.substr(0, 4))),
                              number(digits.substr(4, 2)), number(digits.substr(6, 2))};
  const unsigned hour = digits.size() >= 10 ? number(digits.substr(8, 2)) : 0;
  const unsigned minute = digits.size() >= 12 ? number(digits.substr(10, 2)) : 0;
  const unsigned second = digits.size() >= 14 ? number(digits.substr(12, 2)) : 0;
  if (!core::is_valid(civil) || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  return core::days_from_civil(civil);
}

Xapian::Query recency_bonus(long today, double half_life_days, double bonus,
                            bool future_documents) {
  const auto decayed = [&](double age) { return bonus * std::exp2(-age / half_life_days); };
  const auto window = static_cast<long>(std::ceil(kHalfLives * half_life_days));
  std::vector<Xapian::Query> parts;
  // Days up to kDayTermsUpTo, then on to the first of that month: months start there.
  long oldest_day = today - std::min(window, kDayTermsUpTo);
  if (window > kDayTermsUpTo) {
    const core::CivilDate date = core::civil_from_days(oldest_day);
    oldest_day = core::days_from_civil({date.year, date.month, 1});
  }
  for (long day = today; day >= oldest_day; --day)
    parts.push_back(bonus_for(std::string(schema::kDay) + yyyymmdd(day),
                              decayed(static_cast<double>(today - day))));
  // Months before, each at the age of its middle day, while it is within the window.
  core::CivilDate month = core::civil_from_days(oldest_day);
  for (;;) {
    month = month.month == 1 ? core::CivilDate{month.year - 1, 12, 1}
                             : core::CivilDate{month.year, month.month - 1, 1};
    const long first = core::days_from_civil(month);
    const double middle =
        static_cast<double>(first) + (core::days_in_month(month.year, month.month) - 1) / 2.0;
    const double age = static_cast<double>(today) - middle;
    if (age > static_cast<double>(window)) break;
    parts.push_back(
        bonus_for(std::string(schema::kMonth) + yyyymmdd(first).substr(0, 6), decayed(age)));
  }
  if (future_documents)
    parts.emplace_back(
        Xapian::Query::OP_FILTER,
        Xapian::Query((new Xapian::FixedWeightPostingSource(bonus))->release()),
        Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, yyyymmdd(today + 1)));
  return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
}

}  // namespace crible::search
