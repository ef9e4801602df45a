#pragma once
/// @file
/// The one place where crible's values become JSON and back (CLI, storage, HTTP).

#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"
#include "crible/export.h"
#include "crible/index.h"
#include "crible/search.h"

namespace crible {

/// The analysis of a text as one JSON object:
/// `{"tokens": [{"text", "start", "end", "position", "kind", "lang", "terms"}], "entities": []}`,
/// with `"stopword": true` on stop words. @p indent < 0 prints it on one line.
/// "entities" lists @p mentions as {"id", "name", "type", "text", "start", "end"}: "name"
/// and "type" when @p gazetteer is given, "text" when @p text (the analysed text) is.
/// With @p decisions (Gazetteer::explain), "entity_decisions" lists them as {"id", "text",
/// "start", "end", "taken", "needed_evidence", "reason"}.
CRIBLE_EXPORT std::string analysis_to_json(const std::vector<Token>& tokens, int indent = -1,
                                           const std::vector<EntityMention>& mentions = {},
                                           const Gazetteer* gazetteer = nullptr,
                                           std::string_view text = {},
                                           const std::vector<EntityDecision>* decisions = nullptr);

/// A document as one JSON object: the fields that are set, then the extra fields.
CRIBLE_EXPORT std::string document_to_json(const Document& document, int indent = -1);

/// Reads one JSON object into a Document. `id` and `body` are required strings;
/// `type` is "article" or "comment" (default: "comment" when `parent` is set);
/// `date` must be ISO 8601. Unknown fields go to Document::extra_json.
/// Throws crible::InvalidArgument with the reason (the caller adds file and line).
CRIBLE_EXPORT Document document_from_json(std::string_view json);

/// `crible stats --json`: {"documents", "by_type", "terms", "postings", "disk_bytes",
/// "stored": {"raw", "compressed", "ratio"}, "dictionaries", "schema"}.
CRIBLE_EXPORT std::string stats_to_json(const IndexStats& stats, int indent = -1);

/// Whether @p date is a date crible keeps (Document::date): ISO 8601, YYYY-MM-DD with an
/// optional time (THH:MM, :SS, fractions) and zone (Z, +HH:MM), a real day of the calendar.
CRIBLE_EXPORT bool is_iso8601(std::string_view date) noexcept;

/// What the caller of an indexing run knows beyond the IndexSummary: from the input
/// (DocumentReader problems) and the index (Index::disk_bytes()).
struct RunCounts {
  std::uint64_t skipped = 0;   ///< bad documents (or inputs) skipped
  std::uint64_t warnings = 0;  ///< documents read in spite of a problem (ReadProblem::warning)
  double elapsed_seconds = 0;
  std::uint64_t disk_bytes = 0;
};

/// The summary of an indexing run (`crible index --json`): {"documents", "by_type",
/// "skipped", "warnings", "orphans", "elapsed_seconds", "text_bytes", "disk_bytes",
/// "stored": {"raw", "compressed", "ratio"}, "dictionary", "commits"}.
CRIBLE_EXPORT std::string summary_to_json(const IndexSummary& summary, const RunCounts& run,
                                          int indent = -1);

/// Search results (CLI and HTTP alike):
/// `{"query", "total": {"value", "relation": "eq" | "gte"}, "offset", "dedupe" (true, with
/// dedupe), "hits": [{"id", "type", "parent", "score", "rank", "title", "date", "author",
/// "url", "snippet", "snippet_text", "highlights", "entities", "thread": {"article",
/// "matches"}, "cluster": {"key", "duplicates"}, "near_duplicate" (similar: when true)}],
/// "facets": {"entity": [{"id",
/// "name", "type", "count"}], "counting"}, "histogram": {"interval", "counting", "buckets":
/// [{"key", "start", "count", "entities" (when split, as facets)}]}, "note", "suggestion",
/// "parsed", "query_language": {"code", "source"}}`. "snippet" is HTML
/// (escaped, matches in <b>); "highlights" are [start, end) byte ranges of the plain
/// snippet text, given as "snippet_text". "parent" and "date" are null when unknown,
/// "author" and "url" left out when empty. @p options are the search's own: the
/// snippet fields only with snippets, "thread" only with threads, "facets" and
/// "histogram" only when asked; "note" and "suggestion" only when set.
CRIBLE_EXPORT std::string results_to_json(const SearchResults& results,
                                          const SearchOptions& options, int indent = -1);

/// What a query string becomes (`crible analyze --query --json`): `{"query", "parsed",
/// "note", "nothing_to_search", "query_language": {"code", "source"}}`, "note" only when
/// set.
CRIBLE_EXPORT std::string parsed_query_to_json(const ParsedQuery& parsed, int indent = -1);

/// An entity list (`crible entities --json QUERY`, `GET /v1/entities`):
/// `{"query", "with" (when set), "matches", "entities": [{"id", "name", "type",
/// "documents"}]}`, "articles" instead of "documents" when counted per article.
CRIBLE_EXPORT std::string entities_to_json(const EntityList& list, int indent = -1);

/// An entity's timeline (`crible entities --timeline --json`, `GET
/// /v1/entities/{id}/timeline`): `{"entity": {"id", "name", "type"}, "query", "interval",
/// "counting": "documents" | "articles", "matches", "buckets": [{"key", "start", "count"}],
/// "partial"}`, "missing_shards" as in results_to_json.
CRIBLE_EXPORT std::string timeline_to_json(const EntityTimeline& timeline, int indent = -1);

/// Rising entities (`crible entities --trending --json`, `GET /v1/entities/trending`):
/// `{"query", "window": {"start", "end", "documents"}, "baseline": {"start", "documents"},
/// "entities": [{"id", "name", "type", "window", "baseline", "score"}], "partial"}`; the
/// dates are null when the index holds no dated document.
CRIBLE_EXPORT std::string trends_to_json(const TrendList& list, int indent = -1);

/// `{"total", "documents", "clusters": [{"key", "size", "members": [hits, as in
/// results_to_json without snippets]}], "partial"}`.
CRIBLE_EXPORT std::string duplicates_to_json(const DuplicateClusters& clusters, int indent = -1);

/// Completions (`crible suggest --json`, `GET /v1/suggest`): `{"query", "prefix",
/// "suggestions": [{"kind": "word" | "entity", "text", "query", "documents", "typos",
/// "entity": {"id", "type"} (entities only)}]}`, "partial" and "missing_shards" as in
/// results_to_json.
CRIBLE_EXPORT std::string suggestions_to_json(const Suggestions& suggestions, int indent = -1);

}  // namespace crible
