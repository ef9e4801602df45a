#pragma once
// Match counts per calendar bucket (day, ISO week, month) from the date slot's values
// ("YYYYMMDD[HHMMSS]": the day as the document's date writes it, its UTC offset kept,
// not converted).

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "crible/search.h"

namespace crible::search {

// The bucket of a date slot value: its key ("2021-02-19", "2021-W07", "2021-02") and
// the ISO date it starts on ("2021-02-15" for that week); empty key when the value is
// not a date.
struct BucketOf {
  std::string key;
  std::string start;
};
BucketOf bucket_of(std::string_view slot_value, HistogramInterval interval);

// Adds @p count matches of @p slot_value to @p buckets (by start date, so that they sort
// in time order).
void add_to_histogram(std::string_view slot_value, std::uint64_t count, HistogramInterval interval,
                      std::map<std::string, HistogramBucket>& buckets);

}  // namespace crible::search
