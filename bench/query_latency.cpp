// Query latency: crible's Searcher next to plain Xapian (what `quest` does: stock
// QueryParser with the French stemmer, top 10, no snippets nor facets) in the same
// run, over a fixed mix of queries (bench/latency/mix.tsv).
//
//   bench_query_latency --crible DB --xapian DB --mix FILE [--repeat N]
//
// Each query runs once untimed (warm caches), then N times per system, the systems
// interleaved query by query so that noise on this shared machine hits them alike.

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
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

struct MixQuery {
  std::string kind;     // rare, mid, frequent, and2, phrase, entity
  std::string crible;   // as crible takes it (entity:microsoft)
  std::string keyword;  // as a plain engine takes it (Microsoft)
};

std::vector<MixQuery> read_mix(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::vector<MixQuery> mix;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    mix.push_back({line.substr(0, a), line.substr(a + 1, b - a - 1), line.substr(b + 1)});
  }
  return mix;
}

// The stock engine: Xapian's QueryParser and Enquire as quest runs them.
class PlainXapian {
 public:
  explicit PlainXapian(const std::string& path) : database_(path) {
    parser_.set_database(database_);
    parser_.set_stemmer(Xapian::Stem("french"));
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    parser_.set_default_op(Xapian::Query::OP_AND);
  }
  std::size_t search(const std::string& text) {
    Xapian::Enquire enquire(database_);
    enquire.set_query(parser_.parse_query(text, Xapian::QueryParser::FLAG_DEFAULT));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    std::size_t found = 0;
    for (auto item = mset.begin(); item != mset.end(); ++item)
      found += item.get_document().get_data().size() > 0;  // quest prints each hit's data
    return found;
  }

 private:
  Xapian::Database database_;
  Xapian::QueryParser parser_;
};

struct System {
  std::string name;
  std::function<void(const MixQuery&)> run;
  std::map<std::string, std::vector<double>> times;  // by kind, and "all"
};

}  // namespace

int main(int argc, char** argv) {
  std::string crible_db, xapian_db, mix_file;
  int repeat = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--crible")
      crible_db = argv[i + 1];
    else if (flag == "--xapian")
      xapian_db = argv[i + 1];
    else if (flag == "--mix")
      mix_file = argv[i + 1];
    else if (flag == "--repeat")
      repeat = std::atoi(argv[i + 1]);
  }
  if (crible_db.empty() || xapian_db.empty() || mix_file.empty()) {
    std::fprintf(stderr,
                 "usage: bench_query_latency --crible DB --xapian DB --mix FILE [--repeat N]\n");
    return 2;
  }
  try {
    const std::vector<MixQuery> mix = read_mix(mix_file);
    PlainXapian plain(xapian_db);
    crible::Searcher searcher = crible::Searcher::open(crible_db);
    // The same index without the confirmation of pruned pages: its cost, measured.
    crible::SearcherOptions unconfirmed_options;
    unconfirmed_options.confirm_pruned_pages = false;
    crible::Searcher unconfirmed = crible::Searcher::open(crible_db, unconfirmed_options);
    crible::SearchOptions bare;
    bare.snippets = false;
    bare.suggest_below = 0;
    // Totals as they were before exact counting: check_at_least = the page only.
    crible::SearchOptions estimated = bare;
    estimated.exact_total_up_to = 0;
    crible::SearchOptions snippets;  // the default options: snippets on
    snippets.suggest_below = 0;
    crible::SearchOptions facets = bare;
    facets.facets = true;
    crible::SearchOptions full;
    full.facets = true;
    full.suggest_below = 0;

    std::vector<System> systems;
    systems.push_back({"plain Xapian (quest-like, top 10)",
                       [&](const MixQuery& q) { plain.search(q.keyword); },
                       {}});
    systems.push_back({"crible, no snippets/facets",
                       [&](const MixQuery& q) { searcher.search(q.crible, bare); },
                       {}});
    systems.push_back({"crible bare, pruned pages not confirmed",
                       [&](const MixQuery& q) { unconfirmed.search(q.crible, bare); },
                       {}});
    systems.push_back({"crible bare, estimated totals, not confirmed",
                       [&](const MixQuery& q) { unconfirmed.search(q.crible, estimated); },
                       {}});
    systems.push_back(
        {"crible, snippets", [&](const MixQuery& q) { searcher.search(q.crible, snippets); }, {}});
    systems.push_back({"crible, exact entity facets",
                       [&](const MixQuery& q) { searcher.search(q.crible, facets); },
                       {}});
    systems.push_back({"crible, exact entity facets, not confirmed",
                       [&](const MixQuery& q) { unconfirmed.search(q.crible, facets); },
                       {}});
    systems.push_back({"crible, snippets + exact entity facets",
                       [&](const MixQuery& q) { searcher.search(q.crible, full); },
                       {}});

    std::map<std::string, std::size_t> hits;  // sanity: how many queries find something
    for (const MixQuery& query : mix) {
      for (System& system : systems)
        system.run(query);  // warm-up
      hits[query.kind] += !searcher.search(query.crible, bare).hits.empty();
    }
    for (int round = 0; round < repeat; ++round)
      for (const MixQuery& query : mix)
        for (System& system : systems) {
          const double ms = milliseconds([&] { system.run(query); });
          system.times[query.kind].push_back(ms);
          system.times["all"].push_back(ms);
        }

    std::printf("%zu queries x %d rounds, %llu documents\n\n", mix.size(), repeat,
                static_cast<unsigned long long>(searcher.size()));
    std::printf(
        "| system | p50 ms | p99 ms | mean ms | p50 x plain | p99 x plain "
        "|\n|---|---:|---:|---:|---:|---:|\n");
    const auto& base = systems.front().times["all"];
    for (System& system : systems) {
      const auto& all = system.times["all"];
      double mean = 0;
      for (double t : all)
        mean += t;
      mean /= static_cast<double>(all.size());
      std::printf("| %s | %.3f | %.3f | %.3f | %.2f | %.2f |\n", system.name.c_str(),
                  percentile(all, 0.5), percentile(all, 0.99), mean,
                  percentile(all, 0.5) / percentile(base, 0.5),
                  percentile(all, 0.99) / percentile(base, 0.99));
    }
    std::printf("\nBy query class (p50 / p99 ms):\n\n| class | queries with hits |");
    for (const System& system : systems)
      std::printf(" %s |", system.name.c_str());
    std::printf("\n|---|---:|");
    for (std::size_t i = 0; i < systems.size(); ++i)
      std::printf("---:|");
    std::printf("\n");
    for (const auto& [kind, count] : hits) {
      std::printf("| %s | %zu |", kind.c_str(), count);
      for (System& system : systems)
        std::printf(" %.3f / %.3f |", percentile(system.times[kind], 0.5),
                    percentile(system.times[kind], 0.99));
      std::printf("\n");
    }
  } catch (const crible::Error& e) {
    std::fprintf(stderr, "bench_query_latency: %s\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "bench_query_latency: %s\n", e.get_description().c_str());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_query_latency: %s\n", e.what());
    return 1;
  }
  return 0;
}
