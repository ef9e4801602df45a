#include "search/spelling.h"

#include <algorithm>
#include <string>

#include "analysis/elision.h"

namespace crible::search {

std::string suggest_spelling(std::string_view query,
                             const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                             Analyzer& analyzer, const Xapian::Database& database) {
  std::vector<std::pair<std::size_t, std::size_t>> ordered = spans;
  std::sort(ordered.begin(), ordered.end());
  std::vector<Token> tokens;
  std::string out;
  std::size_t copied = 0;
  bool changed = false;
  // Each unknown word costs a scan of the spelling table: a long query of unknown
  // words gets suggestions for its first ones only.
  constexpr int kMaxLookups = 16;
  int lookups = 0;
  for (const auto& [start, end] : ordered) {
    if (start < copied) continue;  // nested in a span already respelled
    analyzer.analyze(query.substr(start, end - start), tokens);
    for (const Token& token : tokens) {
      if (token.kind != TokenKind::word || token.stopword || token.folded.size() < 3 ||
          database.term_exists(token.folded))
        continue;
      if (++lookups > kMaxLookups) break;
      const std::string better = database.get_spelling_suggestion(token.folded, 2);
      if (better.empty() || better == token.folded) continue;
      // The word as written ends with its folded core: an elision before it stays
      // as written ("l’econmie" -> "l’economie").
      const std::size_t word_end = start + token.end;
      const std::size_t replace_from = start + token.start + analysis::elision_bytes(token.text);
      out.append(query.substr(copied, replace_from - copied)).append(better);
      copied = word_end;
      changed = true;
    }
  }
  if (!changed) return {};
  out.append(query.substr(copied));
  return out;
}

}  // namespace crible::search
