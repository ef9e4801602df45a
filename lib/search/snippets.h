#pragma once
// Snippets: the passage of a document's text that best shows why it matched, as
// written (accents, apostrophes, case), with the matches marked. The text is analysed
// again with the indexing analyzer, so stemmed, folded, elided, wildcard and entity
// matches are found by the same rules that indexed them.

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

// What a query looks for, in the terms a token of the text carries. Each query word
// (a term, the synonym of a word's stems, a wildcard, an entity) is one group: a
// snippet is complete once every group is seen.
struct QueryTerms {
  std::unordered_map<std::string, unsigned> terms;  // "Zeconom" -> group (title: prefix off)
  std::vector<std::pair<std::string, unsigned>> wildcards;  // folded prefix -> group
  std::unordered_map<std::string, unsigned> entities;       // entity id -> group
  unsigned groups = 0;

  // From a compiled query (terms under NOT left out), its wildcards and entity ids.
  static QueryTerms of(const Xapian::Query& query, const std::vector<std::string>& wildcards);
  bool empty() const { return groups == 0; }
};

class SnippetMaker {
 public:
  // @p gazetteer may be null (no entity highlighting); both must outlive the maker.
  SnippetMaker(Analyzer& analyzer, const Gazetteer* gazetteer)
      : analyzer_(analyzer), gazetteer_(gazetteer) {}

  // About @p bytes of @p text around its densest cluster of matches (its start when
  // nothing matches), cut at word boundaries. Paragraphs (or sentences of long ones)
  // are analysed in turn until every query word has been seen and the window after
  // the first match is full: most hits show their words early, and analysis is the
  // snippet's main cost.
  // The entities the document was indexed with and its date: evidence for its ambiguous
  // forms, so that a snippet marks the mentions the index took (lower-case `oracle` in a
  // comment under an article about Oracle). For the next make() calls.
  void set_document(const std::vector<std::string>& entity_ids, const std::string& date) {
    evidence_.document = entity_ids;
    evidence_.date = date;
  }

  Snippet make(std::string_view text, std::string_view language, const QueryTerms& query,
               std::size_t bytes);

 private:
  struct Match {
    std::size_t start, end;
    unsigned group;  // which query word: windows with more different groups win
  };
  // Analyses the paragraph at @p offset of the text into words_ and found_.
  void scan(std::string_view paragraph, std::size_t offset, std::string_view language,
            const QueryTerms& query);
  Snippet cut(std::string_view text, std::size_t bytes) const;

  Analyzer& analyzer_;
  EntityEvidence evidence_;
  const Gazetteer* gazetteer_;
  // Where the words of the text scanned so far are (byte offsets in the whole text):
  // snippets start and end at word boundaries.
  std::vector<std::pair<std::size_t, std::size_t>> words_;
  std::vector<Token> paragraph_;  // reused from paragraph to paragraph: no allocation
  std::vector<Match> found_;
};

}  // namespace crible::search
