#!/usr/bin/env python3
"""Convert the qa-fr retrieval set into the files the relevance benchmark uses.

Usage: prepare.py QA_FR_DIR OUT_DIR

Writes into OUT_DIR:
  docs.jsonl             crible input: {"id", "type": "article", "title", "body"} per line
  queries.tsv            id<TAB>question, no header
  queries-noaccent.tsv   the same questions with accents stripped
  queries-mistyped.tsv   the same questions with one typo each (mistype() below)
  qrels.txt              TREC qrels: qid 0 docid rel
"""
import csv
import json
import os
import re
import sys
import unicodedata


def strip_accents(s):
    # NFD splits é into e + U+0301; dropping the combining marks leaves the base letter.
    # Ligatures do not decompose, so they are spelt out by hand.
    s = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    s = unicodedata.normalize("NFC", s)
    for a, b in (("œ", "oe"), ("Œ", "OE"), ("æ", "ae"), ("Æ", "AE")):
        s = s.replace(a, b)
    return s


def mistype(text):
    """One typo, as people make them: the two letters after the first of the question's
    longest word (6 letters or more) swapped ("gouvernement" -> "guovernement"); a
    question without such a word is kept as written. Deterministic."""
    words = re.findall(r"\w+", text)
    longest = max((w for w in words if len(w) >= 6 and w.isalpha()), key=len, default=None)
    if longest is None or longest[1] == longest[2]:
        return text
    swapped = longest[0] + longest[2] + longest[1] + longest[3:]
    return re.sub(r"\b" + re.escape(longest) + r"\b", swapped, text, count=1)


def one_line(s):
    # queries.tsv is id<TAB>question, one per line: no tab or newline may survive.
    return re.sub(r"[\t\r\n]+", " ", s).strip()


def read_tsv(path):
    # The question and answer columns are free text: no quoting, tab-separated.
    with open(path, encoding="utf-8", newline="") as f:
        rows = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        return list(rows)


def main(src, out):
    os.makedirs(out, exist_ok=True)
    ndocs = 0
    with open(os.path.join(src, "docs.jsonl"), encoding="utf-8") as f, \
            open(os.path.join(out, "docs.jsonl"), "w", encoding="utf-8") as g:
        for line in f:
            if not line.strip():
                continue
            d = json.loads(line)
            rec = {"id": d["id"], "type": "article", "title": d["title"], "body": d["text"]}
            g.write(json.dumps(rec, ensure_ascii=False) + "\n")
            ndocs += 1

    queries = read_tsv(os.path.join(src, "queries.tsv"))
    with open(os.path.join(out, "queries.tsv"), "w", encoding="utf-8") as g, \
            open(os.path.join(out, "queries-noaccent.tsv"), "w", encoding="utf-8") as h, \
            open(os.path.join(out, "queries-mistyped.tsv"), "w", encoding="utf-8") as m:
        for q in queries:
            text = one_line(q["question"])
            g.write(f"{q['query_id']}\t{text}\n")
            h.write(f"{q['query_id']}\t{strip_accents(text)}\n")
            m.write(f"{q['query_id']}\t{mistype(text)}\n")

    # Only the judgements of the questions written above: evaluate.py counts every query
    # of qrels.txt, so a judged query left out of queries.tsv would score 0 for everyone.
    qids = {q["query_id"] for q in queries}
    qrels = [r for r in read_tsv(os.path.join(src, "qrels.tsv")) if r["query_id"] in qids]
    with open(os.path.join(out, "qrels.txt"), "w", encoding="utf-8") as g:
        for r in qrels:
            g.write(f"{r['query_id']} 0 {r['doc_id']} {r['relevance']}\n")

    print(f"prepare: {ndocs} documents, {len(queries)} queries, {len(qrels)} qrels -> {out}",
          file=sys.stderr)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
