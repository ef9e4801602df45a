#!/usr/bin/env python3
"""Write the query mix of the latency benchmark (issue 5) from a corpus.

Usage: bench/latency/make_mix.py CORPUS.jsonl.zst > bench/latency/mix.tsv

One query per line, no header: class TAB crible_query TAB keyword_query.
Classes: rare (document frequency 5-20), mid (200-2000), frequent (the most frequent
words, df > 10% of documents), and2 (two words of one document, mixing frequencies),
phrase (2-3 adjacent words that occur in the corpus, quoted), entity (entity:ID for
crible, the entity's name for the keyword engines). keyword_query is crible_query
except on entity lines.

Words: \\w+ on title + body, lower-cased, accents kept, parts of words such as
jusqu'à or aujourd'hui left out (elisions like d'emmanuel are kept); stop words
(data/stopwords-fr.txt, compared accent-folded as crible does), tokens with digits
or '_', and tokens under 3 characters are skipped. Deterministic (seeded).
"""
import collections
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

SEED = 5
PER_CLASS = 40
REPO = Path(__file__).resolve().parents[2]
WORD = re.compile(r"\w+")
# A word standing on its own: not the elided part of jusqu'à, aujourd'hui, quelqu'un
# (followed by an apostrophe, or after one that follows 4+ letters); d'emmanuel counts.
TOKEN = re.compile(r"(?<!\w\w\w\w['’])(?<!\w)\w+(?![\w'’])")
# separators allowed inside a phrase: spaces, or the apostrophe of an elision
PHRASE_SEP = re.compile(r" +|['’]")

# The entity class: ids of data/entities.tsv, from the very frequent to the TikTok sale
# of 2020 (name in documents, 150M corpus: france 21551 ... tiktok 87, oracle 12).
# An entity whose name is in fewer than 5 documents is left out.
ENTITIES = """
france paris emmanuel_macron covid19 twitter facebook donald_trump marine_le_pen
china germany sncf european_union renault vladimir_putin google apple amazon
microsoft tiktok oracle
""".split()
# keyword query of an entity when it is not its display name (column 2)
USUAL_NAME = {"twitter": "Twitter", "onu": "ONU"}


def fold(word):
    """Lower-case, accents removed: how crible compares stop words."""
    nfd = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in nfd if not unicodedata.combining(c))


def load_stopwords():
    words = set()
    for line in open(REPO / "data/stopwords-fr.txt", encoding="utf-8"):
        words.update(fold(w) for w in line.split("#", 1)[0].split())
    return words


