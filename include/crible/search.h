#pragma once
/// @file
/// Searching a crible index: ranked hits with snippets, entity facets, threads and
/// spelling suggestions.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"
#include "crible/export.h"
#include "crible/index.h"
#include "crible/query.h"

namespace crible {

/// How hits are ordered.
enum class SortOrder {
  relevance,  ///< Best BM25 score first (title words weigh more).
  date,       ///< Newest first, then by score; documents without a date come last.
  /// BM25 plus a bonus for recency: SearchOptions::recency_weight × the query's best
  /// BM25 score (its top hit's) × 2^(−age / half_life_days), the age in whole days from
  /// SearchOptions::now's day (past 120 days, a month's documents share the bonus of its
  /// middle day; nothing past 8 half-lives, nor for undated documents; the whole bonus
  /// after now). A query of filters only is sorted by date.
  recent
};

/// "relevance", "date", "recent".
CRIBLE_EXPORT std::string_view to_string(SortOrder order) noexcept;
/// The order @p name spells; nullopt for another.
CRIBLE_EXPORT std::optional<SortOrder> sort_order(std::string_view name) noexcept;

/// What an entity facet counts.
enum class FacetCounting {
  documents,  ///< every matching document
  articles,   ///< every matching thread once (an article and its comments)
  /// every near-duplicate cluster once (a story and its republications,
  /// IndexOptions::duplicate_similarity), every other matching document once
  clusters,
};

/// "documents", "articles", "clusters".
CRIBLE_EXPORT std::string_view to_string(FacetCounting counting) noexcept;
/// The counting @p name spells; nullopt for another.
CRIBLE_EXPORT std::optional<FacetCounting> facet_counting(std::string_view name) noexcept;

/// The calendar buckets of a histogram of matches (SearchOptions::histogram).
enum class HistogramInterval {
  none,   ///< no histogram
  day,    ///< per calendar day
  week,   ///< per ISO 8601 week (Monday to Sunday; "2021-W07")
  month,  ///< per calendar month
};

/// "none", "day", "week", "month".
CRIBLE_EXPORT std::string_view to_string(HistogramInterval interval) noexcept;
/// The interval @p name spells ("none", "day", "week", "month"); nullopt for another.
CRIBLE_EXPORT std::optional<HistogramInterval> histogram_interval(std::string_view name) noexcept;

/// One entity of a facet.
struct FacetCount {
  std::string id;                     ///< Entity::id
  std::string name;                   ///< Entity::name (the id if the gazetteer lacks it)
  EntityType type = EntityType::org;  ///< Entity::type
  /// Matching documents mentioning the entity, or threads with FacetCounting::articles;
  /// over every match, not just the page of hits.
  std::uint64_t count = 0;
};

/// Matches in one bucket of a histogram. A document's bucket is the calendar day its
/// date writes (its own UTC offset kept, not converted: a news site's local day);
/// documents without a date are in none. Counted per article, a thread is in the
/// bucket of its earliest dated matching document, once.
struct HistogramBucket {
  std::string key;    ///< "2021-02-19", "2021-W07" or "2021-02"
  std::string start;  ///< the bucket's first day, ISO 8601 ("2021-02-15")
  /// Matching documents dated in it, or threads placed in it (FacetCounting::articles);
  /// exact.
  std::uint64_t count = 0;
  /// With SearchOptions::histogram_entities: the entities most counted among the
  /// bucket's matches (its documents, or its threads' matching documents), counted as
  /// count is; most frequent first.
  std::vector<FacetCount> entities;
};

/// One search. The defaults suit a news site's search box.
struct SearchOptions {
  std::size_t limit = 10;                 ///< hits per page, at most Searcher::kMaxLimit
  std::size_t offset = 0;                 ///< hits skipped, at most Searcher::kMaxOffset
  SortOrder sort = SortOrder::relevance;  ///< date: newest first; recent: BM25 and recency
  /// SortOrder::recent: the age at which the recency bonus halves, in days (a week:
  /// news of last week is worth half of today's), at most Searcher::kMaxHalfLifeDays.
  double half_life_days = 7;
  /// SortOrder::recent: the bonus of a document dated `now`, as a fraction of the
  /// query's best BM25 score (0.5: today's half as relevant match ties the best old one).
  double recency_weight = 0.5;
  /// SortOrder::recent: the instant ages are counted from (ISO 8601, "2021-02-19" or
  /// "2021-02-19T10:15:00", zone ignored as in histograms); empty: the newest
  /// document's date.
  std::string now;
  bool default_and = true;  ///< words without an operator: AND (true) or OR
  /// Language the query's words are stemmed in; empty: chosen per query, as
  /// QueryOptions::language says.
  std::string language;
  /// Filters, combined with AND: entities (ids or any alias), document type.
  std::vector<std::string> entities;
  std::optional<DocumentType> type;  ///< Only articles or only comments; none: both.
  /// Only documents of threads whose article matches this query (e.g. the comments
  /// under articles about a subject).
  std::string in_thread_of;
  /// Only the documents of this thread: the article of this id and its comments.
  std::string thread;
  /// Groups hits by thread (comments under their article): one hit per thread, with
  /// the number of its documents that matched.
  bool threads = false;
  /// One hit per near-duplicate cluster (its best ranked matching document), with
  /// Hit::duplicates; the total counts clusters, and facets and histograms that count
  /// documents count each cluster once (FacetCounting::clusters). Not with threads (a
  /// search collapses on one key) nor with per-article counting.
  bool dedupe = false;
  bool facets = false;  ///< entity counts over all matching documents
  /// Matches counted per day, week or month over all matches (exact, as facets).
  HistogramInterval histogram = HistogramInterval::none;
  /// What a histogram bucket counts: matching documents, or threads (each once, in the
  /// bucket of its earliest dated matching document).
  FacetCounting histogram_counting = FacetCounting::documents;
  /// Split each histogram bucket by entity: its this many most counted entities (0:
  /// none), at most Searcher::kMaxBucketEntities. One counting pass per bucket.
  std::size_t histogram_entities = 0;
  FacetCounting facet_counting = FacetCounting::documents;  ///< what a facet count counts
  std::size_t facet_limit = 20;     ///< at most this many entities, most frequent first
  bool snippets = true;             ///< cut a snippet per hit (decodes its stored text: costs time)
  std::size_t snippet_bytes = 240;  ///< about this long, cut at word boundaries
  /// Suggest a spelling when a query has fewer hits than this.
  std::size_t suggest_below = 3;
  /// Wildcards (`micro*`) may expand to at most this many words; more is an error.
  std::size_t max_wildcard_expansion = 1000;
  /// SearchResults::total is exact when at most this many documents match; past it,
  /// a true lower bound of at least this much (Elasticsearch's track_total_hits).
  /// Counting exactly visits every match: the cost grows with the match count.
  std::size_t exact_total_up_to = 10000;
  /// Always count exactly, however many documents match (facets and threads do too).
  bool exact_total = false;
  /// Typo tolerance: a query word the index does not hold also matches the index's
  /// words within edit distance 1 (from 4 letters) or 2 (from 8) of it, first letter
  /// as typed, at most max_wildcard_expansion of them (the most frequent), weighted
  /// below the word itself (SearchResults::note names them). On by default: on qa-fr it
  /// lowers nothing and recovers most of what a typo loses (bench/RESULTS.md). The
  /// first such word after opening reads the index's vocabulary into memory.
  bool typos = true;
};

/// A byte range [start, end) of a snippet to highlight.
struct Highlight {
  std::size_t start = 0;  ///< byte offset of the match in Snippet::text
  std::size_t end = 0;    ///< byte offset just past the match
};

/// An excerpt of a document's text as written, with the query's matches marked.
struct CRIBLE_EXPORT Snippet {
  /// Plain text of the body around its best matches, "…" where it was cut, line
  /// breaks as spaces. Empty without SearchOptions::snippets.
  std::string text;
  std::vector<Highlight> highlights;  ///< the matches in text, in order, not overlapping
  /// The text as HTML: escaped, matches in <b>…</b>, "…" where it was cut.
  std::string html() const;
};

/// One result.
struct Hit {
  std::string id;                             ///< Document::id
  DocumentType type = DocumentType::article;  ///< article or comment
  std::string parent;                         ///< a comment's article
  std::string title;                          ///< Document::title (cut at 512 bytes)
  std::string date;                           ///< Document::date, as written (ISO 8601)
  std::string author;                         ///< Document::author (cut at 512 bytes)
  std::string url;                            ///< Document::url (cut at 512 bytes)
  double score = 0;  ///< BM25 weight (0 for a query of filters only); compare within one search
  std::uint32_t rank = 0;             ///< 0-based, over the whole result list
  Snippet snippet;                    ///< the body's matches in context
  std::vector<std::string> entities;  ///< ids, most mentioned first
  /// With SearchOptions::threads: the thread's article id and how many of the
  /// thread's documents matched (this one included).
  std::string thread;
  std::uint64_t thread_matches = 0;  ///< see thread: matching documents of the thread
  /// Its near-duplicate cluster: the id of the cluster's first indexed document (its
  /// own id when it has no near-duplicate).
  std::string cluster;
  /// The other documents of its cluster in the index (0: none); whether they match
  /// the query or not.
  std::uint64_t duplicates = 0;
  /// Searcher::similar: the hit is a near-duplicate of the document asked about (the
  /// same cluster), not just a related story.
  bool near_duplicate = false;
};

/// What SearchResults::total is.
enum class TotalRelation {
  equal,    ///< exactly the number of matches ("eq")
  at_least  ///< a true lower bound: at least this many match ("gte")
};

/// "eq" or "gte", as JSON spells a TotalRelation.
CRIBLE_EXPORT std::string_view to_string(TotalRelation relation) noexcept;

/// What a search found.
struct SearchResults {
  std::string query;        ///< the query string, as given
  std::uint64_t total = 0;  ///< matching documents (threads with `threads`); see total_relation
  /// equal: total is the exact count (always with facets, threads or exact_total, and
  /// whenever at most exact_total_up_to match); at_least: more match, and total is a
  /// count crible has seen, never above the true one.
  TotalRelation total_relation = TotalRelation::equal;
  std::size_t offset = 0;          ///< SearchOptions::offset, as given
  std::vector<Hit> hits;           ///< this page of hits, in SearchOptions::sort order
  std::vector<FacetCount> facets;  ///< with SearchOptions::facets
  /// With SearchOptions::histogram: the buckets holding matches, in time order (empty
  /// buckets left out).
  std::vector<HistogramBucket> histogram;
  /// What facets and the histogram counted: as asked, but clusters where dedupe turned
  /// documents into clusters.
  FacetCounting facet_counting = FacetCounting::documents;
  FacetCounting histogram_counting = FacetCounting::documents;  ///< see facet_counting
  /// What was repaired or ignored in the query, and where (docs/query-syntax.md), e.g.
  /// "'AND' at byte 4 has nothing on its right: ignored"; empty when nothing was.
  std::string note;
  /// The query was not blank but had nothing to search (only stop words, punctuation
  /// or operators): no document matches, and note says so.
  bool nothing_to_search = false;
  std::string suggestion;       ///< "did you mean": the query with words respelled
  std::string parsed;           ///< the Xapian query, as Xapian describes it
  std::string language;         ///< the language the query's words were stemmed in
  std::string language_source;  ///< how it was chosen (as ParsedQuery::language_source)
  /// True when some shards did not answer and the results come from the others
  /// (only with ShardOptions::allow_partial): totals, hits and facets miss theirs.
  bool partial = false;
  std::vector<std::string> missing_shards;  ///< the shards left out, as their stub names them
};

/// The entities of the documents matching a query (`crible entities QUERY`,
/// `GET /v1/entities`).
struct EntityList {
  std::string query;
  std::string with;  ///< id of the entity every counted document mentions; empty: none
  FacetCounting counting = FacetCounting::documents;
  std::uint64_t matches = 0;                ///< documents matching the query (and `with`)
  std::vector<FacetCount> entities;         ///< most frequent first, `with` left out
  bool partial = false;                     ///< as SearchResults::partial
  std::vector<std::string> missing_shards;  ///< as SearchResults::missing_shards
};

/// How often one entity is mentioned over time (`crible entities --timeline`,
/// `GET /v1/entities/{id}/timeline`): the histogram of `entity:ID` (and a query).
struct EntityTimeline {
  FacetCount entity;  ///< the entity; count: its matches (documents, or threads), dated or not
  std::string query;  ///< the query it was combined with; empty: none
  HistogramInterval interval = HistogramInterval::week;
  FacetCounting counting = FacetCounting::documents;
  std::vector<HistogramBucket> buckets;     ///< buckets with matches, in time order
  bool partial = false;                     ///< as SearchResults::partial
  std::vector<std::string> missing_shards;  ///< as SearchResults::missing_shards
};

/// Which entities rose (Searcher::trending).
struct TrendOptions {
  std::size_t window_days = 7;     ///< the recent period, ending on `now`'s day (included)
  std::size_t baseline_days = 28;  ///< the period just before it, compared with
  /// The day the window ends on (ISO 8601); empty: the newest document's.
  std::string now;
  /// Only entities mentioned in at least this many documents of the window: a name seen
  /// twice this week and never before is noise, not a trend.
  std::uint64_t min_documents = 5;
  std::size_t limit = 20;  ///< entities listed, at most Searcher::kMaxLimit
};

/// One entity's rise.
struct Trend {
  FacetCount entity;           ///< the entity; count: documents of the window mentioning it
  std::uint64_t baseline = 0;  ///< documents of the baseline mentioning it
  /// log2 of its share of the window's documents over its share of the baseline's,
  /// each smoothed by half a document: (w + 0.5) / (W + 1) against (b + 0.5) / (B + 1).
  /// 1: twice as often; an entity new this week scores by how often it is mentioned.
  double score = 0;
};

/// Entities mentioned more, relatively, in a recent window than just before it
/// (`crible entities --trending`, `GET /v1/entities/trending`).
struct TrendList {
  std::string query;           ///< documents matching it only; empty: all
  std::string window_start;    ///< first day of the window, ISO 8601
  std::string window_end;      ///< its last day (`now`'s)
  std::string baseline_start;  ///< first day of the baseline (it ends the day before the window)
  std::uint64_t window_documents = 0;       ///< W: documents of the window (matching the query)
  std::uint64_t baseline_documents = 0;     ///< B: documents of the baseline
  std::vector<Trend> entities;              ///< highest score first
  bool partial = false;                     ///< as SearchResults::partial
  std::vector<std::string> missing_shards;  ///< as SearchResults::missing_shards
};

/// What a completion completes to.
enum class SuggestionKind {
  word,   ///< a word of the index's vocabulary
  entity  ///< an entity of the gazetteer that the index's documents mention
};

/// "word" or "entity", as JSON spells a SuggestionKind.
CRIBLE_EXPORT std::string_view to_string(SuggestionKind kind) noexcept;

/// Search-as-you-type (Searcher::suggest).
struct SuggestOptions {
  std::size_t limit = 10;  ///< suggestions, at most Searcher::kMaxSuggestions
  /// Entities among them at most (listed first: an entity is what a news search is
  /// most often after); words fill the rest.
  std::size_t entity_limit = 4;
  /// Also complete mistyped prefixes: edit distance 1 from 4 letters, 2 from 8, first
  /// letter as typed; ranked after the exact completions.
  bool typos = true;
};

/// One completion of what was typed.
struct Suggestion {
  SuggestionKind kind = SuggestionKind::word;  ///< a word or an entity
  /// What to show: the word as the index's documents most often write it ("économie",
  /// "Paris"), or the entity's name ("Microsoft").
  std::string text;
  /// The whole query with its last word (or, for an entity, the words naming it)
  /// completed: "l'économie", "rachat entity:microsoft". Searching it finds what the
  /// suggestion promises.
  std::string query;
  std::string entity;                        ///< the entity's id; empty for a word
  EntityType entity_type = EntityType::org;  ///< the entity's type (for an entity)
  std::uint64_t documents = 0;  ///< documents holding the word or mentioning the entity
  std::size_t typos = 0;        ///< edits between what was typed and the suggestion's start
};

/// What Searcher::suggest found.
struct Suggestions {
  std::string query;   ///< as given
  std::string prefix;  ///< the folded last word that was completed ("econ"); empty: none
  std::vector<Suggestion> suggestions;      ///< entities first, then words; best first in each
  bool partial = false;                     ///< as SearchResults::partial
  std::vector<std::string> missing_shards;  ///< as SearchResults::missing_shards
};

/// Related documents (Searcher::similar).
struct SimilarOptions {
  std::size_t limit = 10;  ///< hits, at most Searcher::kMaxLimit
  std::size_t offset = 0;  ///< hits skipped, at most Searcher::kMaxOffset
  /// Only articles (default), only comments; none: both.
  std::optional<DocumentType> type = DocumentType::article;
  /// The document's most significant terms searched for (its stems and entities, by
  /// wdf × log(N / df)), at most Searcher::kMaxSimilarTerms.
  std::size_t terms = 40;
};

/// Which near-duplicate clusters Searcher::duplicates lists.
struct DuplicateOptions {
  std::size_t min_size = 2;  ///< clusters of at least this many documents (at least 2)
  std::size_t limit = 20;    ///< clusters, at most Searcher::kMaxLimit
  std::size_t offset = 0;    ///< clusters skipped, at most Searcher::kMaxOffset
  std::size_t members = 10;  ///< documents shown per cluster, at most Searcher::kMaxLimit
};

/// One near-duplicate cluster.
struct DuplicateCluster {
  std::string key;           ///< Hit::cluster of its documents
  std::uint64_t size = 0;    ///< its documents in the index
  std::vector<Hit> members;  ///< the first DuplicateOptions::members, oldest first
};

/// Near-duplicate clusters, largest first (then by key).
struct DuplicateClusters {
  std::uint64_t total = 0;                  ///< clusters of at least min_size documents
  std::uint64_t documents = 0;              ///< documents in them
  std::vector<DuplicateCluster> clusters;   ///< this page of them
  bool partial = false;                     ///< a shard did not answer (ShardOptions)
  std::vector<std::string> missing_shards;  ///< the shards left out
};

/// Where a Searcher finds its index and gazetteer.
struct SearcherOptions {
  /// Must match the options the index was built with (IndexOptions::analyzer).
  AnalyzerOptions analyzer;
  /// Gazetteer file; empty: the built-in one. Must be the one the index was built with
  /// for entity: queries to mean the same entities.
  std::filesystem::path entities_file;
  /// Count facets with Xapian's built-in ValueCountMatchSpy, as remote shards must
  /// (crible switches to it by itself when a shard is remote). Same counts, slower.
  bool builtin_facet_spies = false;
  /// Remote shards: timeout, and whether to answer without the ones that fail.
  ShardOptions shards;
  /// Longest query (search, in_thread_of, entities) in bytes; longer throws
  /// InvalidArgument before parsing. Bounds the parser's time and memory, and the
  /// depth of the parsed query (which crible and Xapian walk recursively).
  std::size_t max_query_bytes = 65536;
  /// Most terms a query may hold once parsed (each word, phrase word, field value and
  /// wildcard counts, the operands of an XOR twice, as it is matched as (a OR b)
  /// AND_NOT (a AND b); Lucene's maxClauseCount is the same idea); more throws
  /// InvalidArgument. A 10 000-word query would otherwise run for seconds.
  std::size_t max_query_terms = 1024;
  /// Confirm a page Xapian may have pruned by weight (a full page, more matches than it
  /// had to count) with a boolean search of the page's own documents, and compute the
  /// page again without pruning when one of them does not match: Xapian 1.4.22's
  /// matcher can return a document that does not match once it prunes
  /// (docs/architecture.md, "Search"). Off: one small search less per such query, at
  /// that risk.
  bool confirm_pruned_pages = true;
};

/// Searches an index: a database directory, a single-file database, or a stub file
/// of shards (local or `remote` lines served by xapian-tcpsrv). Not thread-safe: one
/// Searcher per thread (they are cheap to open).
class CRIBLE_EXPORT Searcher {
 public:
  /// Largest SearchOptions::limit; more throws InvalidArgument.
  static constexpr std::size_t kMaxLimit = 1000;
  /// Largest SearchOptions::offset (deep paging costs); more throws InvalidArgument.
  static constexpr std::size_t kMaxOffset = 100000;
  /// Largest SuggestOptions::limit; more throws InvalidArgument.
  static constexpr std::size_t kMaxSuggestions = 50;
  /// Largest SearchOptions::half_life_days (ten years); more throws InvalidArgument.
  static constexpr double kMaxHalfLifeDays = 3650;
  /// Largest SimilarOptions::terms; more throws InvalidArgument.
  static constexpr std::size_t kMaxSimilarTerms = 200;
  /// Largest SearchOptions::histogram_entities; more throws InvalidArgument.
  static constexpr std::size_t kMaxBucketEntities = 100;

