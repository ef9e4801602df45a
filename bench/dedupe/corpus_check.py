#!/usr/bin/env python3
"""Checks crible's near-duplicate clusters of a corpus against the exact measure, with
nothing of crible's code (the oracle of bench/RESULTS.md, "Near-duplicates"):

  python3 bench/dedupe/corpus_check.py CORPUS.jsonl.zst DB [--crible PATH]

Reads every cluster (`crible duplicates --json`, paged) and the corpus's articles, then
reports
- for each clustered document and its cluster's first document, the word 5-shingle
  Jaccard of title + body (Python's own words: lower-cased \\w+), as a distribution:
  pairs under 0.2 are ones the exact measure would not call near-duplicates;
- exact republications (articles of the same title and body under several ids, at
  least 50 words): how many of their pairs share a cluster (should be all).
"""
import argparse
import io
import json
import re
import subprocess
from collections import defaultdict

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text, n=5):
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def clusters_of(crible, db):
    offset, clusters = 0, []
    while True:
        page = json.loads(subprocess.run(
            [crible, "duplicates", "--db", db, "--json", "--limit", "1000", "--members", "1000",
             "--offset", str(offset)], check=True, capture_output=True).stdout)
        clusters += page["clusters"]
        offset += len(page["clusters"])
        if not page["clusters"] or offset >= page["total"]:
            return clusters


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("db")
    parser.add_argument("--crible", default="build/tools/crible/crible")
    args = parser.parse_args()
    text = subprocess.run(["zstd", "-dcf", args.corpus], check=True, capture_output=True).stdout
    articles = {}
    for line in io.StringIO(text.decode("utf-8")):
        doc = json.loads(line)
        if doc.get("type", "article") == "article":
            articles[doc["id"]] = (doc.get("title", ""), doc.get("body", ""))
    clusters = clusters_of(args.crible, args.db)
    cluster_of = {}
    bins = defaultdict(int)
    low = []
    for cluster in clusters:
        ids = [m["id"] for m in cluster["members"]]
        for i in ids:
            cluster_of[i] = cluster["key"]
        first = shingles(" ".join(articles[ids[0]]))
        for other in ids[1:]:
            s = shingles(" ".join(articles[other]))
            j = len(first & s) / len(first | s) if first and s else 0.0
            bins[min(int(j * 10), 9)] += 1
            if j < 0.2:
                low.append((round(j, 3), ids[0], other))
    pairs = sum(bins.values())
    print(f"{len(clusters)} clusters, {len(cluster_of)} documents, {pairs} pairs (member, first)")
    for b in range(10):
        print(f"  Jaccard {b / 10:.1f}-{(b + 1) / 10:.1f}: {bins[b]}")
    print(f"  under 0.2: {len(low)} ({len(low) / max(pairs, 1):.3%}); first ones: {low[:10]}")
    same = defaultdict(list)
    for i, (title, body) in articles.items():
        if len(WORD.findall(title + " " + body)) >= 50:
            same[(title.strip(), body.strip())].append(i)
    groups = [ids for ids in same.values() if len(ids) > 1]
    together = total = 0
    missed = []
    for ids in groups:
        for other in ids[1:]:
            total += 1
            if cluster_of.get(ids[0]) is not None and cluster_of.get(ids[0]) == cluster_of.get(other):
                together += 1
            else:
                missed.append((ids[0], other))
    print(f"exact republications: {len(groups)} groups, {total} pairs, {together} in one cluster "
          f"(recall {together / max(total, 1):.4f}); missed: {missed[:10]}")


if __name__ == "__main__":
    main()