def load_entity_names():
    names, header = {}, False
    for line in open(REPO / "data/entities.tsv", encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cells = line.rstrip("\r\n").split("\t")
        if not header:
            header = True
            continue
        names[cells[0]] = USUAL_NAME.get(cells[0], cells[1])
    return names


def read_docs(corpus):
    """Yields title + body of each document."""
    proc = subprocess.Popen(["zstd", "-q", "-dc", corpus], stdout=subprocess.PIPE)
    for line in proc.stdout:
        d = json.loads(line)
        yield (d.get("title") or "") + "\n" + (d.get("body") or "")
    if proc.wait() != 0:
        sys.exit("make_mix: zstd -dc %s failed" % corpus)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__.split("\n\n")[1])
    stop = load_stopwords()
    entity_names = load_entity_names()
    missing = [e for e in ENTITIES if e not in entity_names]
    if missing:
        sys.exit("make_mix: not in data/entities.tsv: " + " ".join(missing))
    entity_re = {
        e: re.compile(r"(?<!\w)" + re.escape(entity_names[e]) + r"(?!\w)")
        for e in ENTITIES
    }

    def content(w):  # a word the mix may query on its own
        return len(w) >= 3 and w.isalpha() and fold(w) not in stop

    docs = []  # lower-cased text of every document, for the second pass
    df = collections.Counter()
    entity_df = collections.Counter()
    for text in read_docs(sys.argv[1]):
        for e, rx in entity_re.items():
            if rx.search(text):
                entity_df[e] += 1
        text = text.lower()
        docs.append(text)
        df.update({w for w in TOKEN.findall(text) if content(w)})
    n = len(docs)
    rng = random.Random(SEED)

    def band(lo, hi):
        return sorted(w for w, c in df.items() if lo <= c <= hi)

    rare, mid = band(5, 20), band(200, 2000)
    frequent = sorted((w for w, c in df.items() if c > n // 10), key=lambda w: (-df[w], w))
    mix = [("rare", w) for w in rng.sample(rare, PER_CLASS)]
    mix += [("mid", w) for w in rng.sample(mid, PER_CLASS)]
    mix += [("frequent", w) for w in frequent[:PER_CLASS]]

    # AND pairs: two words of one random document, frequency bands in turn.
    def band_of(w):
        c = df[w]
        return "F" if c > n // 10 else "M" if 200 <= c <= 2000 else "R" if 5 <= c <= 20 else ""

    combos = ["FM", "MM", "FR", "MR", "FF"]
    pairs, used = [], set()
    while len(pairs) < PER_CLASS:
        want = combos[len(pairs) % len(combos)]
        words = sorted({w for w in TOKEN.findall(rng.choice(docs)) if content(w)})
        a = [w for w in words if band_of(w) == want[0]]
        b = [w for w in words if band_of(w) == want[1]]
        if a and b:
            w1, w2 = rng.choice(a), rng.choice(b)
            if w1 != w2 and not used & {w1, w2}:  # each word in one pair only
                pairs.append((w1, w2))
                used |= {w1, w2}
    mix += [("and2", "%s %s" % p) for p in pairs]

    # Phrases: 2-3 adjacent tokens of a random document, content words at both edges,
    # joined by spaces or an apostrophe; half in >= 100 documents, half in 5-99.
    def phrase_at(text):
        toks = list(WORD.finditer(text))
        if len(toks) < 3:
            return None
        i = rng.randrange(len(toks) - 2)
        span = toks[i:i + rng.choice((2, 3))]
        if not (content(span[0].group()) and content(span[-1].group())):
            return None
        if not all(t.group().isalpha() for t in span):
            return None
        for t in (span[0], span[-1]):
            m = TOKEN.match(text, t.start())
            if not m or m.end() != t.end():
                return None  # an edge is part of jusqu'à, aujourd'hui...
        if not all(PHRASE_SEP.fullmatch(text[x.end():y.start()]) for x, y in zip(span, span[1:])):
            return None
        return re.sub(" +", " ", text[span[0].start():span[-1].end()].replace("’", "'"))

    candidates = set()
    while len(candidates) < 40 * PER_CLASS:
        p = phrase_at(rng.choice(docs))
        if p:
            candidates.add(p)
    by_first = collections.defaultdict(list)  # first word -> candidates
    for p in sorted(candidates):
        by_first[WORD.match(p).group()].append(p)
    pdf = collections.Counter()  # documents containing the phrase
    for text in docs:
        text = re.sub(" +", " ", text.replace("’", "'"))
        found = set()
        for m in WORD.finditer(text):
            for p in by_first.get(m.group(), ()):
                end = m.start() + len(p)
                if text.startswith(p, m.start()) and not text[end:end + 1].isalnum():
                    found.add(p)
        pdf.update(found)
    common = [p for p in sorted(candidates) if pdf[p] >= 100]
    less = [p for p in sorted(candidates) if 5 <= pdf[p] < 100]
    phrases = rng.sample(common, min(PER_CLASS // 2, len(common)))
    phrases += rng.sample(less, PER_CLASS - len(phrases))
    mix += [("phrase", '"%s"' % p) for p in phrases]

    present = [e for e in ENTITIES if entity_df[e] >= 5]
    out = sys.stdout
    for cls, q in mix:
        out.write("%s\t%s\t%s\n" % (cls, q, q))
    for e in present:
        out.write("entity\tentity:%s\t%s\n" % (e, entity_names[e]))
    log = lambda *a: print("make_mix:", *a, file=sys.stderr)
    log("%d documents; %d rare, %d mid, %d frequent words; frequent df %d-%d"
        % (n, len(rare), len(mid), len(frequent), df[frequent[PER_CLASS - 1]], df[frequent[0]]))
    log("phrase df: " + ", ".join("%s %d" % (p, pdf[p]) for p in phrases))
    log("entity df (name only): " + ", ".join("%s %d" % (e, entity_df[e]) for e in ENTITIES))


if __name__ == "__main__":
    main()
