// Histograms of matches (SearchOptions::histogram): ISO weeks against published
// examples (tests/data/iso-weeks.tsv), and every bucket's count equal to a search of
// its own dates on a real index of data/sample, locally and over xapian-tcpsrv shards.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "../support/golden.h"
#include "../support/remote_sample.h"
#include "../support/sample_index.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"
#include "search/histogram.h"

using namespace crible;
using test::TempDir;

namespace {

// The last day of @p bucket's interval, for a date: range query of the bucket.
std::string range_of(const HistogramBucket& bucket, HistogramInterval interval) {
  if (interval == HistogramInterval::day) return bucket.start;
  if (interval == HistogramInterval::month) return bucket.key;  // date:2021-02
  // A week: Monday..Sunday, counted from the start with the library's own calendar
  // left out: the days are walked by a plain loop.
  int year = std::stoi(bucket.start.substr(0, 4)), month = std::stoi(bucket.start.substr(5, 2)),
      day = std::stoi(bucket.start.substr(8, 2));
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int k = 0; k < 6; ++k) {
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    const int length = month == 2 && leap ? 29 : kDays[month - 1];
    if (++day > length) day = 1, ++month;
    if (month > 12) month = 1, ++year;
  }
  char end[48];
  std::snprintf(end, sizeof end, "%04d-%02d-%02d", year, month, day);
  return bucket.start + ".." + end;
}

void check_buckets_equal_searches(Searcher& searcher, const std::string& query) {
  for (const HistogramInterval interval :
       {HistogramInterval::day, HistogramInterval::week, HistogramInterval::month}) {
    SearchOptions options;
    options.histogram = interval;
    options.limit = 0;
    const SearchResults results = searcher.search(query, options);
    REQUIRE_FALSE(results.histogram.empty());
    std::uint64_t dated = 0;
    for (const HistogramBucket& bucket : results.histogram) {
      SearchOptions one;
      one.exact_total = true;
      one.limit = 0;
      const std::string filter = "date:" + range_of(bucket, interval);
      INFO(to_string(interval) << " " << bucket.key << ": " << filter);
      CHECK(searcher.search(query.empty() ? filter : "(" + query + ") " + filter, one).total ==
            bucket.count);
      dated += bucket.count;
    }
    // Every dated match is in one bucket.
    SearchOptions total;
    total.exact_total = true;
    total.limit = 0;
    CHECK(searcher
              .search(query.empty() ? "date:1000..9999" : "(" + query + ") date:1000..9999", total)
              .total == dated);
  }
}

// Every match of @p query, read hit by hit.
std::vector<Hit> all_hits(Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.limit = Searcher::kMaxLimit;
  options.snippets = false;
  options.suggest_below = 0;
  const SearchResults results = searcher.search(query, options);
  REQUIRE(results.total < Searcher::kMaxLimit);
  return results.hits;
}

std::string thread_of(const Hit& hit) {
  return hit.parent.empty() ? hit.id : hit.parent;
}

// "2021-02-19T10:00:00+01:00" -> "20210219100000": the instant as written, sortable.
std::string written_instant(const std::string& date) {
  std::string digits;
  for (std::size_t i = 0; i < date.size() && i < 19; ++i)
    if (date[i] >= '0' && date[i] <= '9') digits += date[i];
  return digits;
}

// The day of each thread's earliest dated hit, "2021-02-19", computed from the hits.
std::map<std::string, std::string> earliest_day_per_thread(const std::vector<Hit>& hits) {
  std::map<std::string, std::string> earliest;  // thread -> written date
  for (const Hit& hit : hits) {
    if (hit.date.empty()) continue;
    auto [at, added] = earliest.emplace(thread_of(hit), hit.date);
    if (!added && written_instant(hit.date) < written_instant(at->second)) at->second = hit.date;
  }
  for (auto& [thread, date] : earliest)
    date = date.substr(0, 10);
  return earliest;
}

