#!/bin/sh
# Search-as-you-type (issue 18): /v1/suggest latency on the 150M corpus, in-process
# (bench_suggest_latency, next to a crible search of the same text and the vocabulary
# floor) and over HTTP (wrk, 16 connections, next to the same prefixes as /v1/search in
# the same run); the search page's weight; keystroke to painted suggestions in Chromium
# (bench_ui_keystroke).
#   sh scripts/bench-suggest.sh     (CORPUS, DURATION=20 s per wrk run, QUESTIONS=120)
set -eu
cd "$(dirname "$0")/.."
SHARED="${SHARED:-../shared}"
CORPUS="${CORPUS:-$SHARED/corpus/fr-news-150M.jsonl.zst}"
WORK="${WORK:-${TMPDIR:-/tmp}/crible-bench-suggest}"
DURATION="${DURATION:-20}"
QUESTIONS="${QUESTIONS:-120}"
CRIBLE=build/tools/crible/crible
SERVER=build/tools/crible-server/crible-server
LATENCY=build/bench/bench_suggest_latency
KEYSTROKE=build/bench/bench_ui_keystroke
log() { echo "bench-suggest: $*" >&2; }

[ -f "$CORPUS" ] || { log "corpus not found: $CORPUS (set SHARED); skipping"; exit 0; }
[ -f "$SHARED/qa-fr/queries.tsv" ] || { log "no $SHARED/qa-fr: skipping"; exit 0; }
for binary in "$CRIBLE" "$SERVER" "$LATENCY" "$KEYSTROKE"; do
  [ -x "$binary" ] || { log "missing $binary (sh scripts/build.sh)"; exit 2; }
done
command -v wrk >/dev/null || { log "missing wrk (sh scripts/install-deps.sh --bench)"; exit 2; }
mkdir -p "$WORK"
if [ ! -f "$WORK/db.commit" ] || [ "$(cat "$WORK/db.commit")" != "$(git rev-parse HEAD)" ]; then
  log "indexing $CORPUS"
  rm -rf "$WORK/db"
  "$CRIBLE" index --db "$WORK/db" "$CORPUS" >/dev/null
  git rev-parse HEAD > "$WORK/db.commit"
fi

# Prefixes as a search box holds them, keystroke after keystroke, from the first
# QUESTIONS dev questions of qa-fr (questions people typed); every fourth question also
# with one typo (two letters swapped in its longest word), as typed.
python3 - "$SHARED/qa-fr/queries.tsv" "$QUESTIONS" "$WORK" <<'PY'
import csv, re, sys, urllib.parse
path, count, work = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = [r for r in csv.DictReader(open(path, encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
        if r["split"] == "dev"][:count]
def typo(text):
    words = [w for w in re.findall(r"\w+", text) if len(w) >= 6 and w.isalpha()]
    if not words: return None
    w = max(words, key=len)
    return text.replace(w, w[0] + w[2] + w[1] + w[3:], 1)
texts = []
for k, row in enumerate(rows):
    texts.append(row["question"].strip())
    if k % 4 == 0 and typo(row["question"].strip()):
        texts.append(typo(row["question"].strip()))
prefixes = []
for text in texts:
    for end in range(1, len(text) + 1):
        if text[end - 1].isalnum():
            prefixes.append(text[:end])
open(f"{work}/prefixes.txt", "w", encoding="utf-8").write("\n".join(prefixes) + "\n")
open(f"{work}/typed.txt", "w", encoding="utf-8").write("\n".join(texts[:20]) + "\n")
with open(f"{work}/suggest-urls.txt", "w") as out, open(f"{work}/search-urls.txt", "w") as search:
    for p in prefixes:
        out.write("/v1/suggest?q=" + urllib.parse.quote(p) + "\n")
        search.write("/v1/search?snippets=0&q=" + urllib.parse.quote(p) + "\n")
print(f"bench-suggest: {len(texts)} texts, {len(prefixes)} prefixes", file=sys.stderr)
PY

echo "# Search-as-you-type benchmark"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M:%S UTC'); git $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo ' (+ uncommitted changes)'); $(nproc) cores"
echo "- index: $CORPUS ($("$CRIBLE" stats --db "$WORK/db" | head -n 1))"
echo "- prefixes: $(wc -l < "$WORK/prefixes.txt" | tr -d ' ') (every keystroke of $QUESTIONS qa-fr dev questions, a quarter of them also with a typo)"
echo
echo "## In-process (one thread)"
echo
"$LATENCY" --db "$WORK/db" --prefixes "$WORK/prefixes.txt" --repeat 3

"$SERVER" --db "$WORK/db" --listen 127.0.0.1:0 --threads 2 >"$WORK/server.out" 2>"$WORK/server.err" &
pid=$!
trap 'kill "$pid" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q listening "$WORK/server.out" 2>/dev/null && break
  sleep 0.1
done
port=$(sed -n 's/.*:\([0-9]*\)$/\1/p' "$WORK/server.out")
[ -n "$port" ] || { cat "$WORK/server.err" >&2; log "the server did not start"; exit 1; }

echo
echo "## Over HTTP (crible-server --threads 2, wrk -t2 -c16, ${DURATION} s each)"
echo
for kind in suggest search; do
  WRK_URLS="$WORK/$kind-urls.txt" wrk -t2 -c16 -d"${DURATION}s" --timeout 10s -s bench/server/mix.lua \
    "http://127.0.0.1:$port" > "$WORK/wrk-$kind.txt"
  echo "- /v1/$kind: $(grep '^RESULT' "$WORK/wrk-$kind.txt" | sed 's/^RESULT //')"
done

echo
echo "## The search page's weight"
echo
echo "| file | bytes | gzip -9 bytes |"
echo "|---|---:|---:|"
total=0; ztotal=0
for file in / /ui/app.js /ui/style.css; do
  curl -s "http://127.0.0.1:$port$file" > "$WORK/file"
  raw=$(wc -c < "$WORK/file" | tr -d ' '); zipped=$(gzip -9 -c "$WORK/file" | wc -c | tr -d ' ')
  total=$((total + raw)); ztotal=$((ztotal + zipped))
  echo "| $file | $raw | $zipped |"
done
echo "| **all** | $total | **$ztotal** |"

echo
echo "## Keystroke to painted suggestions (Chromium headless, this index)"
echo
"$KEYSTROKE" --url "http://127.0.0.1:$port/" --texts "$WORK/typed.txt"
