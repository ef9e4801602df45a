#!/bin/sh
# A long differential campaign: test_differential with many queries (default 100 000
# per data set), every difference appended to a TSV file, and the time it took.
#
#   sh tests/search/run-differential.sh [QUERIES] [BUILD_DIR]
#
# Environment: CRIBLE_DIFF_SEED (default: the test's), OUT (default
# differential-<seed>.tsv in the current directory). The test itself uses the two
# cores it can (one worker process per database); run one campaign at a time.
set -eu
queries=${1:-100000}
build=${2:-build-diff}
binary=$build/tests/test_differential
if [ ! -x "$binary" ]; then
  echo "no $binary: cmake --build $build --target test_differential" >&2
  exit 2
fi
seed=${CRIBLE_DIFF_SEED:-20261204}
out=${OUT:-differential-$seed.tsv}
: > "$out"
start=$(date +%s)
# The test fails when any difference is found: keep going to the summary anyway.
status=0
CRIBLE_DIFF_SEED=$seed CRIBLE_DIFF_QUERIES=$queries CRIBLE_DIFF_SHOW=0 \
  CRIBLE_DIFF_FAILURES=$out "$binary" "[differential]" > "$out.log" 2>&1 || status=$?
end=$(date +%s)
grep -E '^(differential|DIFFERENCES|  [0-9]+ searches)' "$out.log" || true
echo "$queries queries per data set, seed $seed: $((end - start)) s; differences in $out," \
     "full output in $out.log (test exit status $status)"
