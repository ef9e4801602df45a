// Trending entities (Searcher::trending) on a real index of data/sample: every count
// recomputed here from the hits' own dates and entities, the periods laid out with
// std::chrono's calendar, and the score from its documented formula.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>

#include "../support/sample_index.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

// "2021-02-22" shifted by @p days, by std::chrono.
std::string shifted(const std::string& day, int days) {
  using namespace std::chrono;
  const year_month_day date{year(std::stoi(day.substr(0, 4))),
                            month(static_cast<unsigned>(std::stoi(day.substr(5, 2)))),
                            std::chrono::day(static_cast<unsigned>(std::stoi(day.substr(8, 2))))};
  const year_month_day moved{sys_days(date) + std::chrono::days(days)};
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(moved.year()),
                static_cast<unsigned>(moved.month()), static_cast<unsigned>(moved.day()));
  return text;
}

}  // namespace

TEST_CASE("trending entities: counts and scores recomputed from the hits", "[trending][oracle]") {
  TempDir dir;
  test::index_sample(dir / "db");
  Searcher searcher = Searcher::open(dir / "db");
  SearchOptions all;
  all.limit = Searcher::kMaxLimit;
  all.snippets = false;
  const std::vector<Hit> hits = searcher.search("", all).hits;
  for (const std::string query : {"", "tiktok OR microsoft"}) {
    TrendOptions options;
    options.now = "2021-02-20";
    options.window_days = 3;
    options.baseline_days = 10;
    options.min_documents = 1;
    options.limit = 100;
    const TrendList list = searcher.trending(query, options);
    const std::string window_start = shifted(options.now, -2),
                      baseline_start = shifted(options.now, -12);
    CHECK(list.window_start == window_start);
    CHECK(list.window_end == options.now);
    CHECK(list.baseline_start == baseline_start);
    // The matching documents' days, read from the hits.
    std::vector<const Hit*> matching;
    if (query.empty()) {
      for (const Hit& hit : hits)
        matching.push_back(&hit);
    } else {
      const std::vector<Hit> found = searcher.search(query, all).hits;
      for (const Hit& hit : hits)
        for (const Hit& one : found)
          if (one.id == hit.id) matching.push_back(&hit);
    }
    std::uint64_t window = 0, baseline = 0;
    std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> counts;
    for (const Hit* hit : matching) {
      if (hit->date.empty()) continue;
      const std::string day = hit->date.substr(0, 10);
      const bool in_window = day >= window_start && day <= options.now;
      const bool in_baseline = day >= baseline_start && day < window_start;
      window += in_window;
      baseline += in_baseline;
      for (const std::string& entity : hit->entities) {
        counts[entity].first += in_window;
        counts[entity].second += in_baseline;
      }
    }
    INFO("query '" << query << "'");
    CHECK(list.window_documents == window);
    CHECK(list.baseline_documents == baseline);
    REQUIRE(window > 0);
    REQUIRE(baseline > 0);
    std::size_t expected = 0;
    for (const auto& [entity, count] : counts)
      expected += count.first >= 1;
    CHECK(list.entities.size() == expected);
    for (std::size_t k = 0; k < list.entities.size(); ++k) {
      const Trend& trend = list.entities[k];
      INFO(trend.entity.id);
      CHECK(trend.entity.count == counts[trend.entity.id].first);
      CHECK(trend.baseline == counts[trend.entity.id].second);
      const double score = std::log2(((trend.entity.count + 0.5) / (window + 1.0)) /
                                     ((trend.baseline + 0.5) / (baseline + 1.0)));
      CHECK(trend.score == Approx(score));
      if (k > 0) CHECK(trend.score <= list.entities[k - 1].score);
    }
  }
  // The support floor, the default now (the newest document's day), bad options.
  TrendOptions floor;
  floor.min_documents = 3;
  floor.now = "2021-02-20";
  floor.window_days = 3;
  floor.baseline_days = 10;
  for (const Trend& trend : searcher.trending("", floor).entities)
    CHECK(trend.entity.count >= 3);
  std::string newest;
  for (const Hit& hit : hits)
    newest = std::max(newest, hit.date.substr(0, std::min<std::size_t>(10, hit.date.size())));
  CHECK(searcher.trending("").window_end == newest);
  TrendOptions bad;
  bad.window_days = 0;
  CHECK_THROWS_AS(searcher.trending("", bad), InvalidArgument);
  bad = {};
  bad.now = "2021-02-30";
  CHECK_THROWS_AS(searcher.trending("", bad), InvalidArgument);
  bad = {};
  bad.limit = Searcher::kMaxLimit + 1;
  CHECK_THROWS_AS(searcher.trending("", bad), InvalidArgument);
}
