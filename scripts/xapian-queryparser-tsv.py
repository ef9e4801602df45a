#!/usr/bin/env python3
"""Extracts the query tables of Xapian's tests/queryparsertest.cc as test data.

Usage: scripts/xapian-queryparser-tsv.py QUERYPARSERTEST_CC PROVENANCE > tests/data/xapian-queryparser.tsv

Reads every `static const test NAME[] = { ... };` table of the C++ source (entries
`{ "query", "expected" }`, `{ "query", NULL }`), decodes the C string literals
(escapes, adjacent literals joined), drops what the compiler would not see (comments,
`#if 0` blocks) and writes one TSV line per entry: `table<TAB>query<TAB>expected`.
Only the strings are kept, none of Xapian's code. PROVENANCE is a file whose lines
are copied (each prefixed with "# ") at the top. See tests/data/xapian-queryparser.tsv
for the format of the fields.
"""

import re
import sys

# Tables whose "expected" is the corrected query string (get_corrected_query_string()),
# not a query description: written as is.
SPELLING_PREFIX = "test_mispelled_"
# Error messages the tests compare QueryParserError::get_msg() with.
ERROR_RE = re.compile(r"^(Syntax: |Unknown range operation$)")
NULL = object()  # the token NULL


def strip_preprocessor_zero(text):
    """Drops `#if 0` ... `#endif` blocks (not nested in the tables)."""
    out, skipping = [], False
    for line in text.split("\n"):
        s = line.strip()
        if s == "#if 0":
            skipping = True
            continue
        if skipping and s == "#endif":
            skipping = False
            continue
        if not skipping:
            out.append(line)
    return "\n".join(out)


def decode_literal(body):
    """The bytes of a C string literal's body (between the quotes)."""
    out = bytearray()
    i = 0
    simple = {"n": 10, "t": 9, "r": 13, "\\": 92, '"': 34, "'": 39, "?": 63, "a": 7,
              "b": 8, "f": 12, "v": 11, "0": 0}
    while i < len(body):
        c = body[i]
        if c != "\\":
            out += c.encode("utf-8")
            i += 1
            continue
        e = body[i + 1]
        if e == "x":  # greedy, as in C
            j = i + 2
            while j < len(body) and body[j] in "0123456789abcdefABCDEF":
                j += 1
            value = int(body[i + 2:j], 16)
            if value > 0xFF:
                raise ValueError("hex escape out of range: " + body[i:j])
            out.append(value)
            i = j
        elif e in "01234567":
            j = i + 1
            while j < len(body) and j < i + 4 and body[j] in "01234567":
                j += 1
            out.append(int(body[i + 1:j], 8))
            i = j
        elif e in simple:
            out.append(simple[e])
            i += 2
        else:
            raise ValueError("unknown escape: \\" + e)
    return bytes(out)


class Lexer:
    """Tokens of a table body: '{', '}', ',', NULL, string literals (joined)."""

    def __init__(self, text):
        self.text, self.pos = text, 0

    def skip_space(self):
        t = self.text
        while self.pos < len(t):
            if t[self.pos].isspace():
                self.pos += 1
            elif t.startswith("//", self.pos):
                end = t.find("\n", self.pos)
                self.pos = len(t) if end < 0 else end
            elif t.startswith("/*", self.pos):
                self.pos = t.index("*/", self.pos) + 2
            else:
                break

    def next(self):
        self.skip_space()
        t = self.text
        if self.pos >= len(t):
            return None
        c = t[self.pos]
        if c in "{},;":
            self.pos += 1
            return c
        if t.startswith("NULL", self.pos):
            self.pos += 4
            return NULL
        if c == '"':
            value = b""
            while self.pos < len(t) and t[self.pos] == '"':
                j = self.pos + 1
                while t[j] != '"':
                    j += 2 if t[j] == "\\" else 1
                value += decode_literal(t[self.pos + 1:j])
                self.pos = j + 1
                self.skip_space()
            return value
        raise ValueError("unexpected text: " + t[self.pos:self.pos + 40])


def tables(text):
    text = strip_preprocessor_zero(text)
    for m in re.finditer(r"static const test (\w+)\[\] = \{", text):
        name = m.group(1)
        lex = Lexer(text)
        lex.pos = m.end()
        label = name
        entries = []
        while True:
            tok = lex.next()
            if tok == "}":
                break  # end of the table
            if tok == ",":
                continue
            assert tok == "{", (name, tok)
            query = lex.next()
            assert lex.next() == ","
            expect = lex.next()
            assert lex.next() == "}"
            if query is NULL:
                if expect is NULL:
                    continue  # { NULL, NULL }: end marker
                label = name + "/" + {b"CJK": "CJK_NGRAM"}[expect]  # a flag switch
                continue
            entries.append((label, query, None if expect is NULL else expect))
        yield name, entries


def escape(data):
    """UTF-8 text as is; backslash, tab, CR, LF, other controls and bytes that are not
    valid UTF-8 escaped (\\\\, \\t, \\r, \\n, \\xHH)."""
    out = []
    i = 0
    while i < len(data):
        b = data[i]
        n = 1 if b < 0x80 else 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else \
            4 if 0xF0 <= b <= 0xF4 else 0
        chunk = data[i:i + n] if n else b""
        try:
            ch = chunk.decode("utf-8") if n else None
        except UnicodeDecodeError:
            ch = None
        if ch is None:
            out.append("\\x%02x" % b)
            i += 1
            continue
        i += n
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append("\\x%02x" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


def main():
    source = open(sys.argv[1], encoding="utf-8").read()
    for line in open(sys.argv[2], encoding="utf-8").read().rstrip("\n").split("\n"):
        print(("# " + line).rstrip())
    for name, entries in tables(source):
        for label, query, expect in entries:
            if name.startswith(SPELLING_PREFIX):
                field = escape(expect)
            elif expect is None or ERROR_RE.match(expect.decode("utf-8", "replace")):
                field = ""
            else:
                field = escape(b"Query(" + expect + b")")
            print(label + "\t" + escape(query) + "\t" + field)


if __name__ == "__main__":
    main()