// Per article: each bucket holds the threads whose earliest dated match falls in its
// days, recomputed from the hits; split by entity, the bucket's threads with a match
// that mentions the entity.
void check_article_buckets(Searcher& searcher, const std::string& query) {
  const std::vector<Hit> hits = all_hits(searcher, query);
  const std::map<std::string, std::string> earliest = earliest_day_per_thread(hits);
  for (const HistogramInterval interval :
       {HistogramInterval::day, HistogramInterval::week, HistogramInterval::month}) {
    SearchOptions options;
    options.histogram = interval;
    options.histogram_counting = FacetCounting::articles;
    options.histogram_entities = 3;
    options.limit = 0;
    const SearchResults results = searcher.search(query, options);
    std::uint64_t placed = 0;
    for (const HistogramBucket& bucket : results.histogram) {
      std::string range = range_of(bucket, interval);
      std::string first = range.substr(0, 10), last = range.size() > 10 ? range.substr(12) : first;
      if (interval == HistogramInterval::month)
        first = bucket.key + "-01", last = bucket.key + "-31";
      std::set<std::string> threads;
      for (const auto& [thread, day] : earliest)
        if (day >= first && day <= last) threads.insert(thread);
      INFO(query << " per " << to_string(interval) << " " << bucket.key);
      CHECK(bucket.count == threads.size());
      placed += bucket.count;
      CHECK(bucket.entities.size() <= 3);
      for (const FacetCount& entity : bucket.entities) {
        std::set<std::string> mentioning;
        for (const Hit& hit : hits)
          if (threads.count(thread_of(hit)) &&
              std::find(hit.entities.begin(), hit.entities.end(), entity.id) != hit.entities.end())
            mentioning.insert(thread_of(hit));
        INFO(entity.id);
        CHECK(entity.count == mentioning.size());
      }
    }
    CHECK(placed == earliest.size());
  }
}

// Split per document: each bucket's entity counts are searches of its dates and entity.
void check_document_split(Searcher& searcher, const std::string& query) {
  SearchOptions options;
  options.histogram = HistogramInterval::week;
  options.histogram_entities = 5;
  options.limit = 0;
  const SearchResults results = searcher.search(query, options);
  REQUIRE_FALSE(results.histogram.empty());
  bool some = false;
  for (const HistogramBucket& bucket : results.histogram) {
    CHECK(bucket.entities.size() <= 5);
    for (std::size_t k = 0; k < bucket.entities.size(); ++k) {
      const FacetCount& entity = bucket.entities[k];
      SearchOptions one;
      one.exact_total = true;
      one.limit = 0;
      const std::string filter =
          "date:" + range_of(bucket, HistogramInterval::week) + " entity:" + entity.id;
      INFO(bucket.key << " " << filter);
      CHECK(searcher.search(query.empty() ? filter : "(" + query + ") " + filter, one).total ==
            entity.count);
      CHECK(entity.count <= bucket.count);
      if (k > 0) CHECK(entity.count <= bucket.entities[k - 1].count);
      some = true;
    }
  }
  CHECK(some);
}

}  // namespace

TEST_CASE("ISO weeks equal the published examples", "[histogram][oracle]") {
  for (const test::GoldenCase& row :
       test::load_golden(test::source_path("tests/data/iso-weeks.tsv"))) {
    const search::BucketOf bucket = search::bucket_of(row.input, HistogramInterval::week);
    INFO("line " << row.line << ": " << row.input);
    CHECK(bucket.key + " " + bucket.start == row.expected);
  }
  CHECK(search::bucket_of("20210219", HistogramInterval::month).key == "2021-02");
  CHECK(search::bucket_of("20210219", HistogramInterval::day).key == "2021-02-19");
  CHECK(search::bucket_of("", HistogramInterval::day).key.empty());
  CHECK(search::bucket_of("2021xx19", HistogramInterval::day).key.empty());
}

TEST_CASE("each histogram bucket counts what a search of its dates finds", "[histogram]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const std::string query : {"", "tiktok", "microsoft OR oracle", "entity:tiktok"})
    check_buckets_equal_searches(searcher, query);
}

