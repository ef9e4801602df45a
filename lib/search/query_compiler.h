#pragma once
// Query strings to Xapian queries: Xapian's QueryParser with crible's Analyzer as its
// stemmer and stopper, crible's fields, and the rewrites the index's term scheme
// needs (both stem forms as a synonym, stop words out of phrases, folded wildcards).

#include <xapian.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

struct CompileOptions {
  bool default_and = true;
  // Wildcard terms expand to at most this many words; more is an error.
  Xapian::termcount max_wildcard_expansion = 1000;
  // Longer queries, or queries of more terms once parsed, are an InvalidArgument
  // (the library's defaults are SearcherOptions').
  std::size_t max_bytes = SearcherOptions{}.max_query_bytes;
  std::size_t max_terms = SearcherOptions{}.max_query_terms;
};

struct CompiledQuery {
  Xapian::Query query;
  std::string note;                    // set when the syntax was wrong: words only
  std::vector<std::string> entities;   // entity ids the query names (entity:)
  std::vector<std::string> wildcards;  // folded wildcard prefixes ("econ" for écon*)
};

// Not thread-safe: one per thread.
class QueryCompiler {
 public:
  QueryCompiler(Analyzer analyzer, std::optional<Gazetteer> gazetteer, CompileOptions options);
  QueryCompiler(QueryCompiler&&) noexcept;
  QueryCompiler& operator=(QueryCompiler&&) noexcept;
  ~QueryCompiler();

  // Parses @p text. A syntax error falls back to the words (CompiledQuery::note); an
  // unknown entity, a malformed field value or a query over the limits of
  // CompileOptions throws InvalidArgument. Wildcards are
  // expanded when the query runs (Xapian::WildcardError past the limit).
  CompiledQuery compile(std::string_view text);
  // For the next compile() calls.
  void set_options(const CompileOptions& options);

  Analyzer& analyzer();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible::search
