#pragma once
// The p-th percentile (0..1) of latencies, nearest rank: what the latency benchmarks
// report; and the milliseconds one run takes.

#include <algorithm>
#include <chrono>
#include <functional>
#include <vector>

namespace crible::bench {

inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

// Wall-clock milliseconds of one call of @p run (steady clock).
inline double milliseconds(const std::function<void()>& run) {
  const auto start = std::chrono::steady_clock::now();
  run();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

}  // namespace crible::bench
