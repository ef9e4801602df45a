// Recency ranking (SortOrder::recent) on a real index of data/sample: each hit's score
// is its relevance score plus a bonus that must be bonus × 2^(−age / half-life), age in
// whole days (within the documented bounds where months stand for days), the ages
// computed here with std::chrono's calendar (not crible's); the same hits as relevance;
// the same answer over xapian-tcpsrv shards.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>

#include "../support/remote_sample.h"
#include "../support/sample_index.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

// Days since 1970 of the calendar day "2021-02-19..." writes (time and zone ignored),
// by std::chrono's civil calendar.
long day_of(const std::string& date) {
  using namespace std::chrono;
  const year_month_day day{year(std::stoi(date.substr(0, 4))),
                           month(static_cast<unsigned>(std::stoi(date.substr(5, 2)))),
                           std::chrono::day(static_cast<unsigned>(std::stoi(date.substr(8, 2))))};
  return sys_days(day).time_since_epoch().count();
}

std::vector<Hit> hits_of(Searcher& searcher, const std::string& query, SearchOptions options) {
  options.limit = 100;
  options.snippets = false;
  return searcher.search(query, options).hits;
}

}  // namespace

TEST_CASE("rank recent adds a bonus that halves every half-life", "[recency][oracle]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const std::string query = "tiktok OR microsoft OR oracle";
  std::map<std::string, double> relevance;
  for (const Hit& hit : hits_of(searcher, query, {}))
    relevance[hit.id] = hit.score;
  REQUIRE(relevance.size() > 8);
  // Ages within a few days (day terms), and of months (month terms, past 120 days).
  for (const auto& [half_life, now] :
       {std::pair{0.5, "2021-02-21T12:00:00Z"}, std::pair{1.0, "2021-02-21"},
        std::pair{7.0, "2021-02-23"}, std::pair{60.0, "2021-10-15"}}) {
    SearchOptions options;
    options.sort = SortOrder::recent;
    options.half_life_days = half_life;
    options.now = now;
    const std::vector<Hit> recent = hits_of(searcher, query, options);
    REQUIRE(recent.size() == relevance.size());  // the same matches, ordered otherwise
    const long today = day_of(now);
    // The full bonus: what a document dated on now's day or later gets.
    double full = 0;
    for (const Hit& hit : recent)
      if (!hit.date.empty() && day_of(hit.date) >= today)
        full = std::max(full, hit.score - relevance.at(hit.id));
    REQUIRE(full > 0);
    const double window = std::ceil(8 * half_life);
    int decayed = 0;
    for (std::size_t k = 0; k < recent.size(); ++k) {
      const Hit& hit = recent[k];
      const double bonus = hit.score - relevance.at(hit.id);
      INFO("half-life " << half_life << ", now " << now << ": " << hit.id << " dated '" << hit.date
                        << "': bonus " << bonus << " of " << full);
      if (k > 0) CHECK(hit.score <= recent[k - 1].score + 1e-9);
      if (hit.date.empty()) {
        CHECK(std::abs(bonus) < 1e-9);
        continue;
      }
      const double age = static_cast<double>(std::max(0L, today - day_of(hit.date)));
      const double exact = full * std::exp2(-age / half_life);
      if (age <= std::min(window, 120.0)) {  // a day's own bonus
        CHECK(bonus == Approx(exact).margin(1e-9));
      } else if (age <= window + 16) {  // its month's middle day's, or none past the window
        if (age > window - 16 && bonus < 1e-9) continue;
        CHECK(bonus >= exact * std::exp2(-16 / half_life) - 1e-9);
        CHECK(bonus <= exact * std::exp2(16 / half_life) + 1e-9);
      } else {
        CHECK(std::abs(bonus) < 1e-9);
      }
      if (bonus > 1e-9 && bonus < full - 1e-9) ++decayed;
    }
    CHECK(decayed > 0);  // some bonus was decayed, not all or nothing
  }
}

TEST_CASE("rank recent: its weight, its default now, filters only, bad options", "[recency]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const std::string query = "tiktok OR microsoft";
  SearchOptions off;
  off.sort = SortOrder::recent;
  off.recency_weight = 0;
  const std::vector<Hit> plain = hits_of(searcher, query, {}),
                         weightless = hits_of(searcher, query, off);
  REQUIRE(plain.size() == weightless.size());
  for (std::size_t k = 0; k < plain.size(); ++k) {
    CHECK(plain[k].id == weightless[k].id);
    CHECK(plain[k].score == Approx(weightless[k].score));
  }
  // now defaults to the newest document's date: the newest match gets the full bonus,
  // and twice the weight gives twice the bonus.
  SearchOptions recent;
  recent.sort = SortOrder::recent;
  std::vector<Hit> all = hits_of(searcher, "", {});
  std::string newest;
  for (const Hit& hit : all)
    if (hit.date > newest) newest = hit.date;
  SearchOptions explicit_now = recent;
  explicit_now.now = newest;
  const std::vector<Hit> by_default = hits_of(searcher, query, recent),
                         by_newest = hits_of(searcher, query, explicit_now);
  REQUIRE(by_default.size() == by_newest.size());
  for (std::size_t k = 0; k < by_default.size(); ++k) {
    CHECK(by_default[k].id == by_newest[k].id);
    CHECK(by_default[k].score == Approx(by_newest[k].score));
  }
  SearchOptions doubled = recent;
  doubled.recency_weight = 1.0;
  std::map<std::string, double> base, once;
  for (const Hit& hit : plain)
    base[hit.id] = hit.score;
  for (const Hit& hit : by_default)
    once[hit.id] = hit.score - base[hit.id];
  for (const Hit& hit : hits_of(searcher, query, doubled))
    CHECK(hit.score - base[hit.id] == Approx(2 * once[hit.id]).margin(1e-9));
  // Filters only: newest first, as sort by date.
  SearchOptions by_date;
  by_date.sort = SortOrder::date;
  const std::vector<Hit> a = hits_of(searcher, "entity:tiktok", recent),
                         b = hits_of(searcher, "entity:tiktok", by_date);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k)
    CHECK(a[k].id == b[k].id);
  for (const char* wrong : {"2021-02-30", "yesterday", "2021-13-01"}) {
    SearchOptions bad = recent;
    bad.now = wrong;
    INFO(wrong);
    CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
  }
  SearchOptions bad = recent;
  bad.half_life_days = 0;
  CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
  bad.half_life_days = std::nan("");
  CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
  bad.half_life_days = 1e9;  // would be a query of millions of month terms
  CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
  bad.half_life_days = Searcher::kMaxHalfLifeDays;  // the largest: 960 months, answered
  CHECK_NOTHROW(searcher.search(query, bad));
  bad = recent;
  bad.recency_weight = -1;
  CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
}

TEST_CASE("rank recent over xapian-tcpsrv shards equals the single index's", "[recency][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  const test::RemoteSample sample(dir.path());
  Searcher single = Searcher::open(sample.single());
  Searcher remote = Searcher::open(sample.stub());
  SearchOptions options;
  options.sort = SortOrder::recent;
  options.half_life_days = 2;
  for (const std::string query : {"tiktok OR microsoft OR oracle", "rachat", "entity:tiktok"}) {
    const std::vector<Hit> a = hits_of(single, query, options), b = hits_of(remote, query, options);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      INFO(query << " rank " << k);
      CHECK(a[k].id == b[k].id);
      CHECK(a[k].score == Approx(b[k].score));
    }
  }
}
