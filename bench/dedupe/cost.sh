#!/bin/sh
# What near-duplicate detection costs at index time: `crible index` of one corpus with
# detection on (the default) and off (--duplicate-similarity 0), interleaved (the order
# alternating), ROUNDS rounds each, in one run; then the compacted sizes.
#
# Usage: sh bench/dedupe/cost.sh [CORPUS] [ROUNDS]
#   CORPUS  default ../shared/corpus/fr-news-20M.jsonl.zst; ROUNDS default 3
# Environment: CRIBLE_BIN (default build/tools/crible/crible), CRIBLE_BENCH_DIR
# (default /tmp/crible-dedupe-cost, wiped at start).
set -eu
cd "$(dirname "$0")/../.."
CORPUS="${1:-../shared/corpus/fr-news-20M.jsonl.zst}"
ROUNDS="${2:-3}"
CRIBLE="${CRIBLE_BIN:-build/tools/crible/crible}"
WORK="${CRIBLE_BENCH_DIR:-/tmp/crible-dedupe-cost}"
rm -rf "$WORK" && mkdir -p "$WORK"
zstd -dcf "$CORPUS" > "$WORK/corpus.jsonl"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), cores: $(nproc), crible at $(git rev-parse --short HEAD)"
echo "corpus: $CORPUS ($(wc -l < "$WORK/corpus.jsonl") documents)"
echo "| run | detection | wall s | CPU s | peak RSS MB |"
echo "|---:|---|---:|---:|---:|"
for round in $(seq 1 "$ROUNDS"); do
  order="on off"
  [ $((round % 2)) -eq 0 ] && order="off on"  # neither always runs first
  for mode in $order; do
    rm -rf "$WORK/db-$mode"
    similarity=0.3
    [ "$mode" = off ] && similarity=0
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/time" \
      "$CRIBLE" index --db "$WORK/db-$mode" --duplicate-similarity "$similarity" \
      "$WORK/corpus.jsonl" > /dev/null
    read -r wall user sys rss < "$WORK/time"
    echo "| $round | $mode | $wall | $(echo "$user + $sys" | bc) | $((rss / 1024)) |"
  done
done
for mode in on off; do
  "$CRIBLE" compact --db "$WORK/db-$mode" --out "$WORK/compact-$mode" > /dev/null
  echo "compacted, detection $mode: $(du -sb "$WORK/compact-$mode" | cut -f1) bytes"
done
"$CRIBLE" duplicates --db "$WORK/db-on" --limit 0 --json
