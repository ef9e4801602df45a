#include "search/histogram.h"

#include <cstdio>

#include "core/calendar.h"
#include "index/document_builder.h"
#include "index/schema.h"

namespace crible::search {

namespace {

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
      const long days = core::days_from_civil({year, month, day});
      const long monday = days - core::weekday_from_monday(days);
      const long thursday_year = core::civil_from_days(monday + 3).year;
      const long first_thursday = [&] {
        const long january_4 = core::days_from_civil({thursday_year, 1, 4});
        return january_4 - core::weekday_from_monday(january_4) + 3;
      }();
      const long week = (monday + 3 - first_thursday) / 7 + 1;
      std::snprintf(key, sizeof key, "%04ld-W%02ld", thursday_year, week);
      return {key, core::iso_day(monday)};
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

std::vector<HistogramBucket> document_histogram(const Xapian::ValueCountMatchSpy& dates,
                                                HistogramInterval interval) {
  std::map<std::string, HistogramBucket> buckets;
  for (auto value = dates.values_begin(); value != dates.values_end(); ++value)
    add_to_histogram(*value, value.get_termfreq(), interval, buckets);
  std::vector<HistogramBucket> out;
  for (auto& [start, bucket] : buckets)
    out.push_back(std::move(bucket));
  return out;
}

std::vector<HistogramBucket> earliest_histogram(const Xapian::Database& database,
                                                const Xapian::Query& query,
                                                HistogramInterval interval, Xapian::valueno key,
                                                std::vector<std::vector<std::string>>& keys) {
  // Dated documents only: an empty date would sort first.
  const Xapian::Query dated(Xapian::Query::OP_FILTER, query,
                            Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, "0"));
  Xapian::Enquire enquire(database);
  enquire.set_query(dated);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kSlotDate, false);  // earliest first
  enquire.set_collapse_key(key);                        // keeps each key's earliest
  const Xapian::MSet earliest = enquire.get_mset(0, database.get_doccount());
  std::map<std::string, std::pair<HistogramBucket, std::vector<std::string>>> buckets;
  for (auto item = earliest.begin(); item != earliest.end(); ++item) {
    BucketOf bucket = bucket_of(item.get_sort_key(), interval);
    if (bucket.key.empty()) continue;
    auto& [entry, ids] = buckets[bucket.start];
    if (entry.key.empty()) {
      entry.key = std::move(bucket.key);
      entry.start = std::move(bucket.start);
    }
    ++entry.count;
    ids.push_back(item.get_collapse_key());
  }
  std::vector<HistogramBucket> out;
  keys.clear();
  for (auto& [start, entry] : buckets) {
    out.push_back(std::move(entry.first));
    keys.push_back(std::move(entry.second));
  }
  return out;
}

Xapian::Query bucket_filter(const HistogramBucket& bucket, HistogramInterval interval) {
  const std::string start = bucket.start.substr(0, 4) + bucket.start.substr(5, 2) +
                            bucket.start.substr(8, 2);  // 2021-02-15 -> 20210215
  if (interval == HistogramInterval::month)
    return Xapian::Query(std::string(schema::kMonth) + start.substr(0, 6));
  if (interval != HistogramInterval::week) return Xapian::Query(std::string(schema::kDay) + start);
  std::vector<Xapian::Query> days;
  const long monday = core::days_from_civil(
      {std::stol(start.substr(0, 4)), static_cast<unsigned>(std::stoul(start.substr(4, 2))),
       static_cast<unsigned>(std::stoul(start.substr(6, 2)))});
  for (long day = monday; day < monday + 7; ++day) {
    const std::string iso = core::iso_day(day);  // 2021-02-15
    days.emplace_back(std::string(schema::kDay) + iso.substr(0, 4) + iso.substr(5, 2) +
                      iso.substr(8, 2));
  }
  return Xapian::Query(Xapian::Query::OP_OR, days.begin(), days.end());
}

Xapian::Query threads_filter(const std::vector<std::string>& threads) {
  std::vector<Xapian::Query> terms;
  terms.reserve(threads.size());
  for (const std::string& thread : threads)
    terms.emplace_back(index::fit_term(std::string(schema::kThread) + thread));
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace crible::search
