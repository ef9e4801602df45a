#!/bin/sh
# Main-content extraction benchmark (issue 16): crible's HTML reader against Mozilla
# Readability's test pages (a set crible's authors did not write), next to a baseline
# in the same run (all text of <body> but scripts and styles), then indexing speed of
# those pages as HTML and of the same documents as JSON Lines.
#
# Usage: sh scripts/bench-extraction.sh [SET_DIR] [REPEAT]
#   SET_DIR  folders NAME/{source.html, expected.html, expected-metadata.json}: Readability's
#            test/test-pages (default ../extraction-set/readability). To get them:
#              git clone --depth 1 https://github.com/mozilla/readability /tmp/readability
#              sh scripts/bench-extraction.sh /tmp/readability/test/test-pages
#            (Apache-2.0; read where they are, never copied into this repository.)
#   REPEAT   times each page is indexed for the throughput figures (default 20)
# Environment:
#   SNIPPETS  a folder of pages and snippets.tsv (FILE<TAB>must|must_not<TAB>text: the
#          assertions of trafilatura's tests/realworld_tests.py on its tests/cache pages),
#          checked too when present (default ../extraction-set/trafilatura)
#   BENCH  bench_extraction_quality (default build/bench/bench_extraction_quality; this
#          script builds nothing: sh scripts/build.sh first)
#
# Prints the date, commit and cores, then Markdown tables: per page, summary (all pages
# and French ones), throughput.
set -eu
SET_ARG="${1:-}"
if [ -n "$SET_ARG" ] && [ -d "$SET_ARG" ]; then SET_ARG="$(cd "$SET_ARG" && pwd)"; fi
cd "$(dirname "$0")/.."
SET="${SET_ARG:-../extraction-set/readability}"
REPEAT="${2:-20}"
BENCH="${BENCH:-build/bench/bench_extraction_quality}"

if [ ! -d "$SET" ]; then
  echo "bench-extraction: no test set at $SET (see the usage at the top of this script)" >&2
  exit 2
fi
[ -x "$BENCH" ] || { echo "bench-extraction: $BENCH missing: sh scripts/build.sh" >&2; exit 2; }

echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, crible at $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
PAGES=0
for page in "$SET"/*/; do
  [ -f "$page/source.html" ] && [ -f "$page/expected.html" ] && PAGES=$((PAGES + 1))
done
echo "Set: $SET ($PAGES pages with a source and an expected text)"
echo
echo "| page | French | crible precision | crible recall | crible F1 | baseline F1 | title exact |"
echo "|---|---|---:|---:|---:|---:|---|"
"$BENCH" "$SET" --rows
SNIPPETS="${SNIPPETS:-../extraction-set/trafilatura}"
if [ -f "$SNIPPETS/snippets.tsv" ]; then
  echo
  echo "Snippets: $SNIPPETS/snippets.tsv"
  "$BENCH" "$SNIPPETS" --snippets
fi
echo
"$BENCH" "$SET" --throughput "$REPEAT"
