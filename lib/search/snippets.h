#pragma once
// Snippets: the passage of a document's text that best shows why it matched, as
// written (accents, apostrophes, case), with the matches marked. The text is analysed
// again with the indexing analyzer, so stemmed, folded, elided, wildcard and entity
// matches are found by the same rules that indexed them.

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

// What a query looks for, in the terms a token of the text carries.
struct QueryTerms {
  std::unordered_set<std::string> terms;  // "Zeconom", "economie" (title: prefixes removed)
  std::vector<std::string> wildcards;     // folded word prefixes
  std::unordered_set<std::string> entities;

  // From a compiled query's leaf terms, its wildcards and entity ids.
  static QueryTerms of(const Xapian::Query& query, const std::vector<std::string>& wildcards);
  bool empty() const { return terms.empty() && wildcards.empty() && entities.empty(); }
};

class SnippetMaker {
 public:
  // @p gazetteer may be null (no entity highlighting); both must outlive the maker.
  SnippetMaker(Analyzer& analyzer, const Gazetteer* gazetteer)
      : analyzer_(analyzer), gazetteer_(gazetteer) {}

  // About @p bytes of @p text around its densest cluster of matches (its start when
  // nothing matches), cut at word boundaries.
  Snippet make(std::string_view text, std::string_view language, const QueryTerms& query,
               std::size_t bytes);

 private:
  Analyzer& analyzer_;
  const Gazetteer* gazetteer_;
  std::vector<Token> tokens_;  // reused
};

}  // namespace crible::search
