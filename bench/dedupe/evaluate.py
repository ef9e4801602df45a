#!/usr/bin/env python3
"""Pair precision and recall of near-duplicate detection on make_pairs.py's set.

  python3 bench/dedupe/evaluate.py OUT_DIR --db DB [--crible PATH]  # crible's clusters
  python3 bench/dedupe/evaluate.py OUT_DIR --clusters FILE   # "id<TAB>cluster" lines
  python3 bench/dedupe/evaluate.py OUT_DIR --jaccard 0.3     # the exact reference

A pair is detected when both ids have the same cluster (--db: as `crible search --json`
gives each hit's cluster, an index of OUT_DIR/docs.jsonl; --clusters), or when the word
5-shingle Jaccard of title + body reaches the threshold (--jaccard: the exact measure
that MinHash and SimHash approximate, the baseline for their parameters). Recall is
also given per kind of edit. The distinct pairs were chosen with a Jaccard under 0.2
(make_pairs.py), so the reference cannot err on them at a threshold of 0.2 or more: they
test a detector's approximation, and precision on real republications needs a sample of
its clusters labelled by reading.
"""
import argparse
import json
import re
import subprocess
from collections import defaultdict

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=5):
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out")
    parser.add_argument("--crible", default="build/tools/crible/crible")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--db")
    group.add_argument("--clusters")
    group.add_argument("--jaccard", type=float)
    args = parser.parse_args()
    pairs = [line.rstrip("\n").split("\t") for line in open(f"{args.out}/pairs.tsv", encoding="utf-8")]
    if args.db:
        cluster, offset = {}, 0
        while True:
            page = json.loads(subprocess.run(
                [args.crible, "search", "--db", args.db, "--json", "--no-snippets", "--limit",
                 "1000", "--offset", str(offset), ""], check=True, capture_output=True).stdout)
            for hit in page["hits"]:
                cluster[hit["id"]] = hit["cluster"]["key"]
            offset += len(page["hits"])
            if not page["hits"] or offset >= page["total"]["value"]:
                break
        detected = lambda a, b: a in cluster and cluster.get(a) == cluster.get(b)
    elif args.clusters:
        cluster = dict(line.rstrip("\n").split("\t")[:2]
                       for line in open(args.clusters, encoding="utf-8") if "\t" in line)
        detected = lambda a, b: a in cluster and cluster.get(a) == cluster.get(b)
    else:
        docs = {}
        for line in open(f"{args.out}/docs.jsonl", encoding="utf-8"):
            doc = json.loads(line)
            docs[doc["id"]] = shingles(doc["title"] + " " + doc["body"])
        def detected(a, b):
            x, y = docs[a], docs[b]
            return bool(x and y) and len(x & y) / len(x | y) >= args.jaccard
    found = defaultdict(lambda: [0, 0])  # kind -> [detected, total]
    tp = fp = positives = 0
    for a, b, label, kind in pairs:
        hit = detected(a, b)
        found[kind][0] += hit
        found[kind][1] += 1
        if label == "dup":
            positives += 1
            tp += hit
        else:
            fp += hit
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / positives if positives else 0.0
    print(f"precision {precision:.3f}  recall {recall:.3f}  ({tp} of {positives} duplicate pairs, "
          f"{fp} distinct pairs taken for duplicates)")
    for kind, (hit, total) in sorted(found.items()):
        print(f"  {kind:<11} detected {hit:>4} of {total}")


if __name__ == "__main__":
    main()
