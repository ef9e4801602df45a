#pragma once
// Recency ranking (SortOrder::recent): a document's BM25 weight plus a bonus that halves
// every half-life of its age, so that, among matches about as relevant, the newest come
// first, and a much better match still beats a newer one.
//
// Built from Xapian's own pieces only, so that it crosses xapian-tcpsrv (which runs
// only the posting sources it registers): a staircase of FixedWeightPostingSource
// filtered by value ranges of the date slot, kStepsPerHalfLife steps per half-life over
// kHalfLives half-lives. A document of age a gets bonus × 2^(−floor(a/δ)/S), δ the step:
// at most 2^(1/S) (19 % for S = 4) above the exact bonus × 2^(−a/h), never below it; past
// kHalfLives half-lives (0.4 %), nothing. Undated documents get nothing, documents newer
// than `now` the whole bonus.

#include <xapian.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace crible::search {

inline constexpr int kStepsPerHalfLife = 4;
inline constexpr int kHalfLives = 8;

// Seconds since 1970-01-01 of a date slot value ("YYYYMMDD[HHMMSS]", the time as the
// document writes it) or of an ISO 8601 date ("2021-02-19", "2021-02-19T10:15:00"; the
// zone is ignored, as the date slot ignores it); nullopt when not a date.
std::optional<std::int64_t> seconds_of(std::string_view date);

// The query adding @p bonus × 2^(−age / @p half_life_days) to each document dated at or
// before @p now (seconds_of), as the staircase above.
Xapian::Query recency_bonus(std::int64_t now, double half_life_days, double bonus);

}  // namespace crible::search
