#!/usr/bin/env python3
"""Validate crible's gazetteer (data/entities.tsv) and, optionally, the entity
evaluation set (tests/data/entities-eval.jsonl).

Usage:
    scripts/check-entities.py [GAZETTEER] [--eval JSONL] [--no-warnings]

Problems are printed as FILE:LINE:COLUMN: reason (COLUMN is the 1-based TAB
column of the gazetteer, as crible's own loader reports it). Errors make the
script exit with status 1; warnings (aliases shared by two entities, rules that
cannot apply...) are things to review and do not fail it. The file format is
documented in data/ENTITIES.md. Python 3 standard library only.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

HEADER = "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules"
COLUMNS = HEADER.split("\t")
TYPES = ("ORG", "PERSON", "PLACE", "MEDIA", "PRODUCT", "EVENT")
RULE_NAMES = ("cased", "upper", "evidence", "not_before", "not_after", "context", "during")
LIST_RULES = ("not_before", "not_after", "context")

ID_RE = re.compile(r"^[a-z0-9_-]+$")
HANDLE_RE = re.compile(r"^@[A-Za-z0-9_]{1,50}$")
# The analyzer ends a cashtag at a dot ($BRK.B is $BRK): letters and digits only.
CASHTAG_RE = re.compile(r"^\$[A-Za-z][A-Za-z0-9]{0,9}$")
DOMAIN_RE = re.compile(r"^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]$")
WIKIDATA_RE = re.compile(r"^Q[1-9][0-9]*$")

# The hard negatives the evaluation set labels (data/ENTITIES.md, "Evaluation set"):
# tag -> (the entity that the text must NOT produce, what the trap is). The first
# eleven are the ones the entities issue lists; the others test other rules.
NEGATIVES = {
    "oracle-delphes": ("oracle", "l'oracle de Delphes (common noun)"),
    "oracle-pythie": ("oracle", "les oracles de la Pythie (common noun)"),
    "pinterest-url": ("pinterest", "pinterest inside another site's URL path or query"),
    "trump-bridge": ("donald_trump", "trump in a card game or at bridge (no trump)"),
    "ivanka-trump": ("donald_trump", "Ivanka Trump"),
    "tiktok-song": ("tiktok", "the song Tik Tok"),
    "tic-tac": ("tiktok", "tic-tac"),
    "redmond-oregon": ("microsoft", "Redmond in Oregon"),
    "us-coutumes": ("united_states", "us et coutumes"),
    "emirats-arabes-unis": ("united_states", "Émirats arabes unis"),
    "kmart": ("walmart", "Kmart"),
    "borne-recharge": ("elisabeth_borne", "une borne de recharge"),
    "canal-waterway": ("canal_plus", "a canal (canal de Suez)"),
    "chili-food": ("chile", "chili con carne"),
    "hollande-pays": ("francois_hollande", "la Hollande, en Hollande (the Netherlands)"),
    "la-croix-word": ("la_croix", "la croix (common noun)"),
    "le-maire-word": ("bruno_le_maire", "le maire (the mayor)"),
    "le-monde-word": ("le_monde", "le monde (the world)"),
    "les-echos-word": ("les_echos", "les échos (common noun)"),
    "liberation-1944": ("liberation", "la Libération of 1944"),
    "niger-river": ("niger", "le fleuve Niger"),
    "orange-fruit": ("orange", "an orange (fruit)"),
    "paris-bets": ("paris", "les paris sportifs"),
    "poutine-dish": ("vladimir_putin", "la poutine (dish)"),
    "tesla-nikola": ("tesla", "Nikola Tesla"),
    "total-word": ("totalenergies", "au total, Total : (the word)"),
    "vinci-leonard": ("vinci", "Léonard de Vinci"),
    "washington-person": ("washington_dc", "George or Denzel Washington"),
    "xi-roman": ("xi_jinping", "Louis XI (Roman numeral)"),
}

# French elisions the analyzer strips from the start of a word (l'Oracle -> oracle).
ELISIONS = ("l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu", "puisqu", "jusqu", "quoiqu")
WORD_RE = re.compile(r"[^\W_]+(?:['.][^\W_]+)*\.?", re.UNICODE)
ACRONYM_RE = re.compile(r"^(?:[^\W\d_]\.)+[^\W\d_]?\.?$", re.UNICODE)


def fold(text: str) -> str:
    """Case and accent folding, close to the analyzer's (œ -> oe, é -> e)."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return text.casefold().replace("œ", "oe").replace("æ", "ae")


