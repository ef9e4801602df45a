#!/usr/bin/env python3
"""Builds the near-duplicate evaluation set of issue 17 from real articles, by editing
them, with the labels given by construction (never by running crible):

  python3 bench/dedupe/make_pairs.py CORPUS.jsonl.zst OUT_DIR [--pairs 300] [--seed 17]

OUT_DIR/docs.jsonl  the documents to index: the sampled originals, their edited copies
                    (ids "<original>~<kind>"), and the articles of the negative pairs.
OUT_DIR/pairs.tsv   id_a <TAB> id_b <TAB> label (dup | distinct) <TAB> kind

Positive kinds (what a republisher does to a wire story):
  reworded   2 % of the words dropped, 2 % of adjacent word pairs swapped, some sentence
             ends changed (light rewording; the story is the same)
  extended   a paragraph of another article appended and a "(Avec AFP)" line
  retitled   another headline (from another article), body unchanged
  mixed      all three
Negative kind:
  same-topic two different articles sharing two of their five most frequent names
             (capitalised words in under 1 % of the articles), published within a month
             of each other, whose word 5-shingle Jaccard is below 0.2 (so that the
             corpus's own republications are not taken for different stories).
The corpus text never enters the repository: OUT_DIR is a work directory.
"""
import argparse
import os
import io
import json
import random
import re
import subprocess
from collections import Counter, defaultdict

WORD = re.compile(r"\w+", re.UNICODE)
CAPITAL = re.compile(r"\b[A-ZÉÈÀÂÎÔÛÇ][a-zéèàâêîôûçëïü]{3,}\b")


def read_articles(path):
    text = subprocess.run(["zstd", "-dc", path], check=True, capture_output=True).stdout
    for line in io.StringIO(text.decode("utf-8")):
        doc = json.loads(line)
        if doc.get("type") == "article" and len(doc.get("body", "")) > 1200 and doc.get("title"):
            yield doc


def shingles(text, n=5):
    words = [w.lower() for w in WORD.findall(text)]
    return {tuple(words[i:i + n]) for i in range(max(0, len(words) - n + 1))}


def jaccard(a, b):
    return len(a & b) / len(a | b) if a and b else 0.0


def reword(body, rng):
    out = []
    for paragraph in body.split("\n"):
        words = paragraph.split(" ")
        words = [w for w in words if rng.random() > 0.02 or not w]
        for i in range(len(words) - 1):
            if rng.random() < 0.02:
                words[i], words[i + 1] = words[i + 1], words[i]
        text = " ".join(words)
        text = re.sub(r"\. (?=[A-Z])", lambda m: ". " if rng.random() > 0.1 else " ; ", text)
        out.append(text)
    return "\n".join(out)


def extend(body, other, rng):
    paragraphs = [p for p in other["body"].split("\n") if len(p) > 200]
    extra = rng.choice(paragraphs) if paragraphs else other["body"][:400]
    return body + "\n\n" + extra + "\n\n(Avec AFP)"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("out")
    parser.add_argument("--pairs", type=int, default=300)
    parser.add_argument("--seed", type=int, default=17)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = list(read_articles(args.corpus))
    rng.shuffle(articles)
    docs, pairs, used = [], [], set()

    originals = articles[: args.pairs]
    donors = articles[args.pairs: 2 * args.pairs]
    kinds = ["reworded", "extended", "retitled", "mixed"]
    for k, (original, donor) in enumerate(zip(originals, donors)):
        kind = kinds[k % len(kinds)]
        copy = dict(original)
        copy["id"] = f"{original['id']}~{kind}"
        copy["url"] = None
        if kind in ("reworded", "mixed"):
            copy["body"] = reword(copy["body"], rng)
        if kind in ("extended", "mixed"):
            copy["body"] = extend(copy["body"], donor, rng)
        if kind in ("retitled", "mixed"):
            copy["title"] = donor["title"]
        docs += [original, copy]
        used.add(original["id"])
        pairs.append((original["id"], copy["id"], "dup", kind))

    # Negatives: same subject (two of their five most frequent names that are rare in
    # the corpus: under 1 % of the articles), published within a month, other text.
    pool = articles[2 * args.pairs:]
    df = Counter()
    names_of = {}
    for doc in pool:
        counts = Counter(CAPITAL.findall(doc["body"]))
        names_of[doc["id"]] = counts
        df.update(counts.keys())
    rare = {name for name, n in df.items() if n < 0.01 * len(pool)}
    by_names = defaultdict(list)
    for doc in pool:
        top = [n for n, _ in names_of[doc["id"]].most_common() if n in rare][:5]
        for i in range(len(top)):
            for j in range(i + 1, len(top)):
                by_names[tuple(sorted((top[i], top[j])))].append(doc)
    negatives = 0
    for key, group in sorted(by_names.items(), key=lambda item: (-len(item[1]), item[0])):
        group.sort(key=lambda d: d.get("date") or "")
        for a, b in zip(group, group[1:]):
            if negatives >= args.pairs:
                break
            if a["id"] in used or b["id"] in used or not a.get("date") or not b.get("date"):
                continue
            months = lambda d: int(d["date"][:4]) * 12 + int(d["date"][5:7])
            if abs(months(a) - months(b)) > 1:
                continue
            if jaccard(shingles(a["body"]), shingles(b["body"])) >= 0.2:
                continue
            used.update((a["id"], b["id"]))
            docs += [a, b]
            pairs.append((a["id"], b["id"], "distinct", "same-topic"))
            negatives += 1
    os.makedirs(args.out, exist_ok=True)
    with open(f"{args.out}/docs.jsonl", "w", encoding="utf-8") as out:
        for doc in docs:
            out.write(json.dumps(doc, ensure_ascii=False) + "\n")
    with open(f"{args.out}/pairs.tsv", "w", encoding="utf-8") as out:
        for pair in pairs:
            out.write("\t".join(pair) + "\n")
    print(f"{len(docs)} documents, {sum(p[2] == 'dup' for p in pairs)} duplicate pairs, "
          f"{negatives} distinct pairs")


if __name__ == "__main__":
    main()
