#!/bin/sh
# Indexing benchmark: crible against the two baselines of ../shared/baselines
# (Xapian Omega scriptindex with fr.script, and SQLite FTS5), all in ONE run on the
# same machine, so that crible's figures can be reported as ratios to them.
#
# Usage: sh scripts/bench-index.sh [CORPUS]
#   CORPUS  JSON Lines corpus, .zst or plain (default ../shared/corpus/fr-news-20M.jsonl.zst,
#           relative to the repository root)
# Environment:
#   CRIBLE_BENCH_DIR  work directory, wiped at start (default /tmp/crible-bench)
#   CRIBLE_BIN        crible CLI (default build/tools/crible/crible; built by scripts/build.sh)
#
# Staging (decompression, scriptindex dump, FTS5 raw.db) is untimed. Each timed step runs
# under /usr/bin/time -f '%e %U %S %M' (wall s, user s, sys s, max RSS KB). Progress goes
# to stderr; the report (date, cores, exact commands, Markdown tables) goes to stdout.
# Packages: scripts/install-deps.sh --bench.
set -eu

# Resolve a CORPUS argument given relative to the caller's directory before moving.
CORPUS_ARG="${1:-}"
if [ -n "$CORPUS_ARG" ] && [ -e "$CORPUS_ARG" ]; then
  CORPUS_ARG="$(cd "$(dirname "$CORPUS_ARG")" && pwd)/$(basename "$CORPUS_ARG")"
fi
cd "$(dirname "$0")/.."
CORPUS="${CORPUS_ARG:-../shared/corpus/fr-news-20M.jsonl.zst}"
WORK="${CRIBLE_BENCH_DIR:-/tmp/crible-bench}"
CRIBLE="${CRIBLE_BIN:-build/tools/crible/crible}"
BASE="../shared/baselines"

log() { echo "bench-index: $*" >&2; }
die() { log "$*"; exit 2; }

# ---- prerequisites ------------------------------------------------------------------
missing=""
need() { # need TOOL DEBIAN-PACKAGE
  if ! command -v "$1" >/dev/null 2>&1; then
    log "missing $1 (Debian package: $2)"
    missing="$missing $2"
  fi
}
need scriptindex xapian-omega
need xapian-compact xapian-tools
need sqlite3 sqlite3
need zstd zstd
need python3 python3
need /usr/bin/time time
need /usr/bin/python3 python3   # sqlite_fts5_build.sh calls /usr/bin/python3 itself
if [ -n "$missing" ]; then
  log "install with: sudo apt-get install$missing   (or: sh scripts/install-deps.sh --bench)"
  exit 2
fi
# FTS5 and the ->> JSON operator (SQLite >= 3.38) are needed by sqlite_fts5_build.sh.
if ! sqlite3 :memory: "CREATE VIRTUAL TABLE t USING fts5(a); SELECT '{\"a\":1}'->>'a';" \
    >/dev/null 2>&1; then
  die "sqlite3 lacks FTS5 or the ->> operator (needs >= 3.38; Debian 12 sqlite3 has both)"
fi
[ -x "$CRIBLE" ] || die "crible CLI not found at $CRIBLE: build it with sh scripts/build.sh"
[ -f "$CORPUS" ] || die "corpus not found: $CORPUS"
for f in fr.script jsonl2dump.py sqlite_fts5_build.sh; do
  [ -f "$BASE/$f" ] || die "baseline file not found: $BASE/$f"
done

rm -rf "$WORK"
mkdir -p "$WORK/logs"
CMDS="$WORK/logs/commands.txt"
: > "$CMDS"

