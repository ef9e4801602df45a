#include "search/spelling.h"

#include <vector>

namespace crible::search {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Whether byte @p at of @p query lies in a whitespace-delimited chunk with a ':'
// (a field: its value is an id or a date, not a word to respell).
bool in_field(std::string_view query, std::size_t at) {
  std::size_t start = at, end = at;
  while (start > 0 && !is_space(query[start - 1]))
    --start;
  while (end < query.size() && !is_space(query[end]))
    ++end;
  return query.substr(start, end - start).find(':') != std::string_view::npos;
}

bool is_operator(std::string_view word) {
  return word == "AND" || word == "OR" || word == "NOT" || word == "XOR" || word == "NEAR" ||
         word == "ADJ";
}

}  // namespace

std::string suggest_spelling(std::string_view query, Analyzer& analyzer,
                             const Xapian::Database& database) {
  std::vector<Token> tokens;
  analyzer.analyze(query, tokens);
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  // Each unknown word costs a scan of the spelling table: a long query of unknown
  // words gets suggestions for its first ones only.
  constexpr int kMaxLookups = 16;
  int lookups = 0;
  for (const Token& token : tokens) {
    if (token.kind != TokenKind::word || token.stopword || token.folded.size() < 3 ||
        is_operator(token.text) || in_field(query, token.start) ||
        database.term_exists(token.folded))
      continue;
    if (++lookups > kMaxLookups) break;
    const std::string better = database.get_spelling_suggestion(token.folded, 2);
    if (better.empty() || better == token.folded) continue;
    // Keep an elision as written ("l’econmie" -> "l’economie").
    std::size_t replace_from = token.start;
    if (const std::size_t at = token.text.rfind('\''); at != std::string::npos)
      replace_from = token.start + at + 1;
    else if (const std::size_t curly = token.text.rfind("’"); curly != std::string::npos)
      replace_from = token.start + curly + std::string_view("’").size();
    out.append(query.substr(copied, replace_from - copied)).append(better);
    copied = token.end;
    changed = true;
  }
  if (!changed) return {};
  out.append(query.substr(copied));
  return out;
}

}  // namespace crible::search
