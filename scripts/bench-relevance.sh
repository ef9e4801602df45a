#!/bin/sh
# Relevance benchmark (issue 5): crible against SQLite FTS5 and stock Xapian (Omega
# scriptindex + quest) on the qa-fr question set, with the questions as written and with
# their accents stripped. Prints a Markdown table: MRR@10, Recall@10, Recall@100 per
# system and query set, and the accented - unaccented MRR@10 gap.
#
# Usage: sh scripts/bench-relevance.sh
# Environment:
#   CRIBLE  crible CLI (default build/tools/crible/crible; this script builds nothing)
#   SHARED  shared data directory holding qa-fr/ and baselines/ (default ../shared)
#   TMPDIR  the work directory is $TMPDIR/crible-relevance (default /tmp), wiped at start
#
# Every system runs even if another fails; a failed run becomes a message in its row
# (crible search is young), and the script then exits 1 after printing the table.
# Progress and logs go to stderr and WORK/logs; the report goes to stdout.
set -eu
cd "$(dirname "$0")/.."
CRIBLE="${CRIBLE:-build/tools/crible/crible}"
SHARED="${SHARED:-../shared}"
WORK="${TMPDIR:-/tmp}/crible-relevance"
REL=bench/relevance

log() { echo "bench-relevance: $*" >&2; }

if [ ! -d "$SHARED/qa-fr" ]; then
  log "no $SHARED/qa-fr: skipped (set SHARED to the shared data directory)"
  exit 0
fi
export SHARED  # read by xapian_stock_run.sh

rm -rf "$WORK"
mkdir -p "$WORK/logs"
python3 "$REL/prepare.py" "$SHARED/qa-fr" "$WORK"

# try NAME OUT CMD...: runs CMD with stdout to OUT, stderr to WORK/logs/NAME.err; a
# failure is logged and recorded in WORK/logs/NAME.failed for the report.
try() {
  name=$1; out=$2; shift 2
  log "[$name] $*"
  if ! "$@" > "$out" 2> "$WORK/logs/$name.err"; then
    log "[$name] FAILED, stderr:"; cat "$WORK/logs/$name.err" >&2
    echo "$*" > "$WORK/logs/$name.failed"
  fi
}

# Query sets: "accent" = the questions as written, "noaccent" = accents stripped,
# "mistyped" = one typo each (prepare.py).
queries_of() {
  case $1 in accent) echo queries.tsv ;; noaccent) echo queries-noaccent.tsv ;; mistyped) echo queries-mistyped.tsv ;; esac
}
for set in accent noaccent mistyped; do
  q=$(queries_of $set)
  try "fts5-$set" "$WORK/logs/fts5-$set.out" \
    python3 "$REL/fts5_run.py" "$WORK/docs.jsonl" "$WORK/$q" "$WORK/fts5-$set.run"
  try "xapian-$set" "$WORK/logs/xapian-$set.out" \
    sh "$REL/xapian_stock_run.sh" "$WORK/docs.jsonl" "$WORK/$q" "$WORK/xapian-$set.run" "$WORK/xapian"
done

if [ ! -x "$CRIBLE" ]; then
  log "crible CLI not found at $CRIBLE (build it with sh scripts/build.sh, or set CRIBLE)"
  for set in accent noaccent mistyped; do
    for key in crible criblefr criblenotypos; do echo "crible CLI not found at $CRIBLE" > "$WORK/logs/$key-$set.failed"; done
  done
else
  try crible-index "$WORK/logs/crible-index.out" \
    "$CRIBLE" index --db "$WORK/crible.db" "$WORK/docs.jsonl"
  for set in accent noaccent mistyped; do
    q=$(queries_of $set)
    if [ -e "$WORK/logs/crible-index.failed" ]; then
      for key in crible criblefr criblenotypos; do echo "crible index failed" > "$WORK/logs/$key-$set.failed"; done
      continue
    fi
    try "crible-$set" "$WORK/crible-$set.run" \
      "$CRIBLE" search --db "$WORK/crible.db" --queries "$WORK/$q" --trec crible \
      --limit 100 --default-op or
    # The query language forced to French: what the per-query choice changes.
    try "criblefr-$set" "$WORK/criblefr-$set.run" \
      "$CRIBLE" search --db "$WORK/crible.db" --queries "$WORK/$q" --trec crible \
      --limit 100 --default-op or --query-lang fr
    # Typo tolerance off (it is on by default): words searched as typed only.
    try "criblenotypos-$set" "$WORK/criblenotypos-$set.run" \
      "$CRIBLE" search --db "$WORK/crible.db" --queries "$WORK/$q" --trec crible \
      --limit 100 --default-op or --no-typos
    # Which language each question was given, and how (JSON lines, no hits).
    try "cribleLang-$set" "$WORK/crible-$set.lang.jsonl" \
      "$CRIBLE" search --db "$WORK/crible.db" --queries "$WORK/$q" --limit 0 --no-snippets \
      --default-op or
  done
