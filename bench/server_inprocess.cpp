// The server's query mix run in-process, as a baseline for the HTTP benchmark: the
// same searches (the server's defaults: 10 hits with snippets) on N threads, each
// with its own Searcher, for S seconds. Prints requests/s, p50 and p99 in ms.
//
//   bench_server_inprocess --db DB --mix bench/latency/mix.tsv [--threads 2] [--seconds 30]

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "crible/error.h"
#include "crible/search.h"

int main(int argc, char** argv) {
  std::string db, mix_file;
  unsigned threads = 2;
  int seconds = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--db")
      db = argv[i + 1];
    else if (flag == "--mix")
      mix_file = argv[i + 1];
    else if (flag == "--threads")
      threads = static_cast<unsigned>(std::atoi(argv[i + 1]));
    else if (flag == "--seconds")
      seconds = std::atoi(argv[i + 1]);
  }
  if (db.empty() || mix_file.empty()) {
    std::fprintf(stderr,
                 "usage: bench_server_inprocess --db DB --mix FILE [--threads N] [--seconds S]\n");
    return 2;
  }
  std::vector<std::string> queries;  // the crible column of the mix
  std::ifstream file(mix_file);
  for (std::string line; std::getline(file, line);) {
    const std::size_t a = line.find('\t'), b = line.find('\t', a + 1);
    if (a != std::string::npos && b != std::string::npos)
      queries.push_back(line.substr(a + 1, b - a - 1));
  }
  if (queries.empty()) {
    std::fprintf(stderr, "bench_server_inprocess: no queries in %s\n", mix_file.c_str());
    return 1;
  }
  crible::SearchOptions options;  // as crible-server runs /v1/search?q=...
  options.max_wildcard_expansion = 500;
  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> errors{0};
  std::vector<std::vector<double>> latencies(threads);
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      crible::Searcher searcher = crible::Searcher::open(db);
      for (std::size_t i = t; !stop; i += threads) {
        const auto start = std::chrono::steady_clock::now();
        try {
          searcher.search(queries[i % queries.size()], options);
        } catch (const crible::Error&) {
          ++errors;
        }
        latencies[t].push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
      }
    });
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (std::thread& thread : pool)
    thread.join();
  std::vector<double> all;
  for (const auto& part : latencies)
    all.insert(all.end(), part.begin(), part.end());
  std::sort(all.begin(), all.end());
  const auto at = [&](double p) {
    return all[static_cast<std::size_t>(p * static_cast<double>(all.size() - 1))];
  };
  std::printf(
      "in-process: %u threads, %d s: %.1f requests/s, p50 %.3f ms, p99 %.3f ms, errors %llu\n",
      threads, seconds, static_cast<double>(all.size()) / seconds, at(0.5), at(0.99),
      static_cast<unsigned long long>(errors.load()));
  return 0;
}
