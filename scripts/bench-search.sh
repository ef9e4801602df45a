#!/bin/sh
# Query-latency benchmark (issue 5): crible against plain Xapian (scriptindex baseline,
# quest-equivalent queries) and SQLite FTS5, same query mix, same run.
#
# Usage: sh scripts/bench-search.sh [--rebuild]
# Environment:
#   SHARED  shared data directory, relative to the repository root (default ../shared)
#   WORK    work directory, reused between runs (default ${TMPDIR:-/tmp}/crible-bench-search)
#
# The three indexes of SHARED/corpus/fr-news-150M.jsonl.zst are built once: each build
# leaves a stamp file in WORK, and later runs skip it (--rebuild wipes WORK first: use it
# after a change to crible's analyzer or index format; the report shows each build's commit).
# Build times (/usr/bin/time: wall s, user s, sys s, max RSS KB) stay in WORK/logs/*.time.
# The query mix is bench/latency/mix.tsv (bench/latency/make_mix.py writes it).
# Progress goes to stderr, the report to stdout.
set -eu

cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="$SHARED/corpus/fr-news-150M.jsonl.zst"
BASE="$SHARED/baselines"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-search}"
CRIBLE=build/tools/crible/crible
BENCH=build/bench/bench_query_latency
MIX=bench/latency/mix.tsv

log() { echo "bench-search: $*" >&2; }

REBUILD=0
for arg in "$@"; do
  case "$arg" in
    --rebuild) REBUILD=1 ;;
    *) log "usage: sh scripts/bench-search.sh [--rebuild]"; exit 2 ;;
  esac
done

if [ ! -f "$CORPUS" ]; then
  log "corpus not found: $CORPUS (set SHARED); skipping"
  exit 0
fi
[ -f "$MIX" ] || { log "$MIX missing: python3 bench/latency/make_mix.py $CORPUS > $MIX"; exit 2; }
for tool in scriptindex sqlite3 zstd python3 /usr/bin/time; do
  command -v "$tool" >/dev/null 2>&1 || { log "missing $tool (sh scripts/install-deps.sh --bench)"; exit 2; }
done

if [ "$REBUILD" = 1 ]; then rm -rf "$WORK"; fi
mkdir -p "$WORK/logs"

# build NAME CMD...: unless WORK/NAME.stamp exists, runs CMD under /usr/bin/time
# (output in WORK/logs/NAME.{out,err,time}) and leaves the stamp when it succeeds.
# Returns CMD's status.
build() {
  name=$1; shift
  if [ -f "$WORK/$name.stamp" ]; then
    log "$name: built already ($WORK/$name.stamp)"
    return 0
  fi
  log "$name: $*"
  status=0
  /usr/bin/time -f '%e %U %S %M' -o "$WORK/logs/$name.time" "$@" \
    > "$WORK/logs/$name.out" 2> "$WORK/logs/$name.err" || status=$?
  if [ "$status" -ne 0 ]; then
    log "$name FAILED ($status); last lines of its stderr:"
    tail -n 20 "$WORK/logs/$name.err" >&2
    return "$status"
  fi
  echo "git $(git rev-parse --short HEAD 2>/dev/null || echo '?'): $*" > "$WORK/$name.stamp"
}

# Untimed staging for the baselines, once.
if [ ! -f "$WORK/corpus.jsonl" ] || [ ! -f "$WORK/c.dump" ]; then
  log "staging corpus.jsonl and c.dump (untimed)"
  zstd -q -dc "$CORPUS" > "$WORK/corpus.jsonl.tmp"
  python3 "$BASE/jsonl2dump.py" < "$WORK/corpus.jsonl.tmp" > "$WORK/c.dump"
  mv "$WORK/corpus.jsonl.tmp" "$WORK/corpus.jsonl"
fi

