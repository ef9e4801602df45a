#pragma once
// The p-th percentile (0..1) of latencies, nearest rank: what the latency benchmarks
// report.

#include <algorithm>
#include <vector>

namespace crible::bench {

inline double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

}  // namespace crible::bench