  /// Throws IndexError when there is no index or it was built by another analyzer,
  /// ShardUnavailable when a remote shard does not answer (see ShardOptions).
  static Searcher open(const std::filesystem::path& path, const SearcherOptions& options = {});
  Searcher(Searcher&&) noexcept;             ///< Moves; the moved-from searcher is unusable.
  Searcher& operator=(Searcher&&) noexcept;  ///< Moves; the moved-from searcher is unusable.
  ~Searcher();                               ///< Closes the index.

  /// Runs @p query (docs/query-syntax.md). An empty query lists every document (every
  /// filtered one with filters); malformed syntax is repaired, never dropped in
  /// silence: SearchResults::note says what was ignored.
  /// Throws InvalidArgument for an unknown entity, a malformed field, a wildcard
  /// that expands too far or options out of range; IndexError when the index fails;
  /// ShardUnavailable when a shard does not answer and partial answers are not allowed.
  SearchResults search(std::string_view query, const SearchOptions& options = {});

  /// What search(@p query, @p options) would run, without running it: the same
  /// compiler, filters included, wildcards checked against the index. Throws as
  /// search() does for a query it refuses.
  ParsedQuery parse(std::string_view query, const SearchOptions& options = {});

  /// The @p limit entities most counted among the documents matching @p query (empty:
  /// every document) that mention @p with (an id or alias; empty: no such filter).
  /// Exact counts, as facets. Throws InvalidArgument for an unknown entity.
  EntityList entities(std::string_view query, std::string_view with, std::size_t limit,
                      FacetCounting counting = FacetCounting::documents);