# run_timed NAME CMD...: runs CMD under /usr/bin/time; records the command, its figures in
# WORK/logs/NAME.time, its stdout/stderr in WORK/logs/NAME.out/.err. On failure prints
# the command's output verbatim and exits with its status.
run_timed() { run_logged timed "$@"; }
# run_untimed NAME CMD... (same, without timing)
run_untimed() { run_logged untimed "$@"; }
run_logged() {
  mode=$1; name=$2; shift 2
  status=0
  if [ "$mode" = timed ]; then
    echo "$*" >> "$CMDS"
    log "timed [$name]: $*"
    /usr/bin/time -f '%e %U %S %M' -o "$WORK/logs/$name.time" "$@" \
      > "$WORK/logs/$name.out" 2> "$WORK/logs/$name.err" || status=$?
  else
    echo "$* (untimed)" >> "$CMDS"
    log "untimed [$name]: $*"
    "$@" > "$WORK/logs/$name.out" 2> "$WORK/logs/$name.err" || status=$?
  fi
  if [ "$status" -ne 0 ]; then
    log "FAILED ($status): $*"
    log "--- stdout:"; cat "$WORK/logs/$name.out" >&2
    log "--- stderr:"; cat "$WORK/logs/$name.err" >&2
    exit "$status"
  fi
}
# size_of PATH: bytes on disk (apparent size; for a directory, the sum of its files).
size_of() {
  if [ -d "$1" ]; then
    find "$1" -type f -printf '%s\n' | awk '{s += $1} END {printf "%d\n", s}'
  else
    du -sb "$1" | cut -f1
  fi
}

# ---- 1. untimed staging -------------------------------------------------------------
case "$CORPUS" in
  *.zst) echo "zstd -dc $CORPUS > $WORK/corpus.jsonl (untimed)" >> "$CMDS"
         zstd -dc "$CORPUS" > "$WORK/corpus.jsonl" ;;
  *)     echo "cp $CORPUS $WORK/corpus.jsonl (untimed)" >> "$CMDS"
         cp "$CORPUS" "$WORK/corpus.jsonl" ;;
esac
echo "python3 $BASE/jsonl2dump.py < $WORK/corpus.jsonl > $WORK/c.dump (untimed)" >> "$CMDS"
log "staging scriptindex dump"
python3 "$BASE/jsonl2dump.py" < "$WORK/corpus.jsonl" > "$WORK/c.dump"
# First call stages raw.db (and builds a first fts.db, discarded): untimed.
run_untimed fts5-stage bash "$BASE/sqlite_fts5_build.sh" "$WORK/corpus.jsonl" "$WORK/fts5"
sync

INPUT_BYTES=$(size_of "$WORK/corpus.jsonl")
DOCS=$(wc -l < "$WORK/corpus.jsonl" | tr -d ' ')

# ---- 2. timed runs ------------------------------------------------------------------
# (a) scriptindex, defaults as the baseline README runs it; compacted copy untimed.
run_timed scriptindex scriptindex -s french --overwrite "$WORK/xapian-db" "$BASE/fr.script" "$WORK/c.dump"
SZ_XAPIAN=$(size_of "$WORK/xapian-db")
run_untimed xapian-compact xapian-compact --single-file "$WORK/xapian-db" "$WORK/xapian.glass"
SZ_XAPIAN_COMPACT=$(size_of "$WORK/xapian.glass")

# (b) FTS5 with content, (c) FTS5 contentless (raw.db already staged).
run_timed fts5 bash "$BASE/sqlite_fts5_build.sh" "$WORK/corpus.jsonl" "$WORK/fts5"
SZ_FTS5=$(size_of "$WORK/fts5/fts.db")
run_timed fts5-contentless bash "$BASE/sqlite_fts5_build.sh" "$WORK/corpus.jsonl" "$WORK/fts5" contentless
SZ_FTS5_CL=$(size_of "$WORK/fts5/fts.db")

# (d) crible: reads the .zst directly, all features on, defaults; then compaction.
run_timed crible "$CRIBLE" index --db "$WORK/crible-db" --json "$CORPUS"
SZ_CRIBLE=$(size_of "$WORK/crible-db")
run_timed crible-compact "$CRIBLE" compact --db "$WORK/crible-db" --out "$WORK/crible.glass"
SZ_CRIBLE_COMPACT=$(size_of "$WORK/crible.glass")
run_untimed crible-check "$CRIBLE" check --db "$WORK/crible-db"
run_untimed crible-check-compact "$CRIBLE" check --db "$WORK/crible.glass"
for c in crible-check crible-check-compact; do
  if ! grep -Eq '(^|: )ok$' "$WORK/logs/$c.out"; then
    log "$c did not print ok:"; cat "$WORK/logs/$c.out" "$WORK/logs/$c.err" >&2
    exit 1
  fi
done

