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
};

/// A parsed query.
struct ParsedQuery {
  std::string description;  ///< The Xapian query, as Xapian describes it.
  std::string note;         ///< Set when the syntax was wrong and only the words were kept.
};

/// Parses query strings with Xapian's QueryParser (AND OR NOT, + -, "phrases", NEAR,
/// wildcards, parentheses) with crible's Analyzer plugged in as its stemmer and
/// stopper: every query word becomes the terms the same word gets when indexed, and
/// both stem forms of a word are searched as one synonym. Not thread-safe; one per
/// thread.
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

  /// Parses @p query. A syntax error never throws: the query's words are kept and
  /// ParsedQuery::note says so. A malformed `date:` or `type:` value or an unknown
  /// entity throws InvalidArgument.
  ParsedQuery parse(std::string_view query);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
