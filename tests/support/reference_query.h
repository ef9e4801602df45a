#pragma once
// A reference model of crible's query language, written from docs/query-syntax.md
// alone (never from lib/search/): a query AST shaped like the spec's grammar, a
// renderer from AST to query string, and an evaluator from AST to the exact set of
// matching document ids, computed from the raw index data (terms, positions, the date
// value) read with the plain Xapian API. The differential test compares crible's
// answers with it (tests/search/test_differential.cpp).
//
// The AST is the spec's parse tree, not a simplified logic tree: an OR node holds XOR
// nodes, which hold AND nodes, which hold sequences of items. Rendering a tree is then
// a plain left-to-right print, and parsing the printed string by the spec's grammar
// gives the same tree back, so the evaluator can work on the tree and never needs a
// parser of its own (which could share crible's bugs). Empty sequences stand for
// missing operands (`a AND`, `OR b`, `NOT b`).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"

namespace crible::test::ref {

enum class Kind {
  or_,       // children: xor_ nodes (>= 1), separated by OR
  xor_,      // children: and_ nodes (>= 1), separated by XOR
  and_,      // children: seq nodes (>= 1); ops[i] sits between children[i] and [i + 1]
  seq,       // children: item nodes (>= 0), side by side (the default operator)
  item,      // modifier + children[0], a primary
  group,     // children[0]: an or_ node, written in parentheses
  text,      // text: one chunk as written (words, several words, punctuation, stop words)
  phrase,    // text: what is between the quotes; unclosed: no closing quote
  wildcard,  // text: the prefix as written, before the '*'
  field,     // field: the name; text: the value (quoted: written as a phrase)
  near,      // children: the operands (text, or phrase/field/wildcard: then invalid)
  junk,      // text: a chunk the lexical rules always ignore (`*`, `+`, `-`, `""`, `()`, `)`)
};

enum class Modifier { none, required, excluded };
enum class AndOp { and_, not_, and_not };
enum class NearOp { near, adj };

struct Node {
  Kind kind = Kind::seq;
  std::vector<Node> children;
  std::vector<AndOp> ops;              // and_ only
  Modifier modifier = Modifier::none;  // item only
  std::string text;                    // text, phrase, wildcard, field value, junk
  std::string field;                   // field name
  bool quoted = false;                 // field: value written as "..."
  bool unclosed = false;               // phrase: left open (runs to the end of the query)
  NearOp near_op = NearOp::near;       // near only
  int near_n = 0;                      // near only: 0 = no "/n" (10 is the default)
  bool glued = false;                  // group: "(a b)" rather than "( a b )"
};

// Builders, so that generated trees read like the grammar.
Node text(std::string chunk);
Node phrase(std::string words, bool unclosed = false);
Node wildcard(std::string prefix);
Node field(std::string name, std::string value, bool quoted = false);
Node junk(std::string raw);
Node near(NearOp op, int n, std::vector<Node> operands);
Node item(Node primary, Modifier modifier = Modifier::none);
Node seq(std::vector<Node> items);
Node and_chain(std::vector<Node> seqs, std::vector<AndOp> ops);
Node xor_chain(std::vector<Node> ands);
Node or_chain(std::vector<Node> xors);
Node group(Node or_node, bool glued = false);
// One primary as a whole query (or_ > xor_ > and_ > seq > item).
Node single(Node primary, Modifier modifier = Modifier::none);
// Wraps a seq, an and_ or a xor_ node up to an or_ node.
Node as_or(Node node);

// A whole query: the tree and how its end is written.
struct Query {
  Node root;  // an or_ node
  // Leave out the ')' that end the string: "a (b c" means "a (b c)" (a '(' never
  // closed is closed at the end). Not with an unclosed phrase, whose text they would be.
  bool drop_trailing_parens = false;
  std::string separator = " ";  // between chunks; "  " tests runs of whitespace
};

// The query string, by the spec's lexical rules. Throws std::logic_error when the tree
// cannot be written so that it parses back to itself (a generator bug): a text chunk
// that is an operator, starts with '+' or '-', holds whitespace, parentheses or quotes...
std::string render(const Query& query);

// The tree as an S-expression, to show how the reference reads a query in failure
// reports: (or (and (seq (item + (text "a"))) NOT (seq ...)) ...), one-child levels
// left out.
std::string describe(const Node& node);

// The spec's operator chunks ("AND", "NEAR/5"...): what a text chunk must not be.
bool is_operator_chunk(const std::string& chunk);
// The field names of the spec.
bool is_field_name(const std::string& name);
// Whether @p name is one of the filter fields (all but title).
bool is_filter_field(const std::string& name);

// The raw index data the evaluator reads: every document's id, terms with positions
// and date value, straight from the Xapian database (no Xapian matcher involved).
class ReferenceIndex {
 public:
  explicit ReferenceIndex(const std::filesystem::path& database);

  struct Posting {
    std::uint32_t doc = 0;                 // index into ids()
    std::vector<std::uint32_t> positions;  // sorted; empty for terms without positions
  };

  std::size_t size() const { return ids_.size(); }
  const std::vector<std::string>& ids() const { return ids_; }
  const std::vector<std::string>& dates() const { return dates_; }  // slot 0, "" if none
  // Every term of the index, with its postings sorted by document.
  const std::map<std::string, std::vector<Posting>>& terms() const { return terms_; }
  const std::vector<Posting>* postings(const std::string& term) const;
  // The index's accent table (docs/query-syntax.md, "A word"): the stems its accented
  // spellings of @p folded carry beyond its own; null when it has none.
  const std::vector<std::string>* accent_stems(const std::string& folded) const;

 private:
  std::map<std::string, std::vector<std::string>> accent_stems_;
  std::vector<std::string> ids_;
  std::vector<std::string> dates_;
  std::map<std::string, std::vector<Posting>> terms_;
};

// A query the spec says is an error (crible must throw InvalidArgument for it).
class QueryError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct EvalOptions {
  bool default_and = true;
  std::size_t max_wildcard_expansion = 1000;  // SearchOptions::max_wildcard_expansion
};

struct EvalResult {
  bool error = false;              // the spec makes this query an error
  std::string error_message;       // why (for failure reports)
  std::set<std::string> ids;       // the matching documents (empty when error)
  bool nothing_to_search = false;  // a non-blank query that left nothing to search
};

class ReferenceEvaluator {
 public:
  // @p analyzer and @p gazetteer must be the ones the index was built with.
  ReferenceEvaluator(const ReferenceIndex& index, Analyzer analyzer, Gazetteer gazetteer);

  EvalResult evaluate(const Query& query, const EvalOptions& options);

 private:
  class Impl;
  const ReferenceIndex& index_;
  Analyzer analyzer_;
  Gazetteer gazetteer_;
};

}  // namespace crible::test::ref