def words(text: str) -> list[str]:
    """The folded words of a text as matching sees them: hyphens and spaces split,
    elisions and acronym dots dropped. An approximation of the analyzer, used for
    duplicate detection and rule lists only."""
    result = []
    for token in WORD_RE.findall(text.replace("’", "'")):
        if ACRONYM_RE.match(token):
            token = token.replace(".", "")
        token = token.rstrip(".")
        if "'" in token:
            head, _, tail = token.partition("'")
            if fold(head) in ELISIONS and tail:
                token = tail
        folded = fold(token)
        if folded:
            result.append(folded)
    return result


def key(text: str) -> str:
    return " ".join(words(text))


def split_list(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|")]


class Report:
    """Collects problems; flush() prints them in file and line order."""

    def __init__(self, show_warnings: bool) -> None:
        self.errors = 0
        self.warnings = 0
        self.show_warnings = show_warnings
        self.messages: list[tuple[str, int, int, int, str]] = []

    def error(self, path: str, line: int, column: int, reason: str) -> None:
        self.errors += 1
        self.messages.append((path, line, column, len(self.messages), f"{path}:{line}:{column}: {reason}"))

    def warning(self, path: str, line: int, column: int, reason: str) -> None:
        self.warnings += 1
        if self.show_warnings:
            self.messages.append((path, line, column, len(self.messages), f"{path}:{line}:{column}: warning: {reason}"))

    def flush(self) -> None:
        for message in sorted(self.messages):
            print(message[-1])
        self.messages.clear()


def check_rules(cell: str, row: dict, path: str, line: int, report: Report) -> None:
    col = 10
    aliases = set(row["aliases"]) | {row["name"]}
    seen_keys: dict[str, str] = {}
    for item in split_list(cell):
        if not item:
            report.error(path, line, col, "empty rule item (two '|' in a row, or a trailing '|')")
            continue
        alias, equals, rules = item.partition("=")
        alias = alias.strip()
        if not equals:
            report.error(path, line, col, f'rule "{item}" is not ALIAS=RULE')
            continue
        if alias not in aliases:
            report.error(path, line, col, f'rule for "{alias}", which is not an alias of {row["id"]} (write it exactly as in the aliases column)')
            continue
        alias_key = key(alias)
        if alias_key in seen_keys:
            report.error(path, line, col, f'rules for "{alias}" and "{seen_keys[alias_key]}" read as the same words: give one item with ";" between its rules')
        seen_keys[alias_key] = alias
        names_seen = set()
        for rule in rules.split(";"):
            rule = rule.strip()
            name, colon, values = rule.partition(":")
            name = name.strip()
            if name not in RULE_NAMES:
                report.error(path, line, col, f'unknown rule "{rule}" for "{alias}" (cased, upper, evidence[:...], not_before:..., not_after:..., context:..., during:FROM..TO)')
                continue
            if name in names_seen:
                report.error(path, line, col, f'rule "{name}" given twice for "{alias}": list all its words in one rule, separated by ","')
            names_seen.add(name)
            if name == "during":
                ranges = []
                for item_range in values.split(",") if colon else [""]:
                    start, dots, end = item_range.strip().partition("..")
                    day = re.compile(r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")
                    if (not dots or (not start and not end) or (start and not day.match(start))
                            or (end and not day.match(end)) or (start and end and end <= start)):
                        report.error(path, line, col, f'rule during for "{alias}": "{item_range.strip()}" is not FROM..TO (YYYY-MM-DD, either open, TO after FROM)')
                        continue
                    ranges.append((start, end))
                row.setdefault("during", {})[alias_key] = ranges
                continue
            if name in LIST_RULES:
                if not colon or not values.strip():
                    report.error(path, line, col, f'rule "{name}" for "{alias}" needs words: {name}:w1,w2')
                    continue
                for sequence in values.split(","):
                    if not words(sequence):
                        report.error(path, line, col, f'empty word list item in "{rule}" for "{alias}"')
                    if name == "context" and len(words(sequence)) > 1:
                        report.warning(path, line, col, f'context "{sequence.strip()}" for "{alias}" has several words: each one alone satisfies the context')
            elif name == "evidence" and colon:  # its words are optional
                for sequence in values.split(","):
                    if not words(sequence):
                        report.error(path, line, col, f'empty word list item in "{rule}" for "{alias}"')
            elif colon:
                report.error(path, line, col, f'rule "{name}" takes no words ("{rule}")')
            if name == "cased" and not any(c.isupper() for c in alias):
                report.warning(path, line, col, f'"cased" for "{alias}", which has no capital letter: it cannot apply')
            if name == "upper" and any(c.islower() for c in alias):
                report.warning(path, line, col, f'"upper" for "{alias}", which is not written in capitals')
        if {"cased", "evidence"} <= names_seen:
            report.error(path, line, col, f'"cased" and "evidence" both given for "{alias}": cased refuses lower case, evidence takes it with evidence')
        if "evidence" in names_seen and not any(c.isupper() for c in alias):
            report.warning(path, line, col, f'"evidence" for "{alias}", which has no capital letter: it cannot apply')
        if {"cased", "upper"} <= names_seen:
            report.warning(path, line, col, f'"cased" and "upper" both given for "{alias}": "upper" alone is enough')


def check_gazetteer(path: Path, report: Report) -> dict[str, dict]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        report.error(name, 0, 0, f"cannot read: {error.strerror}")
        return {}
    rows: list[dict] = []
    header_seen = False
    for number, data in enumerate(raw.split(b"\n"), start=1):
        try:
            line = data.decode("utf-8")
        except UnicodeDecodeError as error:
            report.error(name, number, 1, f"not UTF-8 (byte {error.start + 1})")
            continue
        if line.endswith("\r"):
            report.warning(name, number, 1, "CRLF line ending")
            line = line[:-1]
        if not line or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            if line != HEADER:
                report.error(name, number, 1, "the first line that is not a comment must be the header: " + HEADER.replace("\t", "<TAB>"))
            continue
        cells = line.split("\t")
        if len(cells) > len(COLUMNS):
            report.error(name, number, len(COLUMNS) + 1, f"{len(cells)} columns, at most {len(COLUMNS)} (is there a TAB inside a cell?)")
            continue
        if len(cells) < 4:
            report.error(name, number, len(cells) + 1, f"{len(cells)} columns: a row needs at least id, name, type and aliases")
            continue
        if len(cells) < len(COLUMNS):
            report.warning(name, number, len(cells) + 1, f"{len(cells)} columns: the missing ones ({', '.join(COLUMNS[len(cells):])}) are empty")
            cells += [""] * (len(COLUMNS) - len(cells))
        for index, cell in enumerate(cells):
            if cell != cell.strip():
                report.warning(name, number, index + 1, f"spaces around the {COLUMNS[index]} cell")
        cells = [cell.strip() for cell in cells]
        row = {"line": number, "id": cells[0], "name": cells[1], "type": cells[2]}
        for index, column in enumerate(COLUMNS[3:9], start=3):
            if column == "wikidata":
                row[column] = cells[index]
                continue
            items = split_list(cells[index]) if cells[index] else []
            if any(not item for item in items):
                report.error(name, number, index + 1, f"empty item in the {column} list (two '|' in a row, or a '|' at an end)")
            row[column] = [item for item in items if item]
        row["rules_cell"] = cells[9]
        rows.append(row)
    if not header_seen:
        report.error(name, 1, 1, "no header line")
        return {}

    by_id: dict[str, dict] = {}
    owners: dict[str, dict[str, dict]] = {"handles": {}, "cashtags": {}, "domains": {}, "wikidata": {}}
    alias_owners: dict[str, list[tuple[dict, str]]] = {}
    for row in rows:
        line = row["line"]
        if not ID_RE.match(row["id"]):
            report.error(name, line, 1, f'id "{row["id"]}" must be lower-case ASCII letters, digits, "_" or "-"')
        elif row["id"] in by_id:
            report.error(name, line, 1, f'duplicate id "{row["id"]}" (first on line {by_id[row["id"]]["line"]})')
        else:
            by_id[row["id"]] = row
        if not row["name"]:
            report.error(name, line, 2, "empty name")
        if row["type"] not in TYPES:
            report.error(name, line, 3, f'type "{row["type"]}" is not one of {", ".join(TYPES)}')
        if not row["aliases"]:
            report.warning(name, line, 4, "no aliases: only the name will match")
        row_keys = set()
        for alias in [row["name"]] + row["aliases"]:
            alias_key = key(alias)
            if not alias_key:
                report.error(name, line, 4, f'alias "{alias}" has no words')
                continue
            if alias_key not in row_keys:
                row_keys.add(alias_key)
                alias_owners.setdefault(alias_key, []).append((row, alias))
        exact = set()
        for alias in row["aliases"]:
            if alias in exact:
                report.warning(name, line, 4, f'alias "{alias}" listed twice')
            exact.add(alias)
        for handle in row["handles"]:
            if not HANDLE_RE.match(handle):
                report.error(name, line, 5, f'handle "{handle}" must be @ then letters, digits or "_"')
        for cashtag in row["cashtags"]:
            if not CASHTAG_RE.match(cashtag):
                report.error(name, line, 6, f'cashtag "{cashtag}" must be $ then a letter and up to 9 letters or digits')
        for domain in row["domains"]:
            if not DOMAIN_RE.match(domain):
                report.error(name, line, 7, f'domain "{domain}" must be a lower-case host name such as example.com (no scheme, no path)')
        if row["wikidata"] and not WIKIDATA_RE.match(row["wikidata"]):
            report.error(name, line, 8, f'wikidata id "{row["wikidata"]}" must look like Q42')
        for column, col in (("handles", 5), ("cashtags", 6), ("domains", 7), ("wikidata", 8)):
            values = [row[column]] if column == "wikidata" else row[column]
            for value in values:
                if not value:
                    continue
                folded = value.lower()
                other = owners[column].get(folded)
                if other is not None and other is not row:
                    report.error(name, line, col, f'{column[:-1] if column != "wikidata" else "wikidata id"} "{value}" is also on line {other["line"]} ({other["id"]}): one entity each')
                else:
                    owners[column][folded] = row

    for row in rows:
        seen = set()
        for related in row["related"]:
            if related == row["id"]:
                report.error(name, row["line"], 9, f'{row["id"]} is related to itself')
            elif related not in by_id:
                report.error(name, row["line"], 9, f'related id "{related}" is not in the gazetteer')
            if related in seen:
                report.error(name, row["line"], 9, f'related id "{related}" listed twice')
            seen.add(related)
        if row["rules_cell"]:
            check_rules(row["rules_cell"], row, name, row["line"], report)

    for alias_key, owners_of_key in sorted(alias_owners.items()):
        ids = {row["id"] for row, _ in owners_of_key}
        # An office held in turn ("président américain") is shared by design: each
        # holder has it for dates of their own, which must not overlap.
        spans = [(row, row.get("during", {}).get(alias_key)) for row, _ in owners_of_key]
        if len(ids) > 1 and all(ranges for _, ranges in spans):
            flat = sorted((start or "0000-00-00", end or "9999-99-99", row["id"], row["line"])
                          for row, ranges in spans for start, end in ranges)
            for a, b in zip(flat, flat[1:]):
                if b[0] < a[1]:
                    report.error(name, b[3], 10, f'during ranges of "{alias_key}" overlap: {a[2]} until {a[1]}, {b[2]} from {b[0]}')
            continue
        if len(ids) > 1:
            first_row, first_alias = owners_of_key[0]
            for row, alias in owners_of_key[1:]:
                report.warning(name, row["line"], 4, f'alias "{alias}" of {row["id"]} reads like "{first_alias}" of {first_row["id"]} (line {first_row["line"]}): ambiguous, the first row wins')
    return by_id


def check_eval(path: Path, entities: dict[str, dict], report: Report) -> dict:
    name = str(path)
    stats = {"documents": 0, "articles": 0, "comments": 0, "mentions": 0, "negatives": {}}
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as error:
        report.error(name, 0, 0, f"cannot read: {error}")
        return stats
    for tag, (entity, _) in NEGATIVES.items():
        if entities and entity not in entities:
            report.error(name, 0, 0, f'negative "{tag}" names entity "{entity}", which is not in the gazetteer')
    documents: dict[str, tuple[int, dict]] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            doc = json.loads(line)
        except json.JSONDecodeError as error:
            report.error(name, number, error.colno, f"not JSON: {error.msg}")
            continue
        if not isinstance(doc, dict):
            report.error(name, number, 1, "each line must be a JSON object")
            continue
        doc_id = doc.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            report.error(name, number, 1, '"id" must be a non-empty string')
            continue
        if doc_id in documents:
            report.error(name, number, 1, f'duplicate id "{doc_id}" (first on line {documents[doc_id][0]})')
        documents[doc_id] = (number, doc)
        stats["documents"] += 1
        unknown = set(doc) - {"id", "type", "parent", "title", "body", "entities", "negatives"}
        if unknown:
            report.warning(name, number, 1, f"unknown fields: {', '.join(sorted(unknown))}")
        if doc.get("type") not in ("article", "comment"):
            report.error(name, number, 1, '"type" must be "article" or "comment"')
        else:
            stats[doc["type"] + "s"] += 1
        if not isinstance(doc.get("body"), str) or not doc["body"].strip():
            report.error(name, number, 1, '"body" must be a non-empty string')
        labels = doc.get("entities")
        if not isinstance(labels, list) or not all(isinstance(e, str) for e in labels):
            report.error(name, number, 1, '"entities" must be a list of entity ids')
        else:
            if labels != sorted(set(labels)):
                report.error(name, number, 1, '"entities" must be sorted and without duplicates')
            for entity in labels:
                if entity not in entities:
                    report.error(name, number, 1, f'entity "{entity}" is not in the gazetteer')
            stats["mentions"] += len(labels)
        negatives = doc.get("negatives", [])
        if not isinstance(negatives, list) or not all(isinstance(n, str) for n in negatives):
            report.error(name, number, 1, '"negatives" must be a list of strings')
        else:
            for negative in negatives:
                if negative not in NEGATIVES:
                    report.error(name, number, 1, f'unknown negative "{negative}" (known: {", ".join(sorted(NEGATIVES))})')
                stats["negatives"][negative] = stats["negatives"].get(negative, 0) + 1
    for doc_id, (number, doc) in documents.items():
        parent = doc.get("parent")
        if doc.get("type") == "comment":
            if not isinstance(parent, str) or parent not in documents:
                report.error(name, number, 1, f'comment "{doc_id}" needs "parent": the id of an article in the file')
            elif documents[parent][1].get("type") != "article":
                report.error(name, number, 1, f'parent "{parent}" of "{doc_id}" is not an article')
        elif parent is not None:
            report.error(name, number, 1, f'article "{doc_id}" must have "parent": null')
    return stats


def main() -> int:
    root = Path(__file__).resolve().parent.parent
    parser = argparse.ArgumentParser(description="Validate crible's gazetteer and entity evaluation set.")
    parser.add_argument("gazetteer", nargs="?", type=Path, default=None,
                        help="gazetteer file (default: data/entities.tsv)")
    parser.add_argument("--eval", type=Path, default=None, metavar="JSONL",
                        help="also check an evaluation set (tests/data/entities-eval.jsonl)")
    parser.add_argument("--no-warnings", action="store_true", help="print errors only")
    args = parser.parse_args()

    gazetteer = args.gazetteer
    if gazetteer is None:
        gazetteer = root / "data" / "entities.tsv"
        try:
            gazetteer = gazetteer.relative_to(Path.cwd())
        except ValueError:
            pass
    report = Report(show_warnings=not args.no_warnings)
    entities = check_gazetteer(gazetteer, report)
    report.flush()
    counts: dict[str, int] = {}
    for row in entities.values():
        counts[row["type"]] = counts.get(row["type"], 0) + 1
    summary = ", ".join(f"{t} {counts[t]}" for t in TYPES if t in counts)
    print(f"{gazetteer}: {len(entities)} entities ({summary})", file=sys.stderr)
    if args.eval is not None:
        stats = check_eval(args.eval, entities, report)
        report.flush()
        negatives = ", ".join(f"{k} {v}" for k, v in sorted(stats["negatives"].items()))
        print(f"{args.eval}: {stats['documents']} documents ({stats['articles']} articles, "
              f"{stats['comments']} comments), {stats['mentions']} entity labels; negatives: {negatives or 'none'}",
              file=sys.stderr)
    print(f"{report.errors} error(s), {report.warnings} warning(s)", file=sys.stderr)
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main())
