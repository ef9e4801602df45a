// Query latency of one index laid out differently: a single database (the baseline),
// local shards, and shards served by xapian-tcpsrv, in the same run, the layouts
// interleaved query by query so that noise on this shared machine hits them alike.
//
//   bench_shard_latency --mix FILE [--repeat N] NAME=DB NAME=DB ...
//
// The first NAME=DB is the baseline of the ratios. Each query runs twice per layout:
// bare (no snippets, no facets) and full (snippets and exact entity facets).

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "crible/error.h"
#include "crible/search.h"
#include "percentile.h"

namespace {

using crible::bench::percentile;

std::vector<std::string> read_queries(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> queries;
  std::string line;
  while (std::getline(file, line)) {  // kind <TAB> crible query <TAB> keyword query
    if (line.empty() || line[0] == '#') continue;
    const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a != std::string::npos && b != std::string::npos)
      queries.push_back(line.substr(a + 1, b - a - 1));
  }
  return queries;
}

struct Layout {
  std::string name;
  crible::Searcher searcher;
  std::map<std::string, std::vector<double>> times;  // "bare", "full"
};

}  // namespace

int main(int argc, char** argv) {
  std::string mix_file;
  int repeat = 3;
  std::vector<std::pair<std::string, std::string>> databases;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--mix" && i + 1 < argc) {
      mix_file = argv[++i];
    } else if (arg == "--repeat" && i + 1 < argc) {
      repeat = std::atoi(argv[++i]);
    } else if (const std::size_t equals = arg.find('='); equals != std::string::npos) {
      databases.emplace_back(arg.substr(0, equals), arg.substr(equals + 1));
    }
  }
  if (mix_file.empty() || databases.empty()) {
    std::fprintf(stderr, "usage: bench_shard_latency --mix FILE [--repeat N] NAME=DB...\n");
    return 2;
  }
  try {
    const std::vector<std::string> queries = read_queries(mix_file);
    std::vector<Layout> layouts;
    for (const auto& [name, db] : databases)
      layouts.push_back({name, crible::Searcher::open(db), {}});
    crible::SearchOptions bare;
    bare.snippets = false;
    bare.suggest_below = 0;
    crible::SearchOptions full;
    full.facets = true;
    full.suggest_below = 0;
    const std::map<std::string, const crible::SearchOptions*> modes = {{"bare", &bare},
                                                                       {"full", &full}};
    // Warm-up, and a check that every layout finds the same number of documents (with
    // facets, totals are exact; without, they are Xapian's estimates, which differ).
    std::size_t disagreements = 0;
    for (const std::string& query : queries) {
      const std::uint64_t total = layouts.front().searcher.search(query, full).total;
      for (Layout& layout : layouts) {
        layout.searcher.search(query, bare);
        disagreements += layout.searcher.search(query, full).total != total;
      }
    }
    for (int round = 0; round < repeat; ++round)
      for (const std::string& query : queries)
        for (const auto& [mode, options] : modes)
          for (Layout& layout : layouts) {
            const auto start = std::chrono::steady_clock::now();
            layout.searcher.search(query, *options);
            layout.times[mode].push_back(
                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count());
          }
    std::printf(
        "%zu queries x %d rounds, %llu documents; totals differing from the baseline: "
        "%zu\n\n",
        queries.size(), repeat, static_cast<unsigned long long>(layouts.front().searcher.size()),
        disagreements);
    std::printf(
        "| layout | mode | p50 ms | p99 ms | p50 x base | p99 x base |\n"
        "|---|---|---:|---:|---:|---:|\n");
    for (const auto& [mode, options] : modes) {
      const auto& base = layouts.front().times[mode];
      for (Layout& layout : layouts) {
        const auto& times = layout.times[mode];
        std::printf("| %s | %s | %.3f | %.3f | %.2f | %.2f |\n", layout.name.c_str(), mode.c_str(),
                    percentile(times, 0.5), percentile(times, 0.99),
                    percentile(times, 0.5) / percentile(base, 0.5),
                    percentile(times, 0.99) / percentile(base, 0.99));
      }
    }
  } catch (const crible::Error& e) {
    std::fprintf(stderr, "bench_shard_latency: %s\n", e.what());
    return 1;
  }
  return 0;
}