# (a) crible: reads the .zst directly. A failure is reported, not fatal. The index is
# rebuilt when the code that decides its terms and values has changed since.
CRIBLE_OK=1
INDEX_CODE=$(git log -1 --format=%h -- lib/analysis lib/entities lib/index data/entities.tsv \
  data/stopwords-fr.txt 2>/dev/null || echo '?')
if [ -f "$WORK/crible.stamp" ] && ! grep -q "index code $INDEX_CODE" "$WORK/crible.stamp"; then
  log "crible: index code changed since the last build ($INDEX_CODE): rebuilding"
  rm -f "$WORK/crible.stamp"
fi
if [ ! -f "$WORK/crible.stamp" ]; then
  rm -rf "$WORK/crible.db"
  if [ ! -x "$CRIBLE" ]; then
    log "crible CLI not found at $CRIBLE (sh scripts/build.sh)"; CRIBLE_OK=0
  fi
fi
if [ "$CRIBLE_OK" = 1 ]; then
  build crible "$CRIBLE" index --db "$WORK/crible.db" "$CORPUS" || CRIBLE_OK=0
  [ "$CRIBLE_OK" = 1 ] && echo "index code $INDEX_CODE" >> "$WORK/crible.stamp"
fi

# (b) scriptindex, exactly as baselines/README.md runs it.
[ -f "$WORK/xapian.stamp" ] || rm -rf "$WORK/xapian.db"
build xapian scriptindex -s french --overwrite "$WORK/xapian.db" "$BASE/fr.script" "$WORK/c.dump"

# (c) FTS5 with content. The first call stages raw.db; the second, timed, builds fts.db.
if [ ! -f "$WORK/fts5.stamp" ]; then
  log "fts5: staging raw.db (untimed)"
  bash "$BASE/sqlite_fts5_build.sh" "$WORK/corpus.jsonl" "$WORK/fts5" > "$WORK/logs/fts5-stage.out" 2>&1
fi
build fts5 bash "$BASE/sqlite_fts5_build.sh" "$WORK/corpus.jsonl" "$WORK/fts5"

# ---- report --------------------------------------------------------------------------
size_mb() { du -sb "$1" 2>/dev/null | awk '{printf "%.1f", $1 / 1e6}'; }
build_line() { # build_line NAME PATH
  if [ -f "$WORK/$1.stamp" ] && [ -f "$WORK/logs/$1.time" ]; then
    awk -v n="$1" -v mb="$(size_mb "$2")" -v at="$(head -n 1 "$WORK/$1.stamp" | cut -d: -f1)" \
      'END {printf "- %s: built (at %s) in %s s wall, %.1f s CPU, peak RSS %d MB; %s MB on disk\n", n, at, $1, $2 + $3, $4 / 1024, mb}' "$WORK/logs/$1.time"
  else
    echo "- $1: not built (see $WORK/logs/$1.err)"
  fi
}

echo "# crible query-latency benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "- git: $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
echo "- cores (nproc): $(nproc)"
echo "- corpus: $CORPUS ($(wc -l < "$WORK/corpus.jsonl" | tr -d ' ') documents)"
echo "- mix: $MIX ($(wc -l < "$MIX" | tr -d ' ') queries)"
build_line crible "$WORK/crible.db"
build_line xapian "$WORK/xapian.db"
build_line fts5 "$WORK/fts5/fts.db"
echo

echo "## crible and plain Xapian ($BENCH)"
echo
if [ ! -x "$BENCH" ]; then
  echo "$BENCH not found: build it (sh scripts/build.sh); skipped."
elif [ "$CRIBLE_OK" != 1 ]; then
  echo "crible index not built; $BENCH skipped."
else
  "$BENCH" --crible "$WORK/crible.db" --xapian "$WORK/xapian.db" --mix "$MIX" \
    || echo "$BENCH failed (status $?)."
fi
echo

echo "## SQLite FTS5 (bench/latency/fts5_latency.py)"
echo
python3 bench/latency/fts5_latency.py "$WORK/fts5/fts.db" "$MIX"