fi

# ---- report ---------------------------------------------------------------------------
echo "# crible relevance benchmark (qa-fr)"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "- crible: git $(git rev-parse --short HEAD 2>/dev/null || echo '?')$(git diff --quiet HEAD 2>/dev/null || echo ' (+ uncommitted changes)'), $CRIBLE"
echo "- baselines: $(scriptindex --version 2>&1 | head -n 1), $(quest --version 2>&1 | head -n 1), Python sqlite3 $(python3 -c 'import sqlite3; print(sqlite3.sqlite_version)')"
echo "- data: $SHARED/qa-fr, $(wc -l < "$WORK/docs.jsonl" | tr -d ' ') documents, $(wc -l < "$WORK/queries.tsv" | tr -d ' ') dev questions; work directory $WORK"
echo
# -B: importing evaluate.py must not leave a __pycache__ in the source tree.
python3 -B - "$WORK" "$REL" <<'PY'
import os, sys
work, rel = sys.argv[1], sys.argv[2]
sys.path.insert(0, rel)
from evaluate import evaluate

systems = [("crible", "crible (search --default-op or; typo tolerance on, the default)"),
           ("criblefr", "crible, query language forced to French (--query-lang fr)"),
           ("criblenotypos", "crible without typo tolerance (--no-typos)"),
           ("fts5", "SQLite FTS5 (unicode61 remove_diacritics 2, bm25)"),
           ("xapian", "stock Xapian (scriptindex fr.script, quest -s french)")]
print("| system | MRR@10 | R@10 | R@100 | MRR@10 no accents | R@10 no accents "
      "| R@100 no accents | MRR@10 gap |")
print("|---|---:|---:|---:|---:|---:|---:|---:|")
notes = []
for key, label in systems:
    cells, mrr = [], {}
    for s in ("accent", "noaccent"):
        failed = os.path.join(work, "logs", f"{key}-{s}.failed")
        if os.path.exists(failed):
            cells += ["failed"] * 3
            why = open(failed).read().strip()
            err = os.path.join(work, "logs", f"{key}-{s}.err")
            first = open(err).readline().strip() if os.path.exists(err) else ""
            notes.append(f"- **{key}, {'accented' if s == 'accent' else 'no accents'}: "
                         f"failed**: `{why}`" + (f" → {first}" if first else "")
                         + f" (logs in {work}/logs)")
            continue
        m = evaluate(os.path.join(work, f"{key}-{s}.run"), os.path.join(work, "qrels.txt"))
        mrr[s] = m["mrr@10"]
        cells += [f"{m['mrr@10']:.3f}", f"{m['recall@10']:.3f}", f"{m['recall@100']:.3f}"]
    gap = f"{mrr['accent'] - mrr['noaccent']:+.3f}" if len(mrr) == 2 else "–"
    print(f"| {label} | " + " | ".join(cells) + f" | {gap} |")
print()
# The mistyped questions: what typo tolerance is for.
print("One typo per question (the longest word's 2nd and 3rd letters swapped, "
      "prepare.py's mistype()):")
print()
print("| system | MRR@10 | R@10 | R@100 | MRR@10 − as written |")
print("|---|---:|---:|---:|---:|")
for key, label in systems:
    failed = os.path.join(work, "logs", f"{key}-mistyped.failed")
    if os.path.exists(failed):
        print(f"| {label} | failed | | | |")
        continue
    m = evaluate(os.path.join(work, f"{key}-mistyped.run"), os.path.join(work, "qrels.txt"))
    written = evaluate(os.path.join(work, f"{key}-accent.run"), os.path.join(work, "qrels.txt"))
    print(f"| {label} | {m['mrr@10']:.3f} | {m['recall@10']:.3f} | {m['recall@100']:.3f} | "
          f"{m['mrr@10'] - written['mrr@10']:+.3f} |")
print()
import json, collections
for s in ("accent", "noaccent"):
    path = os.path.join(work, f"crible-{s}.lang.jsonl")
    if not os.path.exists(path):
        continue
    counts = collections.Counter()
    for line in open(path, encoding="utf-8"):
        language = json.loads(line).get("query_language", {})
        counts[f"{language.get('code', '?')} ({language.get('source', '?')})"] += 1
    print(f"Query language chosen by crible, {'accented' if s == 'accent' else 'no accents'}: "
          + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
print()
print("Averages over every judged question (one relevant paragraph each); a question "
      "with no result counts 0. Gap = MRR@10 accented − MRR@10 accents stripped.")
if notes:
    print()
    print("\n".join(notes))
    sys.exit(1)
PY
