#!/usr/bin/env python3
"""SQLite FTS5 relevance baseline: the project's FTS5 set-up
(../shared/baselines/sqlite_fts5_build.sh: columns title, body,
tokenize='unicode61 remove_diacritics 2'), ranked by bm25(docs) with default weights.

Usage: fts5_run.py DOCS.jsonl QUERIES.tsv OUT.run

DOCS.jsonl is crible's input ({"id", "title", "body", ...}); QUERIES.tsv is id<TAB>question.
Each question becomes an OR of its \\w+ tokens, each double-quoted (so that FTS5 syntax
in a question, e.g. AND, NOT, '-' or ':', is taken as text). Top 100 per query, written
as a TREC run named fts5.
"""
import json
import re
import sqlite3
import sys

LIMIT = 100


def match_expr(question):
    tokens = [t for t in re.findall(r"\w+", question) if t]
    return " OR ".join('"' + t.replace('"', '""') + '"' for t in tokens)


def main(docs_path, queries_path, out_path):
    db = sqlite3.connect(":memory:")
    try:
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(title, body, "
                   "tokenize='unicode61 remove_diacritics 2')")
    except sqlite3.OperationalError as e:
        sys.exit(f"fts5_run: this Python's SQLite has no FTS5 ({e})")
    db.execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, id TEXT)")
    with open(docs_path, encoding="utf-8") as f:
        for rowid, line in enumerate((l for l in f if l.strip()), start=1):
            d = json.loads(line)
            db.execute("INSERT INTO docs(rowid, title, body) VALUES (?, ?, ?)",
                       (rowid, d.get("title"), d.get("body")))
            db.execute("INSERT INTO meta VALUES (?, ?)", (rowid, d["id"]))
    db.commit()

    sql = ("SELECT meta.id, bm25(docs) FROM docs JOIN meta ON meta.rowid = docs.rowid "
           "WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?")
    with open(queries_path, encoding="utf-8") as f, \
            open(out_path, "w", encoding="utf-8") as out:
        for line in f:
            qid, _, question = line.rstrip("\n").partition("\t")
            expr = match_expr(question)
            if not expr:
                continue  # no word at all: no result (evaluate.py counts it 0)
            for rank, (docid, score) in enumerate(db.execute(sql, (expr, LIMIT)), start=1):
                # bm25() is lower-is-better; TREC scores are higher-is-better.
                out.write(f"{qid} Q0 {docid} {rank} {-score:.6f} fts5\n")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    main(*sys.argv[1:])
