#!/usr/bin/env python3
"""MRR@10, Recall@10 and Recall@100 of a TREC run against TREC qrels.

Usage: evaluate.py [--json] RUN QRELS

RUN lines are `qid Q0 docid rank score runname`, in any order: each query's results are
sorted by rank, ties by descending score. QRELS lines are `qid 0 docid rel`; rel > 0 is
relevant. Averages are taken over every query of QRELS that has a relevant document, so
a query the system returned nothing for counts 0 (unlike trec_eval's default, which
averages over the queries present in the run). Queries of RUN absent from QRELS are ignored.
"""
import argparse
import json
from collections import defaultdict


def read_qrels(path):
    relevant = defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            qid, _, docid, rel = parts
            if int(rel) > 0:
                relevant[qid].add(docid)
    return relevant


def read_run(path):
    hits = defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts:
                continue
            qid, _, docid, rank, score = parts[:5]
            hits[qid].append((int(rank), -float(score), docid))
    ranked = {}
    for qid, h in hits.items():
        seen, docs = set(), []
        for _, _, docid in sorted(h):
            if docid not in seen:  # a document counts once, at its best rank
                seen.add(docid)
                docs.append(docid)
        ranked[qid] = docs
    return ranked


def evaluate(run_path, qrels_path):
    relevant = read_qrels(qrels_path)
    ranked = read_run(run_path)
    mrr = r10 = r100 = 0.0
    answered = 0
    for qid, rel in relevant.items():
        docs = ranked.get(qid, [])
        answered += bool(docs)
        for i, d in enumerate(docs[:10]):
            if d in rel:
                mrr += 1.0 / (i + 1)
                break
        r10 += len(rel.intersection(docs[:10])) / len(rel)
        r100 += len(rel.intersection(docs[:100])) / len(rel)
    n = len(relevant)
    return {
        "queries": n,
        "queries_with_results": answered,
        "mrr@10": mrr / n if n else 0.0,
        "recall@10": r10 / n if n else 0.0,
        "recall@100": r100 / n if n else 0.0,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print a JSON object")
    ap.add_argument("run")
    ap.add_argument("qrels")
    args = ap.parse_args()
    m = evaluate(args.run, args.qrels)
    if args.json:
        print(json.dumps(m))
    else:
        print(f"queries {m['queries']} (with results {m['queries_with_results']})  "
              f"MRR@10 {m['mrr@10']:.4f}  R@10 {m['recall@10']:.4f}  R@100 {m['recall@100']:.4f}")
    return m


if __name__ == "__main__":
    main()