  /// The histogram of the documents mentioning @p entity (an id or alias) and matching
  /// @p query (empty: all of them), per @p interval, counted per document or per
  /// thread. Exact, as SearchOptions::histogram. Throws InvalidArgument for an unknown
  /// entity or interval none.
  EntityTimeline timeline(std::string_view entity, std::string_view query,
                          HistogramInterval interval,
                          FacetCounting counting = FacetCounting::documents);

  /// The documents of other threads closest to document @p id ("more like this"): its
  /// SimilarOptions::terms most significant stems and entities (by wdf × log(N / df),
  /// over the whole index, so words frequent in the index weigh little), searched with
  /// OR and ranked by BM25; its own thread left out. SearchResults::query is the id, parsed the
  /// query run; no snippets, no facets. Its near-duplicates (other threads of its
  /// cluster) are among the hits, flagged Hit::near_duplicate. Throws NotFound when no
  /// document has that id, InvalidArgument for options out of range.
  SearchResults similar(std::string_view id, const SimilarOptions& options = {});

  /// The index's near-duplicate clusters of at least DuplicateOptions::min_size
  /// documents, largest first, each with its oldest members. Exact sizes, local and
  /// remote shards alike. Throws InvalidArgument for options out of range.
  DuplicateClusters duplicates(const DuplicateOptions& options = {});

  /// The entities whose share of the documents matching @p query (empty: all) rose
  /// most from the baseline period to the window (TrendOptions, Trend::score), exact
  /// counts. Throws InvalidArgument for options out of range or an index without
  /// entities.
  TrendList trending(std::string_view query, const TrendOptions& options = {});

  /// Completions of the last word of @p query (what a search box holds as it is being
  /// typed): the index's words it starts (most frequent first; case, accents and
  /// elision do not count: `l'écon` gives `économie`) and the entities whose names or
  /// aliases its last words start (`micro`, `tik`, `groupe de red`), mentioned in the
  /// index; with SuggestOptions::typos, mistyped prefixes too. Throws InvalidArgument
  /// for options out of range or a query over SearcherOptions::max_query_bytes.
  Suggestions suggest(std::string_view query, const SuggestOptions& options = {});

  /// Makes the next search see the latest committed changes.
  void reopen();
  /// Documents in the index.
  std::uint64_t size() const;

 private:
  class Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
