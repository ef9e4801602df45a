#!/bin/sh
# crible-server under load: wrk over the query mix (bench/latency/mix.tsv) at 16 and
# 64 connections, then 16 while 64 slow clients hold connections, next to the same
# mix in-process (bench_server_inprocess) in the same run. Index: the 20M corpus.
#   sh scripts/bench-server.sh          (DURATION=30 seconds per run by default)
set -eu
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="$SHARED/corpus/fr-news-20M.jsonl.zst"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-server}"
DURATION="${DURATION:-30}"
CRIBLE=build/tools/crible/crible
SERVER=build/tools/crible-server/crible-server
INPROCESS=build/bench/bench_server_inprocess
MIX=bench/latency/mix.tsv
log() { echo "bench-server: $*" >&2; }

[ -f "$CORPUS" ] || { log "corpus not found: $CORPUS (set SHARED); skipping"; exit 0; }
for tool in wrk python3; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool (sh scripts/install-deps.sh --bench)"; exit 2; }
done
for binary in "$CRIBLE" "$SERVER" "$INPROCESS"; do
  [ -x "$binary" ] || { log "missing $binary (sh scripts/build.sh)"; exit 2; }
done
rm -rf "$WORK" && mkdir -p "$WORK"

log "indexing $CORPUS"
"$CRIBLE" index --db "$WORK/db" "$CORPUS" >/dev/null
# The mix's crible queries as request paths.
python3 - "$MIX" > "$WORK/urls.txt" <<'PY'
import sys, urllib.parse
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 3:
        print("/v1/search?q=" + urllib.parse.quote(parts[1]))
PY

echo "# crible-server benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); git $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "- index: $CORPUS ($("$CRIBLE" stats --db "$WORK/db" | head -n 1))"
echo "- mix: $MIX ($(wc -l < "$WORK/urls.txt" | tr -d ' ') queries, 10 hits with snippets); $DURATION s per run; $(nproc) cores"
echo
"$INPROCESS" --db "$WORK/db" --mix "$MIX" --threads 2 --seconds "$DURATION" | tee "$WORK/inprocess.txt"

"$SERVER" --db "$WORK/db" --listen 127.0.0.1:0 --threads 2 >"$WORK/server.out" 2>"$WORK/server.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$WORK/server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$WORK/server.out")
[ -n "$port" ] || { cat "$WORK/server.err" >&2; log "the server did not start"; exit 1; }

run_wrk() {  # run_wrk LABEL CONNECTIONS
  WRK_URLS="$WORK/urls.txt" wrk -t2 -c"$2" -d"${DURATION}s" --timeout 10s -s bench/server/mix.lua \
    "http://127.0.0.1:$port" > "$WORK/wrk-$1.txt"
  echo "$1: $(grep '^RESULT' "$WORK/wrk-$1.txt" | sed 's/^RESULT //')"
}
run_wrk c16 16
run_wrk c64 64
python3 bench/server/slow_clients.py "$port" 64 "$DURATION" > "$WORK/slow.txt" &
slow=$!
sleep 1
run_wrk c16-with-64-slow 16
wait "$slow"
cat "$WORK/slow.txt"
kill -TERM "$pid"
wait "$pid" || true
trap - EXIT
inprocess=$(sed -n 's/.*: \([0-9.]*\) requests\/s.*/\1/p' "$WORK/inprocess.txt")
for label in c16 c64 c16-with-64-slow; do
  rps=$(sed -n 's/.*rps=\([0-9.]*\).*/\1/p' "$WORK/wrk-$label.txt")
  echo "$label: HTTP / in-process throughput = $(awk -v a="$rps" -v b="$inprocess" 'BEGIN {printf "%.2f", a / b}')"
done
