#!/usr/bin/env python3
"""Query latency of the SQLite FTS5 baseline over the benchmark's query mix (issue 5).

Usage: bench/latency/fts5_latency.py FTS_DB MIX.tsv [--repeat 3] [--json]

FTS_DB is the fts.db of ../shared/baselines/sqlite_fts5_build.sh (table docs(title,
body)); MIX.tsv is bench/latency/mix.tsv (class TAB crible_query TAB keyword_query).
Each keyword_query becomes an FTS5 query (every word or "quoted phrase" a quoted FTS5
string, AND-ed) and runs as
    SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10
once untimed (warm-up), then --repeat timed passes; the clock (perf_counter_ns) covers
execute + fetchall. Prints p50, p99 and mean in ms, overall and per class, as a
Markdown table, or as JSON with --json.
"""
import argparse
import json
import re
import sqlite3
import sys
import time

SQL = "SELECT rowid, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT 10"


def to_fts5(query):
    """'w1 w2' -> '"w1" AND "w2"'; '"w1 w2"' -> '"w1 w2"'. Inside an FTS5 string the
    tokenizer splits the text (so États-Unis is a phrase, as in Xapian's parser);
    only the double quote is special there, and it is removed."""
    units = re.findall(r'"([^"]*)"|(\S+)', query)
    strings = []
    for phrase, word in units:
        text = " ".join((phrase or word).split())
        text = "".join(c for c in text if c != '"' and c.isprintable())
        if text:
            strings.append('"%s"' % text)
    return " AND ".join(strings)


def percentile(sorted_ms, p):
    """Nearest-rank percentile of a sorted list."""
    k = max(0, min(len(sorted_ms) - 1, -(-len(sorted_ms) * p // 100) - 1))
    return sorted_ms[int(k)]


def summary(samples):
    s = sorted(samples)
    return {"samples": len(s), "p50": percentile(s, 50), "p99": percentile(s, 99),
            "mean": sum(s) / len(s)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db")
    ap.add_argument("mix")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="print JSON, not Markdown")
    args = ap.parse_args()

    mix = []  # (class, fts5 query)
    with open(args.mix, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            cells = line.rstrip("\n").split("\t")
            if len(cells) != 3:
                sys.exit("%s:%d: expected 3 TAB-separated cells" % (args.mix, n))
            mix.append((cells[0], to_fts5(cells[2])))
    classes = list(dict.fromkeys(c for c, _ in mix))

    db = sqlite3.connect("file:%s?mode=ro" % args.db, uri=True)
    hits = {}  # query -> rows returned (warm-up pass)
    for _, q in mix:
        try:
            hits[q] = len(db.execute(SQL, (q,)).fetchall())
        except sqlite3.Error as e:
            sys.exit("fts5_latency: %s: %s" % (q, e))
    ms = {c: [] for c in classes}
    for _ in range(args.repeat):
        for c, q in mix:
            t0 = time.perf_counter_ns()
            db.execute(SQL, (q,)).fetchall()
            ms[c].append((time.perf_counter_ns() - t0) / 1e6)

    rows = {c: summary(ms[c]) for c in classes}
    rows["all"] = summary([x for c in classes for x in ms[c]])
    for c in classes:
        rows[c]["queries"] = sum(1 for k, _ in mix if k == c)
        rows[c]["no_hits"] = sum(1 for k, q in mix if k == c and hits[q] == 0)
    rows["all"]["queries"] = len(mix)
    rows["all"]["no_hits"] = sum(1 for _, q in mix if hits[q] == 0)
    if args.json:
        json.dump({"engine": "fts5", "sqlite": sqlite3.sqlite_version,
                   "repeat": args.repeat, "ms": rows}, sys.stdout, indent=1)
        print()
        return
    print("FTS5 (SQLite %s, bm25, LIMIT 10), %d queries x %d passes after a warm-up pass; ms"
          % (sqlite3.sqlite_version, len(mix), args.repeat))
    print()
    print("| class | queries | no hits | p50 | p99 | mean |")
    print("|---|---:|---:|---:|---:|---:|")
    for c in classes + ["all"]:
        r = rows[c]
        print("| %s | %d | %d | %.2f | %.2f | %.2f |"
              % (c, r["queries"], r["no_hits"], r["p50"], r["p99"], r["mean"]))


if __name__ == "__main__":
    main()