# ---- 3./4. report -------------------------------------------------------------------
echo "# crible indexing benchmark"
echo
echo "- date: $(date -u)"
echo "- cores (nproc): $(nproc)"
echo "- corpus: $CORPUS ($DOCS documents, $INPUT_BYTES bytes of JSON uncompressed)"
echo "- crible: $("$CRIBLE" --version 2>&1 | head -n 1), git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)')"
echo "- scriptindex: $(scriptindex --version 2>&1 | head -n 1); sqlite3 $(sqlite3 --version | cut -d' ' -f1)"
echo
echo "Commands, in order (from $(pwd)):"
echo
echo '```'
cat "$CMDS"
echo '```'
echo
echo "crible index summary (--json):"
echo
echo '```'
cat "$WORK/logs/crible.out"
echo '```'
echo "crible check: $(tr '\n' ' ' < "$WORK/logs/crible-check.out")"
echo "crible check (compacted): $(tr '\n' ' ' < "$WORK/logs/crible-check-compact.out")"
echo

python3 - "$WORK/logs" "$DOCS" "$INPUT_BYTES" \
  "$SZ_XAPIAN" "$SZ_XAPIAN_COMPACT" "$SZ_FTS5" "$SZ_FTS5_CL" "$SZ_CRIBLE" "$SZ_CRIBLE_COMPACT" <<'PY'
import sys
logs, docs, inp = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sz_x, sz_xc, sz_f, sz_fc, sz_c, sz_cc = map(int, sys.argv[4:10])
MB = 1e6

def t(name):
    # last line: a failing command would put "Command exited..." first
    wall, user, sys_, rss = open(f"{logs}/{name}.time").read().split("\n")[-2].split()
    return float(wall), float(user) + float(sys_), int(rss)

rows = [  # label, timing log, size, counts documents?
    ("scriptindex (fr.script, -s french)", "scriptindex", sz_x, True),
    ("↳ scriptindex after xapian-compact --single-file (untimed)", None, sz_xc, False),
    ("SQLite FTS5 (content)", "fts5", sz_f, True),
    ("SQLite FTS5 (contentless)", "fts5-contentless", sz_fc, True),
    ("**crible index**", "crible", sz_c, True),
    ("↳ crible compact (single file)", "crible-compact", sz_cc, False),
]
print("| system | wall s | CPU s (user+sys) | docs/s | input MB/s | peak RSS MB | index MB | size / input |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
T = {}
for label, name, size, is_index in rows:
    if name:
        wall, cpu, rss = T[name] = t(name)
        thr = f"{docs / wall:,.0f}" if is_index else "–"
        mbs = f"{inp / MB / wall:.2f}" if is_index else "–"
        cells = [f"{wall:.2f}", f"{cpu:.2f}", thr, mbs, f"{rss / 1024:.0f}"]
    else:
        cells = ["–"] * 5
    print(f"| {label} | " + " | ".join(cells) + f" | {size / MB:.1f} | {size / inp:.2f} |")
print()
print(f"Input: {docs} documents, {inp / MB:.1f} MB of JSON (uncompressed corpus.jsonl). "
      "MB = 10^6 bytes; sizes are apparent bytes on disk (directories: sum of files).")
print()

def dps(n): return docs / T[n][0]
def dpc(n): return docs / T[n][1]
print("| ratio | value |")
print("|---|---:|")
print(f"| crible / scriptindex throughput (docs/s, wall) | {dps('crible') / dps('scriptindex'):.2f} |")
print(f"| crible / FTS5 content throughput (docs/s, wall) | {dps('crible') / dps('fts5'):.2f} |")
print(f"| crible / FTS5 contentless throughput (docs/s, wall) | {dps('crible') / dps('fts5-contentless'):.2f} |")
print(f"| crible / scriptindex throughput (docs per CPU s) | {dpc('crible') / dpc('scriptindex'):.2f} |")
print(f"| crible / FTS5 content throughput (docs per CPU s) | {dpc('crible') / dpc('fts5'):.2f} |")
print(f"| crible compacted size / input | {sz_cc / inp:.2f} |")
print(f"| scriptindex compacted size / input | {sz_xc / inp:.2f} |")
print(f"| crible compacted / scriptindex compacted | {sz_cc / sz_xc:.2f} |")
PY
