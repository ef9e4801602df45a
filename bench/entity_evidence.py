#!/usr/bin/env python3
# Entity evidence on a corpus (data/ENTITIES.md, "Evidence"): how many candidates needed
# evidence, how many were taken and on what evidence, and a sample of the taken ones
# (with their context) to read. Comments are read with their article's entities, as
# the index reads them; an article's title and body are one text.
# Usage: python3 bench/entity_evidence.py CRIBLE_CLI CORPUS.jsonl.zst SAMPLE_OUT
import json, subprocess, sys, random, collections
CRIBLE = sys.argv[1]; CORPUS = sys.argv[2]; OUT = sys.argv[3]
docs = [json.loads(l) for l in subprocess.run(["zstd", "-dc", CORPUS], capture_output=True, check=True).stdout.decode().splitlines() if l.strip()]
def analyse(text, thread=(), date=""):
    cmd = [CRIBLE, "analyze", "--json", "--explain"]
    if date: cmd += ["--date", date[:10]]
    for e in thread: cmd += ["--thread-entity", e]
    cmd += ["--", text]
    r = subprocess.run(cmd, capture_output=True)
    if r.returncode: return None
    return json.loads(r.stdout)
articles = {}
rows = []
offices = []  # office descriptions taken (rule during)
count = collections.Counter()
for d in docs:
    if d.get("type", "article") != "article": continue
    text = (d.get("title") or "") + "\n" + d.get("body", "")
    a = analyse(text, (), d.get("date") or "")
    if a is None: continue
    articles[d["id"]] = sorted({e["id"] for e in a["entities"]})
    for x in a.get("entity_decisions", []):
        if x["taken"] and "rule during" in x["reason"]:
            offices.append((d["id"], x, text))
        if x["needed_evidence"]:
            count[("article", x["taken"])] += 1
            if x["taken"]: rows.append((d["id"], x, text))
comments = 0
for d in docs:
    if d.get("type") != "comment": continue
    comments += 1
    text = d.get("body", "")
    thread = articles.get(d.get("parent"), [])
    a = analyse(text, thread, d.get("date") or "")
    if a is None: continue
    for x in a.get("entity_decisions", []):
        if x["taken"] and "rule during" in x["reason"]:
            offices.append((d["id"], x, text))
        if x["needed_evidence"]:
            count[("comment", x["taken"])] += 1
            if x["taken"]: rows.append((d["id"], x, text))
kinds = collections.Counter()
for _, x, _ in rows:
    r = x["reason"]
    k = "thread" if "in its thread" in r else "coordinated" if "coordinated" in r else "related" if "related" in r else "words" if "the words" in r else "text"
    kinds[k] += 1
print("documents", len(docs), "articles", len(articles), "comments", comments)
print("needed evidence:", dict(count))
print("taken by kind:", dict(kinds))
print("office descriptions taken (rule during):", len(offices), dict(collections.Counter(x["id"] for _, x, _ in offices)))
random.seed(15)
sample = random.sample(rows, min(60, len(rows))) + random.sample(offices, min(60, len(offices)))
with open(OUT, "w") as f:
    for i, (doc, x, text) in enumerate(sample):
        s, e = x["start"], x["end"]
        b = text.encode()
        ctx = b[max(0, s-120):s].decode(errors="ignore") + "[[" + b[s:e].decode(errors="ignore") + "]]" + b[e:e+120].decode(errors="ignore")
        f.write(f"{i}\t{doc}\t{x['id']}\t{x['reason']}\n    {ctx!r}\n")
