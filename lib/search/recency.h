#pragma once
// Recency ranking (SortOrder::recent): a document's BM25 weight plus a bonus that halves
// every half-life of its age, so that, among matches about as relevant, the newest come
// first, and a much better match still beats a newer one.
//
// Built from Xapian's own pieces only, so that it crosses xapian-tcpsrv (which runs only
// the posting sources it registers): FixedWeightPostingSource filtered by the boolean
// date terms, one per day (D20210219) for ages up to kDayTermsUpTo days, then one per
// month (M202102) up to kHalfLives half-lives. Ages are counted in whole days, from
// `now`'s calendar day to the day the document's date writes: a document gets
// bonus × 2^(−age/h) exactly for its day, a month's documents the bonus of its middle
// day (within 2^(±16/h) of their own). Past kHalfLives half-lives (0.4 %), nothing;
// undated documents nothing; documents after `now`'s day the whole bonus. Term posting
// lists skip where value ranges scan: on 150M a staircase of 32 value ranges made a
// frequent word's search 27× slower than by relevance, these terms 1.7× (bench/RESULTS.md).

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

namespace crible::search {

inline constexpr long kDayTermsUpTo = 120;
inline constexpr int kHalfLives = 8;

// Days since 1970-01-01 of a date slot value ("YYYYMMDD[HHMMSS]") or of an ISO 8601 date
// ("2021-02-19", "2021-02-19T10:15:00"; the time and zone do not count, as the date
// terms ignore them); nullopt when not a day of the calendar.
std::optional<long> day_of(std::string_view date);

// The query adding @p bonus × 2^(−age / @p half_life_days) to each document dated up to
// @p today (day_of), as described above; with @p future_documents, the whole bonus to
// those dated later.
Xapian::Query recency_bonus(long today, double half_life_days, double bonus, bool future_documents);

}  // namespace crible::search
