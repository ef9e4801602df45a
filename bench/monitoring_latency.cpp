// Media-monitoring latency (issue 17): an entity's timeline over a year of ISO weeks,
// per document and per article, a histogram split by entity, next to the baseline in
// the same run: one exact count query per bucket (what a client would otherwise run,
// Searcher::search with exact_total and the bucket's dates); a word searched by
// relevance and by rank recent; related articles (Searcher::similar); trending
// entities (two facet passes).
//
//   bench_monitoring_latency --db DB [--repeat N] [--entity ID] [--word WORD]
//
// The entity defaults to the index's most mentioned one, the year to the one it is
// most mentioned in. Each case runs once untimed, then N times, the cases interleaved
// repeat by repeat so that noise on this shared machine hits them alike.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "crible/error.h"
#include "crible/search.h"
#include "percentile.h"

namespace {

using crible::bench::milliseconds;
using crible::bench::percentile;

// The last day of the ISO week starting on @p monday ("2021-02-15" -> "2021-02-21").
std::string sunday_of(const std::string& monday) {
  int year = std::stoi(monday.substr(0, 4)), month = std::stoi(monday.substr(5, 2)),
      day = std::stoi(monday.substr(8, 2)) + 6;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int length = month == 2 && leap ? 29 : kDays[month - 1];
  if (day > length) day -= length, ++month;
  if (month > 12) month = 1, ++year;
  char text[32];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
  return text;
}

struct Case {
  std::string name;
  std::function<void()> run;
  std::vector<double> times = {};
};

int run(int argc, char** argv) {
  std::string db, entity, word = "gouvernement";
  int repeat = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db") db = argv[i + 1];
    if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
    if (flag == "--entity") entity = argv[i + 1];
    if (flag == "--word") word = argv[i + 1];
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: bench_monitoring_latency --db DB [--repeat N] [--entity ID]\n");
    return 2;
  }
  crible::Searcher searcher = crible::Searcher::open(db);
  if (entity.empty()) entity = searcher.entities("", "", 1).entities.at(0).id;
  // Its busiest year.
  std::map<std::string, std::uint64_t> years;
  for (const auto& bucket : searcher.timeline(entity, "", crible::HistogramInterval::month).buckets)
    years[bucket.key.substr(0, 4)] += bucket.count;
  std::string year;
  for (const auto& [key, count] : years)
    if (year.empty() || count > years[year]) year = key;
  const std::string in_year = "date:" + year;
  const crible::EntityTimeline reference =
      searcher.timeline(entity, in_year, crible::HistogramInterval::week);
  std::printf("entity %s, year %s: %llu documents in %zu weeks; index of %llu documents\n",
              entity.c_str(), year.c_str(), static_cast<unsigned long long>(reference.entity.count),
              reference.buckets.size(), static_cast<unsigned long long>(searcher.size()));

