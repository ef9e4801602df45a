#!/bin/sh
# Builds the fuzz targets with Clang (libFuzzer + ASan + UBSan) and runs each for
# SECONDS (default 60) on a copy of its seed corpus (tests/fuzz/corpus/<target>),
# FUZZ_JOBS targets at a time (default: one per core; each target is one process).
# Prints executions, corpus growth and crashes per target; exit 1 on any crash. A
# crash input is left in WORK/crashes: copy it into the target's corpus folder, and
# the normal test suite replays it from then on.
#   sh scripts/fuzz.sh [SECONDS] [TARGET...]
set -eu
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
[ $# -gt 0 ] && shift
TARGETS="${*:-analyzer jsonl page html feed gazetteer query stored http}"
BUILD="${CRIBLE_FUZZ_BUILD:-build-fuzz}"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-fuzz}"
JOBS="${FUZZ_JOBS:-$(nproc)}"
[ "$JOBS" -ge 1 ] 2>/dev/null || { echo "fuzz: FUZZ_JOBS must be a number from 1" >&2; exit 2; }
command -v clang++ >/dev/null || { echo "fuzz: clang++ missing (sh scripts/install-deps.sh --test)" >&2; exit 2; }

# CRIBLE_FUZZ_EXTRA: more CMake options (scripts/sanitize.sh shares this build).
# shellcheck disable=SC2086
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DCRIBLE_FUZZ=ON -DBUILD_SHARED_LIBS=OFF \
  -DCRIBLE_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo ${CRIBLE_FUZZ_EXTRA:-} >/dev/null
set --
for target in $TARGETS; do set -- "$@" "fuzz_$target"; done
cmake --build "$BUILD" -j "$(nproc)" --target "$@" >/dev/null

mkdir -p "$WORK/crashes"
for target in $TARGETS; do rm -f "$WORK/$target.row" "$WORK/$target.status"; done  # not a past run's

# Runs one target and leaves its table row in WORK/TARGET.row, its status in .status.
fuzz_one() {
  target=$1
  corpus="$WORK/corpus/$target"
  mkdir -p "$corpus"
  seeds=$(find "tests/fuzz/corpus/$target" -type f | wc -l)
  log="$WORK/$target.log"
  if ASAN_OPTIONS=detect_leaks=1 "$BUILD/tests/fuzz/fuzz_$target" -max_total_time="$SECONDS_EACH" \
    -max_len=65536 -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
    -artifact_prefix="$WORK/crashes/$target-" "$corpus" "tests/fuzz/corpus/$target" >"$log" 2>&1; then
    crashes=0
    echo 0 >"$WORK/$target.status"
  else
    crashes=$(find "$WORK/crashes" -name "$target-*" | wc -l)
    [ "$crashes" -gt 0 ] || crashes="?"
    echo 1 >"$WORK/$target.status"
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
  now=$(find "$corpus" -type f | wc -l)
  echo "| $target | $SECONDS_EACH | ${runs:-?} | ${rate:-?} | $seeds → $((seeds + now)) | $crashes |" \
    >"$WORK/$target.row"
}

# JOBS lanes, the targets dealt to them in turn; each lane runs its targets one by one.
lane=0
while [ "$lane" -lt "$JOBS" ]; do
  (
    i=0
    for target in $TARGETS; do
      [ $((i % JOBS)) -eq "$lane" ] && fuzz_one "$target"
      i=$((i + 1))
    done
  ) &
  lane=$((lane + 1))
done
wait

echo "| target | seconds | executions | exec/s | corpus (seeds → now) | crashes |"
echo "|---|---:|---:|---:|---|---:|"
status=0
for target in $TARGETS; do
  cat "$WORK/$target.row" 2>/dev/null || echo "| $target | $SECONDS_EACH | ? | ? | ? | ? |"
  [ "$(cat "$WORK/$target.status" 2>/dev/null || echo 1)" = 0 ] || status=1
done
[ "$status" = 0 ] || echo "fuzz: crashes or errors above; inputs in $WORK/crashes, logs in $WORK/*.log" >&2
exit "$status"
