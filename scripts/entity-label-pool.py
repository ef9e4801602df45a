#!/usr/bin/env python3
"""Selects the documents of the real-text entity evaluation (issue 15) and writes them
out for labelling by reading (docs/entity-labelling.md).

Usage: python3 scripts/entity-label-pool.py CORPUS.jsonl.zst OUT_DIR [CHUNKS]

The pool is chosen with plain case-insensitive patterns written by hand for each target
entity (never with crible): up to PER_ENTITY documents whose title or body matches,
look-alikes included on purpose ("orange" the colour, "le monde entier", "les paris"),
plus RANDOM documents matching nothing in particular, for the forms nobody thought of.
Deterministic (fixed seed). Writes OUT_DIR/pool.txt (the ids, in order) and
OUT_DIR/chunk-N.txt (the texts, for the labellers; never commit them).
"""
import json
import os
import random
import re
import subprocess
import sys

PER_ENTITY = 11
RANDOM = 60
MAX_CHARS = 6000  # longer documents are left out: labelling effort, stated in the rules

PATTERNS = {
    "microsoft": r"microsoft|redmond|msft",
    "oracle": r"oracle|ellison|orcl",
    "tiktok": r"tik\s?-?tok",
    "bytedance": r"byte\s?dance",
    "pinterest": r"pinterest",
    "walmart": r"wal-?mart|distribution am[ée]ricain",
    "apple": r"apple|cupertino|\bpommes?\b",
    "google": r"google|mountain view",
    "amazon": r"amazon",
    "facebook": r"facebook|zuckerberg",
    "twitter": r"twitter|tweet",
    "huawei": r"huawei",
    "orange": r"\borange",
    "renault": r"renault",
    "totalenergies": r"\btotal\b",
    "sncf": r"sncf|cheminot",
    "afp": r"\bafp\b|france[- ]presse",
    "le_monde": r"\ble monde\b",
    "emmanuel_macron": r"macron|[ée]lys[ée]e|chef de l.[ée]tat",
    "donald_trump": r"trump|maison[- ]blanche",
    "joe_biden": r"biden",
    "marine_le_pen": r"le pen",
    "xi_jinping": r"jinping|\bxi\b",
    "angela_merkel": r"merkel|chanceli[èe]re",
    "edouard_philippe": r"philippe",
    "china": r"\bchin|p[ée]kin",
    "united_states": r"am[ée]ric|[ée]tats[- ]unis|\bus\b|\busa\b",
    "russia": r"\bruss|moscou|kremlin",
    "paris": r"\bparis",
    "covid19": r"covid|coronavirus|pand[ée]mie|sars",
}


def main():
    corpus, out_dir = sys.argv[1], sys.argv[2]
    chunks = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    text = subprocess.run(["zstd", "-dc", corpus], check=True, capture_output=True).stdout
    docs = [json.loads(line) for line in text.decode("utf-8").splitlines() if line.strip()]
    by_id = {d["id"]: d for d in docs}
    rng = random.Random(20261206)
    chosen, seen = [], set()

    def full_text(d):
        return (d.get("title") or "") + "\n" + (d.get("body") or "")

    eligible = [d for d in docs if len(full_text(d)) <= MAX_CHARS]
    for entity, pattern in PATTERNS.items():
        regex = re.compile(pattern, re.IGNORECASE)
        matches = [d for d in eligible if regex.search(full_text(d)) and d["id"] not in seen]
        for d in rng.sample(matches, min(PER_ENTITY, len(matches))):
            seen.add(d["id"])
            chosen.append(d)
    rest = [d for d in eligible if d["id"] not in seen]
    for d in rng.sample(rest, RANDOM):
        seen.add(d["id"])
        chosen.append(d)
    rng.shuffle(chosen)

    os.makedirs(out_dir, exist_ok=True)
    with open(os.path.join(out_dir, "pool.txt"), "w", encoding="utf-8") as f:
        for d in chosen:
            f.write(d["id"] + "\n")
    for c in range(chunks):
        with open(os.path.join(out_dir, f"chunk-{c + 1}.txt"), "w", encoding="utf-8") as f:
            for d in chosen[c::chunks]:
                f.write(f"=== {d['id']} ({d['type']}, {d.get('date') or 'no date'})")
                parent = by_id.get(d.get("parent") or "")
                if parent:
                    f.write(f" comment under {parent['id']}: {parent.get('title') or ''}")
                f.write(" ===\n")
                if d.get("title"):
                    f.write("TITLE: " + d["title"] + "\n")
                f.write((d.get("body") or "") + "\n\n")
    print(f"{len(chosen)} documents in {chunks} chunks", file=sys.stderr)


if __name__ == "__main__":
    main()
