#pragma once
// Match counts per calendar bucket (day, ISO week, month) from the date slot's values
// ("YYYYMMDD[HHMMSS]": the day as the document's date writes it, its UTC offset kept,
// not converted).

#include <xapian.h>

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

// The buckets of Xapian's ValueCountMatchSpy on the date slot, in time order: every
// matching document in its day's bucket.
std::vector<HistogramBucket> document_histogram(const Xapian::ValueCountMatchSpy& dates,
                                                HistogramInterval interval);

// Each value of slot @p key (a thread, a near-duplicate cluster) with a dated match
// once, in the bucket of its earliest dated matching document, in time order; @p keys
// gets each bucket's values (same order). Xapian's collapse on the slot, sorted by
// date, keeps that document per value, and its sort key carries the date: no document
// is read, and it crosses xapian-tcpsrv.
std::vector<HistogramBucket> earliest_histogram(const Xapian::Database& database,
                                                const Xapian::Query& query,
                                                HistogramInterval interval, Xapian::valueno key,
                                                std::vector<std::vector<std::string>>& keys);

// The documents dated in @p bucket, by their boolean date terms: the month's M term, or
// the day's D term (the seven of a week).
Xapian::Query bucket_filter(const HistogramBucket& bucket, HistogramInterval interval);

// The documents of these threads (their XP terms).
Xapian::Query threads_filter(const std::vector<std::string>& threads);

}  // namespace crible::search
