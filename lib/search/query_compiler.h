#pragma once
// Query strings to Xapian queries (docs/query-syntax.md): the structure from
// query_syntax.h, every leaf analysed by the same Analyzer as the documents (so a
// query word gets exactly the terms the word gets when indexed: both stem forms as a
// synonym, stop words out of phrases, folded wildcards), crible's fields as filters.

#include <xapian.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

class Vocabulary;

struct CompileOptions {
  bool default_and = true;
  // A word the database does not hold also searches its neighbours in the vocabulary
  // this gives (search/vocabulary.h, read only when such a word comes), weighted down;
  // null: no typo tolerance. Needs `database`.
  std::function<const Vocabulary&()> typos;
  // Wildcard terms expand to at most this many words; more is an error.
  Xapian::termcount max_wildcard_expansion = 1000;
  // Longer queries, or queries of more terms once parsed, are an InvalidArgument
  // (the library's defaults are SearcherOptions').
  std::size_t max_bytes = SearcherOptions{}.max_query_bytes;
  std::size_t max_terms = SearcherOptions{}.max_query_terms;
  // When set, wildcards are expanded against it as they are compiled, so that one that
  // expands too far is refused by compile() itself; null: checked when the query runs.
  const Xapian::Database* database = nullptr;
  // The language query words are stemmed in; empty: chosen per query (docs/query-syntax.md,
  // "Query language"). Must be one of the analyzer's languages.
  std::string language;
  // Appends to @p stems the stems the index holds for accented spellings of the folded
  // word @p folded (schema::kMetaAccentPrefix); a word of the default language searches
  // them beside its own, so that `donnees` finds what `données` finds. Null: no index.
  std::function<void(const std::string& folded, std::vector<std::string>& stems)> accent_stems;
};

struct CompiledQuery {
  // MatchAll for a blank query. Empty (Xapian's MatchNothing) when it matches nothing:
  // nothing_to_search, or a date range that starts after it ends.
  Xapian::Query query;
  std::string note;  // what was repaired or ignored, and where (empty: nothing)
  // The query was not blank but left nothing to search (stop words, punctuation):
  // it matches no document.
  bool nothing_to_search = false;
  // Byte ranges of the query's searched text (words, phrases, title: values): what a
  // spelling suggestion may respell; operators and filter values are not in it.
  std::vector<std::pair<std::size_t, std::size_t>> text_spans;
  std::vector<std::string> entities;   // entity ids the query names (entity:)
  std::vector<std::string> wildcards;  // folded wildcard prefixes ("econ" for écon*)
  std::string language;                // the words' language ("fr")
  std::string language_source;         // "option", "filter", "detected" or "default"
};

// Not thread-safe: one per thread.
class QueryCompiler {
 public:
  QueryCompiler(Analyzer analyzer, std::optional<Gazetteer> gazetteer, CompileOptions options);
  QueryCompiler(QueryCompiler&&) noexcept;
  QueryCompiler& operator=(QueryCompiler&&) noexcept;
  ~QueryCompiler();

  // Parses @p text. Malformed syntax is repaired as docs/query-syntax.md says
  // (CompiledQuery::note); an unknown entity, a malformed field value or a query over
  // the limits of CompileOptions throws InvalidArgument. Wildcards are expanded when
  // the query runs (Xapian::WildcardError past the limit).
  CompiledQuery compile(std::string_view text);
  // For the next compile() calls.
  void set_options(const CompileOptions& options);

  Analyzer& analyzer();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible::search
