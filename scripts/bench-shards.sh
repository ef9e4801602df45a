#!/bin/sh
# Shards benchmark (issue 7): indexing SHARED/corpus/fr-news-150M.jsonl.zst into 1 and 2
# shards (2 written in parallel), then query latency p50/p99 on the same documents laid
# out as one database (the baseline), 2 and 3 local shards, and 3 shards served by
# xapian-tcpsrv on loopback, in the same run. Last, how latency grows with the size of
# a shard: the same mix on the 20M corpus (4.9 x fewer documents) next to the 150M one,
# for the sizing plan of docs/deployment.md.
#
# Usage: sh scripts/bench-shards.sh [--latency-only]
#   --latency-only  reuse the indexes a previous run left in WORK (no indexing table)
# Environment:
#   SHARED  shared data directory (default ../shared)
#   WORK    work directory (default ${TMPDIR:-/tmp}/crible-bench-shards), wiped first
#   REPEAT  rounds of the query mix (default 3)
# Progress goes to stderr, the report (markdown) to stdout.
set -eu

cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="$SHARED/corpus/fr-news-150M.jsonl.zst"
SMALL="$SHARED/corpus/fr-news-20M.jsonl.zst"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-shards}"
REPEAT="${REPEAT:-3}"
CRIBLE=build/tools/crible/crible
BENCH=build/bench/bench_shard_latency
MIX=bench/latency/mix.tsv

log() { echo "bench-shards: $*" >&2; }

LATENCY_ONLY=0
for arg in "$@"; do
  case "$arg" in
    --latency-only) LATENCY_ONLY=1 ;;
    *) log "usage: sh scripts/bench-shards.sh [--latency-only]"; exit 2 ;;
  esac
done

if [ ! -f "$CORPUS" ]; then
  log "corpus not found: $CORPUS (set SHARED); skipping"
  exit 0
fi
for tool in xapian-tcpsrv setsid /usr/bin/time awk python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool (sh scripts/install-deps.sh --bench)"; exit 2; }
done
[ -x "$CRIBLE" ] && [ -x "$BENCH" ] || { log "build first: sh scripts/build.sh"; exit 2; }

if [ "$LATENCY_ONLY" = 1 ]; then
  for shards in 1 2 3; do
    [ -d "$WORK/s$shards" ] || { log "no $WORK/s$shards: run without --latency-only"; exit 2; }
  done
else
  rm -rf "$WORK"
  mkdir -p "$WORK"
fi
PIDS=""
cleanup() {
  for pid in $PIDS; do kill -TERM -- "-$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# index NAME SHARDS: builds WORK/NAME, prints "wall user sys maxrss_kb".
index() {
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/$1.time" \
    "$CRIBLE" index --db "$WORK/$1" --shards "$2" "$CORPUS" 2> "$WORK/$1.err" ||
    { log "indexing $1 failed:"; tail -n 20 "$WORK/$1.err" >&2; exit 1; }
  cat "$WORK/$1.time"
}

echo "## Shards: fr-news-150M.jsonl.zst, $(date -u '+%Y-%m-%d %H:%M UTC'), crible at $(git rev-parse --short HEAD), $(nproc) cores"
echo
if [ "$LATENCY_ONLY" = 0 ]; then
  echo "| build | shards | wall s | CPU s | peak RSS MB | docs/s | speed-up (wall) |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  base_wall=""
  for shards in 1 2 3; do
    log "indexing into $shards shard(s)"
    set -- $(index "s$shards" "$shards")
    docs=$("$CRIBLE" stats --db "$WORK/s$shards" --json |
      python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
    [ -n "$base_wall" ] || base_wall=$1
    awk -v n="$shards" -v wall="$1" -v user="$2" -v sys="$3" -v rss="$4" -v docs="$docs" \
      -v base="$base_wall" 'BEGIN {
        printf "| crible index --shards %d | %d | %.2f | %.2f | %d | %d | %.2f |\n",
          n, n, wall, user + sys, rss / 1024, docs / wall, base / wall }'
  done
  echo
fi

# Three xapian-tcpsrv, one per shard of s3, each in its own session (it kills its
# process group when it stops).
STUB="$WORK/remote.stub"
: > "$STUB"
port=$(( 30000 + $$ % 20000 ))
for k in 0 1 2; do
  setsid xapian-tcpsrv --interface 127.0.0.1 --port "$port" --quiet "$WORK/s3/shard-$k" \
    > "$WORK/tcpsrv-$k.log" 2>&1 &
  PIDS="$PIDS $!"
  echo "remote 127.0.0.1:$port" >> "$STUB"
  port=$((port + 1))
done
sleep 1

log "query latency: $REPEAT rounds of $MIX"
"$BENCH" --mix "$MIX" --repeat "$REPEAT" "one database=$WORK/s1" "2 local shards=$WORK/s2" \
  "3 local shards=$WORK/s3" "3 remote shards (xapian-tcpsrv, loopback)=$STUB"
du -sm "$WORK/s1" "$WORK/s2" "$WORK/s3" | sed 's/^/    /'

if [ -f "$SMALL" ]; then
  [ -d "$WORK/small" ] || "$CRIBLE" index --db "$WORK/small" "$SMALL" 2> "$WORK/small.err"
  echo
  echo "Latency against shard size (one database each, same run):"
  echo
  log "latency against shard size"
  "$BENCH" --mix "$MIX" --repeat "$REPEAT" "150M corpus=$WORK/s1" "20M corpus=$WORK/small" |
    sed 's/totals differing from the baseline: [0-9]*/(different corpora: totals differ)/'
fi