TEST_CASE("per article, a thread counts once, in the bucket of its earliest match", "[histogram]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const std::string query : {"", "tiktok", "microsoft OR oracle", "entity:tiktok"})
    check_article_buckets(searcher, query);
}

TEST_CASE("a bucket split by entity counts what a search of its dates and entity finds",
          "[histogram]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const std::string query : {"", "tiktok OR microsoft"})
    check_document_split(searcher, query);
  SearchOptions options;
  options.histogram = HistogramInterval::week;
  options.histogram_entities = Searcher::kMaxBucketEntities + 1;
  CHECK_THROWS_AS(searcher.search("", options), InvalidArgument);
}

TEST_CASE("an entity's timeline is the histogram of its entity: query", "[histogram]") {
  TempDir dir;
  test::index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const FacetCounting counting : {FacetCounting::documents, FacetCounting::articles}) {
    const EntityTimeline timeline =
        searcher.timeline("TikTok", "", HistogramInterval::week, counting);
    CHECK(timeline.entity.id == "tiktok");
    CHECK(timeline.entity.name == "TikTok");
    SearchOptions options;
    options.histogram = HistogramInterval::week;
    options.histogram_counting = counting;
    options.threads = counting == FacetCounting::articles;
    options.limit = 0;
    const SearchResults results = searcher.search("entity:tiktok", options);
    CHECK(timeline.entity.count == results.total);
    REQUIRE(timeline.buckets.size() == results.histogram.size());
    for (std::size_t k = 0; k < timeline.buckets.size(); ++k) {
      CHECK(timeline.buckets[k].key == results.histogram[k].key);
      CHECK(timeline.buckets[k].count == results.histogram[k].count);
    }
  }
  // Counted by hand from data/sample: the threads holding a TikTok match.
  std::set<std::string> threads;
  for (const Hit& hit : all_hits(searcher, "entity:tiktok"))
    threads.insert(thread_of(hit));
  CHECK(searcher.timeline("tiktok", "", HistogramInterval::month, FacetCounting::articles)
            .entity.count == threads.size());
  CHECK(searcher.timeline("tiktok", "rachat", HistogramInterval::day).entity.count ==
        all_hits(searcher, "entity:tiktok rachat").size());
  CHECK_THROWS_AS(searcher.timeline("no such entity", "", HistogramInterval::week),
                  InvalidArgument);
  CHECK_THROWS_AS(searcher.timeline("tiktok", "", HistogramInterval::none), InvalidArgument);
}

TEST_CASE("histograms over xapian-tcpsrv shards equal the single index's", "[histogram][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  const test::RemoteSample sample(dir.path());
  Searcher single = Searcher::open(sample.single());
  Searcher remote = Searcher::open(sample.stub());
  for (const std::string query : {"", "tiktok"})
    for (const FacetCounting counting : {FacetCounting::documents, FacetCounting::articles}) {
      SearchOptions options;
      options.histogram = HistogramInterval::week;
      options.histogram_counting = counting;
      options.histogram_entities = 3;
      options.limit = 0;
      const SearchResults a = single.search(query, options), b = remote.search(query, options);
      REQUIRE(a.histogram.size() == b.histogram.size());
      for (std::size_t k = 0; k < a.histogram.size(); ++k) {
        INFO(query << " " << a.histogram[k].key);
        CHECK(a.histogram[k].key == b.histogram[k].key);
        CHECK(a.histogram[k].count == b.histogram[k].count);
        REQUIRE(a.histogram[k].entities.size() == b.histogram[k].entities.size());
        for (std::size_t e = 0; e < a.histogram[k].entities.size(); ++e)
          CHECK(a.histogram[k].entities[e].count == b.histogram[k].entities[e].count);
      }
    }
  check_buckets_equal_searches(remote, "tiktok");
  check_article_buckets(remote, "tiktok");
  check_document_split(remote, "tiktok");
}