  std::vector<Case> cases;
  cases.push_back({"baseline: one count query per week", [&] {
                     crible::SearchOptions one;
                     one.limit = 0;
                     one.exact_total = true;
                     one.suggest_below = 0;
                     std::uint64_t sum = 0;
                     for (const auto& bucket : reference.buckets)
                       sum += searcher
                                  .search("entity:" + entity + " date:" + bucket.start + ".." +
                                              sunday_of(bucket.start),
                                          one)
                                  .total;
                     if (sum == 0) std::abort();
                   }});
  cases.push_back({"timeline per week (documents)",
                   [&] { searcher.timeline(entity, in_year, crible::HistogramInterval::week); }});
  cases.push_back({"timeline per week (articles)", [&] {
                     searcher.timeline(entity, in_year, crible::HistogramInterval::week,
                                       crible::FacetCounting::articles);
                   }});
  cases.push_back({"histogram per week split by 5 entities", [&] {
                     crible::SearchOptions options;
                     options.limit = 0;
                     options.suggest_below = 0;
                     options.histogram = crible::HistogramInterval::week;
                     options.histogram_entities = 5;
                     searcher.search("entity:" + entity + " " + in_year, options);
                   }});
  cases.push_back({"search '" + word + "' with a histogram per week", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     options.histogram = crible::HistogramInterval::week;
                     searcher.search(word + " " + in_year, options);
                   }});
  cases.push_back({"search '" + word + "' alone (10 hits, exact total)", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     options.exact_total = true;
                     searcher.search(word + " " + in_year, options);
                   }});
  cases.push_back({"search '" + word + "' rank recent (10 hits, exact total)", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     options.exact_total = true;
                     options.sort = crible::SortOrder::recent;
                     searcher.search(word + " " + in_year, options);
                   }});
  cases.push_back({"search '" + word + "' (10 hits, all years)", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     searcher.search(word, options);
                   }});
  cases.push_back({"search '" + word + "' dedupe (10 hits, exact total)", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     options.dedupe = true;
                     searcher.search(word + " " + in_year, options);
                   }});
  cases.push_back({"timeline per week (clusters)", [&] {
                     searcher.timeline(entity, in_year, crible::HistogramInterval::week,
                                       crible::FacetCounting::clusters);
                   }});
  cases.push_back({"duplicates (20 largest clusters, 10 members)", [&] { searcher.duplicates(); }});
  cases.push_back({"search '" + word + "' rank recent (10 hits, all years)", [&] {
                     crible::SearchOptions options;
                     options.snippets = false;
                     options.sort = crible::SortOrder::recent;
                     searcher.search(word, options);
                   }});
  // Related articles of the top articles of a few searches, one per run in turn.
  std::vector<std::string> articles;
  for (const char* query : {"gouvernement", "entreprise", "climat", "football", "santé"}) {
    crible::SearchOptions options;
    options.snippets = false;
    options.type = crible::DocumentType::article;
    options.limit = 4;
    for (const crible::Hit& hit : searcher.search(query, options).hits)
      articles.push_back(hit.id);
  }
  std::size_t next_article = 0;
  cases.push_back({"similar (40 terms, 10 hits)",
                   [&] { searcher.similar(articles[next_article++ % articles.size()]); }});
  cases.push_back({"trending (7 days against 28, newest week)", [&] { searcher.trending(""); }});
  cases.push_back({"trending in the busiest year's middle", [&] {
                     crible::TrendOptions options;
                     options.now = year + "-07-01";
                     searcher.trending("", options);
                   }});
  for (Case& one : cases)
    one.run();  // warm
  for (int r = 0; r < repeat; ++r)
    for (Case& one : cases)
      one.times.push_back(milliseconds(one.run));
  // What rank recent changes: the median age of the top 10 hits, in days before the
  // newest document, by relevance and by recency, for a few frequent words.
  std::printf("median age of the top 10 hits (days before the newest document):\n");
  const std::string newest = searcher
                                 .search("",
                                         [] {
                                           crible::SearchOptions options;
                                           options.sort = crible::SortOrder::date;
                                           options.limit = 1;
                                           options.snippets = false;
                                           return options;
                                         }())
                                 .hits.at(0)
                                 .date;
  const auto days = [](const std::string& date) {
    return std::stoi(date.substr(0, 4)) * 365.25 + std::stoi(date.substr(5, 2)) * 30.44 +
           std::stoi(date.substr(8, 2));
  };
  for (const char* query : {"gouvernement", "élection", "entreprise", "climat"}) {
    std::printf("  %-14s", query);
    for (const crible::SortOrder order :
         {crible::SortOrder::relevance, crible::SortOrder::recent}) {
      crible::SearchOptions options;
      options.sort = order;
      options.snippets = false;
      std::vector<double> ages;
      for (const crible::Hit& hit : searcher.search(query, options).hits)
        if (!hit.date.empty()) ages.push_back(days(newest) - days(hit.date));
      std::printf("  %s %7.0f", std::string(crible::to_string(order)).c_str(),
                  percentile(ages, 0.5));
    }
    std::printf("\n");
  }
  const double baseline = percentile(cases[0].times, 0.5);
  std::printf("%-46s %9s %9s %9s\n", "case", "p50 ms", "p99 ms", "p50/base");
  for (const Case& one : cases)
    std::printf("%-46s %9.2f %9.2f %9.2f\n", one.name.c_str(), percentile(one.times, 0.5),
                percentile(one.times, 0.99), percentile(one.times, 0.5) / baseline);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_monitoring_latency: %s\n", e.what());
    return 1;
  }
}
