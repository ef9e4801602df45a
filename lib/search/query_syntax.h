#pragma once
// The structure of a query string (docs/query-syntax.md): chunks, phrases, fields,
// wildcards, + and -, operators and parentheses, with their precedence. No analysis
// here: the compiler (query_compiler.h) turns the leaves into terms with the same
// Analyzer as indexing. Every repair of a malformed query is a note naming what was
// ignored and where, so that nothing is dropped or changed in silence.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crible::search {

struct SyntaxNode {
  enum class Kind {
    text,      // a chunk of text: analysed into zero, one or several words
    phrase,    // "…": the words in order
    wildcard,  // text*: text is the prefix as written
    field,     // name:value (value: text, phrase or wildcard in `children`)
    near,      // NEAR/ADJ chain of text chunks (children), window in `distance`
    sequence,  // items side by side (children, each with its mark)
    and_op,
    or_op,
    xor_op,
    not_op,  // children: {left, right}, left may be missing (unary NOT)
  };
  Kind kind = Kind::text;
  std::string text;                // text, phrase, wildcard: as written (no quotes, no '*')
  std::string field;               // field: its name; near: "NEAR" or "ADJ"
  std::size_t start = 0, end = 0;  // bytes of the query this node was written in
  unsigned distance = 10;          // near: NEAR/n
  char mark = 0;                   // in a sequence: '+', '-' or 0
  bool has_left = true;            // not_op: false for NOT with nothing on its left
  std::vector<SyntaxNode> children;
};

struct SyntaxTree {
  std::optional<SyntaxNode> root;  // missing: nothing written but whitespace or repairs
  std::vector<std::string> notes;  // what was repaired or ignored, in query order
};

// The fields a query may name; any other "name:value" is text.
bool is_known_field(std::string_view name);
// The fields that filter (boolean: no score, required in a sequence); title: is not one.
bool is_filter_field(std::string_view name);

// The whitespace that separates a query's chunks (ASCII, as the lexer reads it).
bool is_query_space(char c);

// Never throws for any input: malformed parts are repaired and noted.
SyntaxTree parse_syntax(std::string_view query);

// "'AND' at byte 4" and the like: how notes name a part of the query.
std::string quote_at(std::string_view text, std::size_t at);

}  // namespace crible::search
