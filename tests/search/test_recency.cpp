// Recency ranking (SortOrder::recent) on a real index of data/sample: each hit's score
// is its relevance score plus a bonus that must lie within the documented bounds of
// bonus × 2^(−age / half-life), the ages computed here with std::chrono's calendar (not
// crible's); the same hits as relevance; the same answer over xapian-tcpsrv shards.

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <map>

#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"

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

// Seconds since 1970 of "2021-02-19" or "2021-02-19T10:15:00..." (zone ignored), by
// std::chrono's civil calendar.
double seconds_of(const std::string& date) {
  using namespace std::chrono;
  const year_month_day day{year(std::stoi(date.substr(0, 4))),
                           month(static_cast<unsigned>(std::stoi(date.substr(5, 2)))),
                           std::chrono::day(static_cast<unsigned>(std::stoi(date.substr(8, 2))))};
  double seconds = static_cast<double>(sys_days(day).time_since_epoch().count()) * 86400;
  if (date.size() >= 19 && date[10] == 'T')
    seconds += std::stoi(date.substr(11, 2)) * 3600 + std::stoi(date.substr(14, 2)) * 60 +
               std::stoi(date.substr(17, 2));
  return seconds;
}

std::vector<Hit> hits_of(Searcher& searcher, const std::string& query, SearchOptions options) {
  options.limit = 100;
  options.snippets = false;
  return searcher.search(query, options).hits;
}

}  // namespace

TEST_CASE("rank recent adds a bonus that halves every half-life", "[recency][oracle]") {
  TempDir dir;
  index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const std::string query = "tiktok OR microsoft OR oracle";
  std::map<std::string, double> relevance;
  for (const Hit& hit : hits_of(searcher, query, {})) relevance[hit.id] = hit.score;
  REQUIRE(relevance.size() > 8);
  for (const double half_life : {0.5, 1.0, 7.0}) {
    SearchOptions options;
    options.sort = SortOrder::recent;
    options.half_life_days = half_life;
    options.now = "2021-02-21T12:00:00Z";
    const std::vector<Hit> recent = hits_of(searcher, query, options);
    REQUIRE(recent.size() == relevance.size());  // the same matches, ordered otherwise
    // The full bonus: what a document dated now or later gets.
    double full = 0;
    for (const Hit& hit : recent)
      if (!hit.date.empty() && seconds_of(hit.date) >= seconds_of(options.now))
        full = std::max(full, hit.score - relevance.at(hit.id));
    REQUIRE(full > 0);
    for (std::size_t k = 0; k < recent.size(); ++k) {
      const Hit& hit = recent[k];
      const double bonus = hit.score - relevance.at(hit.id);
      INFO("half-life " << half_life << ", " << hit.id << " dated '" << hit.date << "': bonus "
                        << bonus << " of " << full);
      if (k > 0) CHECK(hit.score <= recent[k - 1].score + 1e-9);
      if (hit.date.empty()) {
        CHECK(std::abs(bonus) < 1e-9);
        continue;
      }
      const double age_days =
          std::max(0.0, (seconds_of(options.now) - seconds_of(hit.date)) / 86400);
      const double exact = full * std::exp2(-age_days / half_life);
      // At most a quarter half-life's step above the exact decay, never below it but
      // past 8 half-lives (where it is 0).
      CHECK(bonus <= exact * std::exp2(0.25) + 1e-9);
      if (age_days < 8 * half_life) CHECK(bonus >= exact - 1e-9);
      else CHECK(std::abs(bonus) < 1e-9);
    }
  }
}

TEST_CASE("rank recent: its weight, its default now, filters only, bad options", "[recency]") {
  TempDir dir;
  index_sample(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const std::string query = "tiktok OR microsoft";
  SearchOptions off;
  off.sort = SortOrder::recent;
  off.recency_weight = 0;
  const std::vector<Hit> plain = hits_of(searcher, query, {}), weightless = hits_of(searcher, query, off);
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
  for (const Hit& hit : plain) base[hit.id] = hit.score;
  for (const Hit& hit : by_default) once[hit.id] = hit.score - base[hit.id];
  for (const Hit& hit : hits_of(searcher, query, doubled))
    CHECK(hit.score - base[hit.id] == Approx(2 * once[hit.id]).margin(1e-9));
  // Filters only: newest first, as sort by date.
  SearchOptions by_date;
  by_date.sort = SortOrder::date;
  const std::vector<Hit> a = hits_of(searcher, "entity:tiktok", recent),
                         b = hits_of(searcher, "entity:tiktok", by_date);
  REQUIRE(a.size() == b.size());
  for (std::size_t k = 0; k < a.size(); ++k) CHECK(a[k].id == b[k].id);
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
  bad = recent;
  bad.recency_weight = -1;
  CHECK_THROWS_AS(searcher.search(query, bad), InvalidArgument);
}

TEST_CASE("rank recent over xapian-tcpsrv shards equals the single index's",
          "[recency][shards]") {
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
