#!/bin/sh
# Analyzer benchmarks (issue: French analysis pipeline). Prints the figures that
# bench/RESULTS.md records: the stem-design table and the analyzer's throughput next
# to the ICU word-breaking floor measured in the same run.
# Needs ../shared (corpus and Snowball vocabulary). CRIBLE_CORPUS overrides the corpus.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh --bench
sh scripts/build.sh -DCRIBLE_BUILD_BENCH=ON
BUILD_DIR="${CRIBLE_BUILD_DIR:-build}"
OUT="${TMPDIR:-/tmp}/crible-bench-analyzer.json"

echo "== stem design (../shared/snowball-fr/v2.2-era)"
"$BUILD_DIR/bench/bench_stem_design"

echo "== analyzer throughput, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores"
"$BUILD_DIR/bench/bench_analyzer" --benchmark_repetitions=5 --benchmark_min_time=1 \
  --benchmark_report_aggregates_only=true --benchmark_out="$OUT" --benchmark_out_format=json
python3 - "$OUT" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["benchmarks"]
median = {r["run_name"].split("/")[0]: r for r in runs if r.get("aggregate_name") == "median"}
floor = median["BM_IcuWordBreakFloor"]["bytes_per_second"] / 1e6
print(f"\n| benchmark (median of 5) | MB/s | x floor |\n|---|---|---|")
for name, run in median.items():
    mbps = run["bytes_per_second"] / 1e6
    print(f"| {name} | {mbps:.1f} | {mbps / floor:.2f} |")
PY
