// Histograms of matches (SearchOptions::histogram): ISO weeks against published
// examples (tests/data/iso-weeks.tsv), and every bucket's count equal to a search of
// its own dates on a real index of data/sample, locally and over xapian-tcpsrv shards.

#include <algorithm>
#include <catch2/catch.hpp>

#include "../support/golden.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"
#include "search/histogram.h"

using namespace crible;
using test::TempDir;

namespace {

void index_sample(const std::filesystem::path& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  IndexWriter writer = IndexWriter::open(db, options);
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CRIBLE_SOURCE_DIR) + "/data/sample"))
    files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  InputReader reader(files);
  Thread thread;
  while (reader.next_thread(thread, [](const ReadProblem& p) {
    if (!p.warning) FAIL(p.to_string());
  }))
    writer.add(std::move(thread));
  writer.close();
}

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
  index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const std::string query : {"", "tiktok", "microsoft OR oracle", "entity:tiktok"})
    check_buckets_equal_searches(searcher, query);
}

TEST_CASE("histograms over xapian-tcpsrv shards equal the single index's", "[histogram][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  index_sample(dir / "single", 1);
  index_sample(dir / "sharded", 2);
  test::XapianTcpServer first(dir / "sharded" / "shard-0"), second(dir / "sharded" / "shard-1");
  test::write_file(dir / "remote.stub", first.stub_line() + "\n" + second.stub_line() + "\n");
  Searcher single = Searcher::open(dir / "single");
  Searcher remote = Searcher::open(dir / "remote.stub");
  for (const std::string query : {"", "tiktok"}) {
    SearchOptions options;
    options.histogram = HistogramInterval::week;
    options.limit = 0;
    const SearchResults a = single.search(query, options), b = remote.search(query, options);
    REQUIRE(a.histogram.size() == b.histogram.size());
    for (std::size_t k = 0; k < a.histogram.size(); ++k) {
      CHECK(a.histogram[k].key == b.histogram[k].key);
      CHECK(a.histogram[k].count == b.histogram[k].count);
    }
  }
  check_buckets_equal_searches(remote, "tiktok");
}
