// Search-as-you-type latency: Searcher::suggest over a file of typed prefixes (one per
// line, as a search box holds them keystroke after keystroke), with and without typo
// tolerance, next to two baselines in the same run: a crible search of the same text
// (10 hits, no snippets: what an instant-search page would otherwise run per keystroke)
// and the floor of reading the vocabulary, Xapian's term list of the last word's
// prefix walked with its frequencies (what completion cannot do without).
//
//   bench_suggest_latency --db DB --prefixes FILE [--repeat N]
//
// Each prefix runs once untimed, then N times per system, the systems interleaved
// prefix by prefix so that noise on this shared machine hits them alike.

#include <xapian.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
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

// The class of a prefix by the length of its last word, in bytes of ASCII letters
// (close enough for the report's classes).
std::string length_class(const std::string& prefix) {
  std::size_t letters = 0;
  for (auto it = prefix.rbegin(); it != prefix.rend() && *it != ' ' && *it != '\''; ++it)
    if ((static_cast<unsigned char>(*it) & 0xC0) != 0x80) ++letters;
  if (letters <= 2) return "1-2 letters";
  if (letters <= 3) return "3 letters";
  if (letters <= 7) return "4-7 letters";
  return "8+ letters";
}

// The folded-enough last word for the floor: lower-case ASCII, as the terms are.
std::string last_word(const std::string& prefix) {
  const std::size_t space = prefix.find_last_of(" '");
  std::string word = space == std::string::npos ? prefix : prefix.substr(space + 1);
  for (char& c : word)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return word;
}

struct System {
  std::string name;
  std::function<void(const std::string&)> run;
  std::map<std::string, std::vector<double>> times;  // by class, and "all"
};

}  // namespace

int main(int argc, char** argv) {
  std::string db, prefixes_file;
  int repeat = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db")
      db = argv[i + 1];
    else if (flag == "--prefixes")
      prefixes_file = argv[i + 1];
    else if (flag == "--repeat")
      repeat = std::atoi(argv[i + 1]);
  }
  if (db.empty() || prefixes_file.empty() || repeat < 1) {
    std::fprintf(stderr, "usage: bench_suggest_latency --db DB --prefixes FILE [--repeat N]\n");
    return 2;
  }
  try {
    std::vector<std::string> prefixes;
    std::ifstream file(prefixes_file);
    for (std::string line; std::getline(file, line);)
      if (!line.empty()) prefixes.push_back(line);
    crible::Searcher searcher = crible::Searcher::open(db);
    Xapian::Database plain(db);
    crible::SuggestOptions exact;
    exact.typos = false;
    crible::SearchOptions search;
    search.snippets = false;
    search.suggest_below = 0;
    std::size_t suggested = 0, suggested_exact = 0;
    std::vector<System> systems{
        {"suggest (typos on, the default)",
         [&](const std::string& p) { suggested += searcher.suggest(p).suggestions.size(); },
         {}},
        {"suggest, exact prefixes only",
         [&](const std::string& p) {
           suggested_exact += searcher.suggest(p, exact).suggestions.size();
         },
         {}},
        {"baseline: crible search of the same text (10 hits, no snippets)",
         [&](const std::string& p) {
           try {
             searcher.search(p, search);
           } catch (const crible::InvalidArgument&) {
             // a wildcard-like or malformed prefix: timed all the same
           }
         },
         {}},
        {"floor: Xapian term list of the last word's prefix, with frequencies",
         [&](const std::string& p) {
           const std::string word = last_word(p);
           Xapian::doccount sum = 0;
           for (auto term = plain.allterms_begin(word); term != plain.allterms_end(word); ++term)
             sum += term.get_termfreq();
           if (sum == 1234567) std::puts("");  // keeps the loop
         },
         {}},
    };
    // The first suggestion reads the index's vocabulary into memory (once per opening).
    const double first = milliseconds([&] { searcher.suggest("a"); });
    for (const std::string& prefix : prefixes)
      for (System& system : systems)
        system.run(prefix);  // warm
    for (int round = 0; round < repeat; ++round)
      for (const std::string& prefix : prefixes)
        for (System& system : systems) {
          const double ms = milliseconds([&] { system.run(prefix); });
          system.times["all"].push_back(ms);
          system.times[length_class(prefix)].push_back(ms);
        }
    std::printf(
        "%zu prefixes x %d rounds, %llu documents; the first suggestion (reading the "
        "vocabulary) took %.1f ms\n\n",
        prefixes.size(), repeat, static_cast<unsigned long long>(searcher.size()), first);
    std::printf(
        "| system | p50 ms | p90 ms | p99 ms | max ms | p99 / floor p99 "
        "|\n|---|---:|---:|---:|---:|---:|\n");
    const double floor99 = percentile(systems.back().times["all"], 0.99);
    for (System& system : systems) {
      const auto& all = system.times["all"];
      std::printf("| %s | %.3f | %.3f | %.3f | %.3f | %.1f |\n", system.name.c_str(),
                  percentile(all, 0.5), percentile(all, 0.9), percentile(all, 0.99),
                  percentile(all, 1.0), percentile(all, 0.99) / floor99);
    }
    std::printf("\nBy length of the last word (p50 / p99 ms):\n\n| class | prefixes |");
    for (const System& system : systems)
      std::printf(" %s |", system.name.c_str());
    std::printf("\n|---|---:|");
    for (std::size_t k = 0; k < systems.size(); ++k)
      std::printf("---:|");
    std::printf("\n");
    for (const char* kind : {"1-2 letters", "3 letters", "4-7 letters", "8+ letters"}) {
      std::printf("| %s | %zu |", kind,
                  systems[0].times[kind].size() / static_cast<std::size_t>(repeat));
      for (System& system : systems)
        std::printf(" %.3f / %.3f |", percentile(system.times[kind], 0.5),
                    percentile(system.times[kind], 0.99));
      std::printf("\n");
    }
    std::printf(
        "\nsuggestions per prefix: %.2f with typos, %.2f without\n",
        static_cast<double>(suggested) / static_cast<double>(prefixes.size() * (repeat + 1)),
        static_cast<double>(suggested_exact) / static_cast<double>(prefixes.size() * (repeat + 1)));
  } catch (const crible::Error& e) {
    std::fprintf(stderr, "bench_suggest_latency: %s\n", e.what());
    return 1;
  } catch (const Xapian::Error& e) {
    std::fprintf(stderr, "bench_suggest_latency: %s\n", e.get_description().c_str());
    return 1;
  }
}
