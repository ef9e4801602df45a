#pragma once
/// @file
/// Query strings to search queries, through the same analysis as indexing.

#include <memory>
#include <string>
#include <string_view>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/export.h"

namespace crible {

/// How a query string is read.
struct QueryOptions {
  /// Operator between words with none written: true for AND (the default), false for OR.
  bool default_and = true;
  /// Language the query's words are stemmed in ("fr", "en": one of the analyzer's).
  /// Empty: chosen per query (docs/query-syntax.md, "Query language"): the language of
  /// its positive `lang:` filters when they all name one the analyzer stems, else the
  /// language detected in its words as a paragraph of a document would be (long
  /// enough text only), else the analyzer's default.
  std::string language;
};

/// A parsed query.
struct ParsedQuery {
  std::string query;        ///< The query string, as given.
  std::string description;  ///< The Xapian query, as Xapian describes it.
  /// What was repaired or ignored, and where (docs/query-syntax.md); empty: nothing.
  std::string note;
  /// Not blank, but nothing to search (stop words, punctuation): matches no document.
  bool nothing_to_search = false;
  std::string language;  ///< The language its words were stemmed in ("fr", "en").
  /// How that language was chosen: "option" (QueryOptions::language,
  /// SearchOptions::language), "filter" (the query's `lang:` filters), "detected" (from
  /// its words), "default" (too little text to detect: the analyzer's default) or, for
  /// Searcher::similar, "document" (the document's own terms, in its language).
  std::string language_source;
};

/// Parses query strings (docs/query-syntax.md: AND OR NOT XOR, + -, "phrases",
/// NEAR/ADJ, wildcards, parentheses, fields) with the same Analyzer as indexing: every
/// query word becomes the terms the same word gets when indexed, and both stem forms of
/// a word are searched as one synonym. The same compiler as Searcher::search; without
/// an index, wildcards are not expanded (Searcher::parse checks them). Not thread-safe;
/// one per thread.
class CRIBLE_EXPORT QueryBuilder {
 public:
  /// Without a gazetteer `entity:` is no field: `entity:oracle` searches both words.
  explicit QueryBuilder(Analyzer analyzer, QueryOptions options = {});
  /// With a gazetteer, `entity:` filters by entity, whatever alias names it
  /// (`entity:msft`, `entity:"Tik Tok"`); an unknown entity throws InvalidArgument
  /// naming the closest known ones.
  QueryBuilder(Analyzer analyzer, Gazetteer gazetteer, QueryOptions options = {});
  QueryBuilder(QueryBuilder&&) noexcept;  ///< Moves; the moved-from builder is unusable.
  /// Moves; the moved-from builder is unusable.
  QueryBuilder& operator=(QueryBuilder&&) noexcept;
  ~QueryBuilder();  ///< Frees the parser.

  /// Parses @p query. Malformed syntax never throws: it is repaired and
  /// ParsedQuery::note says how. A malformed `date:` or `type:` value, an unknown
  /// entity or a query over the limits throws InvalidArgument.
  ParsedQuery parse(std::string_view query);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
