#!/bin/sh
# Stock Xapian relevance reference: the project's Omega baseline
# (../shared/baselines: jsonl2dump.py, then scriptindex -s french with fr.script),
# searched with quest as a user would: French stemmer, default operator OR, BM25,
# quest's default QueryParser flags. Top 100 per query, written as a TREC run named xapian.
# Stock means stock's quirks too: quest drops its built-in English stop words from the
# query (a, en, on, the, ...; French "a" and "en" among them), and Xapian keeps elisions
# in the word (d'employeurs, l'an are single terms, at indexing and querying alike).
#
# Usage: xapian_stock_run.sh DOCS.jsonl QUERIES.tsv OUT.run WORKDIR
#   DOCS.jsonl   crible input ({"id", "type", "title", "body"}), as prepare.py writes it:
#                these are the field names jsonl2dump.py reads, so no adaptation is needed
#   QUERIES.tsv  id<TAB>question
#   WORKDIR      receives xapian.dump, xapian-db (rebuilt on every call) and quest.out
# Environment: SHARED  the shared data directory (default: ../shared from the repository)
# Needs scriptindex (Debian xapian-omega) and quest (Debian xapian-tools).
set -eu

[ $# -eq 4 ] || { sed -n '2,16p' "$0" >&2; exit 2; }
DOCS=$1; QUERIES=$2; OUT=$3; WORK=$4
SHARED="${SHARED:-$(dirname "$0")/../../../shared}"
BASE="$SHARED/baselines"

mkdir -p "$WORK"
python3 "$BASE/jsonl2dump.py" < "$DOCS" > "$WORK/xapian.dump"
scriptindex -s french --overwrite "$WORK/xapian-db" "$BASE/fr.script" "$WORK/xapian.dump" >&2

# One quest per question, all outputs in WORKDIR/quest.out, each preceded by a
# "#QUERY id" marker line. quest prints each hit as "DOCID: [WEIGHT]" followed by the
# document data, whose "id=" line (fr.script: id : field=id) is the document's own id,
# the same value as its unique Q term: no need to rely on Xapian docids following the
# input order (they do, 1..N, on this fresh database; checked once by hand).
# A question quest cannot parse (exit 1, e.g. a dangling "AND NOT") gets no results.
tab=$(printf '\t')
failed=0
while IFS="$tab" read -r qid question; do
  echo "#QUERY $qid"
  # '--': a question starting with '-' is not an option.
  if ! quest -d "$WORK/xapian-db" -s french -o or -m 100 -- "$question"; then
    failed=$((failed + 1))
    echo "xapian_stock_run: quest failed on $qid: $question" >&2
  fi
done < "$QUERIES" > "$WORK/quest.out"
[ "$failed" -eq 0 ] || echo "xapian_stock_run: quest failed on $failed question(s), counted as no result (see $WORK/quest.out)" >&2

awk '
  /^#QUERY / { qid = $2; rank = 0; want = 0; next }
  /^[0-9]+: \[[-+0-9.eE]+\]$/ { w = $2; gsub(/[][]/, "", w); want = 1; next }
  want && /^id=/ { rank++; print qid, "Q0", substr($0, 4), rank, w, "xapian"; want = 0 }
' "$WORK/quest.out" > "$OUT"
