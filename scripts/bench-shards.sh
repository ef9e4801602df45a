#!/bin/sh
# Shards benchmark (issue 7): indexing SHARED/corpus/fr-news-150M.jsonl.zst into 1 and 2
# shards (2 written in parallel), then query latency p50/p99 on the same documents laid
# out as one database (the baseline), 2 and 3 local shards, and 3 shards served by
# xapian-tcpsrv on loopback, in the same run.
#
# Usage: sh scripts/bench-shards.sh
# Environment:
#   SHARED  shared data directory (default ../shared)
#   WORK    work directory (default ${TMPDIR:-/tmp}/crible-bench-shards), wiped first
#   REPEAT  rounds of the query mix (default 3)
# Progress goes to stderr, the report (markdown) to stdout.
set -eu

cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="$SHARED/corpus/fr-news-150M.jsonl.zst"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-shards}"
REPEAT="${REPEAT:-3}"
CRIBLE=build/tools/crible/crible
BENCH=build/bench/bench_shard_latency
MIX=bench/latency/mix.tsv

log() { echo "bench-shards: $*" >&2; }

if [ ! -f "$CORPUS" ]; then
  log "corpus not found: $CORPUS (set SHARED); skipping"
  exit 0
fi
for tool in xapian-tcpsrv setsid /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool (sh scripts/install-deps.sh --bench)"; exit 2; }
done
[ -x "$CRIBLE" ] && [ -x "$BENCH" ] || { log "build first: sh scripts/build.sh"; exit 2; }

rm -rf "$WORK"
mkdir -p "$WORK"
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
echo "| build | shards | wall s | CPU s | peak RSS MB | docs/s | speed-up (wall) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
base_wall=""
for shards in 1 2 3; do
  log "indexing into $shards shard(s)"
  set -- $(index "s$shards" "$shards")
  wall=$1 cpu=$(echo "$2 + $3" | bc) rss=$(( $4 / 1024 ))
  docs=$("$CRIBLE" stats --db "$WORK/s$shards" --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["documents"])')
  [ -n "$base_wall" ] || base_wall=$wall
  echo "| crible index --shards $shards | $shards | $wall | $cpu | $rss | $(echo "$docs / $wall" | bc) | $(echo "scale=2; $base_wall / $wall" | bc) |"
done
echo

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
