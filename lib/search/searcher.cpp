// Searcher: compiled queries run through Xapian's Enquire (BM25, the title weighted
// up at index time), then hits decoded, snippets cut and facets counted.

#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <unordered_map>

#include "core/calendar.h"
#include "crible/error.h"
#include "crible/json.h"
#include "crible/search.h"
#include "index/doc_store.h"
#include "index/document_builder.h"
#include "index/hit_summary.h"
#include "index/lists.h"
#include "index/schema.h"
#include "index/schema_record.h"
#include "index/xapian_errors.h"
#include "search/facets.h"
#include "search/histogram.h"
#include "search/query_compiler.h"
#include "search/recency.h"
#include "search/snippets.h"
#include "search/spelling.h"
#include "search/suggester.h"
#include "shards/shard_set.h"

namespace crible {

using namespace search;

namespace {

// BM25 with Xapian's defaults (k1 = 1, k2 = 0, k3 = 1, b = 0.5, min_normlen = 0.5):
// on ../shared/qa-fr they beat (1.2, 0.75), (0.9, 0.4) and (1.5, 0.6) by 0.001-0.003
// MRR@10 (bench/RESULTS.md). The title's weight comes from its wdf at index time.
Xapian::BM25Weight ranking() {
  return Xapian::BM25Weight(1, 0, 1, 0.5, 0.5);
}

// --in-thread-of looks at this many matching articles at most.
constexpr Xapian::doccount kMaxThreadArticles = 10000;
// A DatabaseModifiedError (a writer committed too much under a reader) is retried
// after reopening this many times.
constexpr int kAttempts = 3;

void check_options(const SearchOptions& options) {
  if (options.limit > Searcher::kMaxLimit)
    throw InvalidArgument("limit " + std::to_string(options.limit) + " is over the maximum (" +
                          std::to_string(Searcher::kMaxLimit) + ")");
  if (options.offset > Searcher::kMaxOffset)
    throw InvalidArgument("offset " + std::to_string(options.offset) + " is over the maximum (" +
                          std::to_string(Searcher::kMaxOffset) + ")");
  if (options.max_wildcard_expansion == 0)
    throw InvalidArgument("the wildcard expansion limit must be at least 1");
  // Bounded: the bonus holds a term per month of 8 half-lives (960 at most).
  if (!(options.half_life_days > 0) || !(options.half_life_days <= Searcher::kMaxHalfLifeDays))
    throw InvalidArgument("the half-life must be a number of days above 0, at most " +
                          std::to_string(static_cast<int>(Searcher::kMaxHalfLifeDays)));
  if (!(options.recency_weight >= 0) || !std::isfinite(options.recency_weight))
    throw InvalidArgument("the recency weight must be a number, 0 or more");
  if (!options.now.empty() && !day_of(options.now))
    throw InvalidArgument(
        "now: expected an ISO 8601 date (2021-02-19 or 2021-02-19T10:15:00), "
        "got '" +
        options.now + "'");
  if (options.dedupe && options.threads)
    throw InvalidArgument(
        "dedupe and threads cannot be combined: a search collapses on one key (near-duplicate "
        "clusters or threads)");
  if (options.dedupe && ((options.facets && options.facet_counting == FacetCounting::articles) ||
                         (options.histogram != HistogramInterval::none &&
                          options.histogram_counting == FacetCounting::articles)))
    throw InvalidArgument(
        "dedupe counts each near-duplicate cluster once; it cannot be combined with counting "
        "per article");
  if (options.histogram_entities > Searcher::kMaxBucketEntities)
    throw InvalidArgument("histogram_entities " + std::to_string(options.histogram_entities) +
                          " is over the maximum (" + std::to_string(Searcher::kMaxBucketEntities) +
                          ")");
}

// An empty @p query matches nothing (Xapian's MatchNothing), never everything.
Xapian::Query filtered(Xapian::Query query, const Xapian::Query& filter) {
  if (query.get_type() == Xapian::Query::LEAF_MATCH_ALL)
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, filter, 0.0);
  return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

}  // namespace

std::string_view to_string(TotalRelation relation) noexcept {
  return relation == TotalRelation::equal ? "eq" : "gte";
}

std::string_view to_string(HistogramInterval interval) noexcept {
  switch (interval) {
    case HistogramInterval::day:
      return "day";
    case HistogramInterval::week:
      return "week";
    case HistogramInterval::month:
      return "month";
    case HistogramInterval::none:
      break;
  }
  return "none";
}

std::string_view to_string(SortOrder order) noexcept {
  switch (order) {
    case SortOrder::date:
      return "date";
    case SortOrder::recent:
      return "recent";
    case SortOrder::relevance:
      break;
  }
  return "relevance";
}

std::optional<SortOrder> sort_order(std::string_view name) noexcept {
  for (const SortOrder order : {SortOrder::relevance, SortOrder::date, SortOrder::recent})
    if (name == to_string(order)) return order;
  return std::nullopt;
}

std::optional<HistogramInterval> histogram_interval(std::string_view name) noexcept {
  for (const HistogramInterval interval : {HistogramInterval::none, HistogramInterval::day,
                                           HistogramInterval::week, HistogramInterval::month})
    if (name == to_string(interval)) return interval;
  return std::nullopt;
}

std::string_view to_string(FacetCounting counting) noexcept {
  switch (counting) {
    case FacetCounting::articles:
      return "articles";
    case FacetCounting::clusters:
      return "clusters";
    case FacetCounting::documents:
      break;
  }
  return "documents";
}

std::optional<FacetCounting> facet_counting(std::string_view name) noexcept {
  for (const FacetCounting counting :
       {FacetCounting::documents, FacetCounting::articles, FacetCounting::clusters})
    if (name == to_string(counting)) return counting;
  return std::nullopt;
}

std::string_view to_string(SuggestionKind kind) noexcept {
  return kind == SuggestionKind::word ? "word" : "entity";
}

class Searcher::Impl {
 public:
  Impl(const std::filesystem::path& path, const SearcherOptions& options)
      : path_(path),
        analyzer_(Analyzer::create(options.analyzer)),
        shards_(path, options.shards),
        // Xapian refuses a custom match spy over the remote protocol.
        builtin_spies_(options.builtin_facet_spies || shards_.has_remote()),
        max_query_bytes_(options.max_query_bytes),
        max_query_terms_(options.max_query_terms),
        confirm_pruned_pages_(options.confirm_pruned_pages) {
    index::translate_xapian([&] {
      const std::string record = database().get_metadata(std::string(schema::kMetaSchema));
      if (index::recorded_entities(record) != "none")
        gazetteer_ = Gazetteer::open(options.entities_file, analyzer_);
      index::require_schema(
          database(), index::schema_record(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr), path);
      index::load_dictionaries(database(), decompressor_);
    });
    compiler_.emplace(analyzer_, gazetteer_, CompileOptions{});
  }

  SearchResults search(std::string_view text, const SearchOptions& options) {
    check_options(options);
    return with_retries(options, [&] {
      SearchResults results = run(text, options);
      results.missing_shards = shards_.missing();
      results.partial = !results.missing_shards.empty();
      return results;
    });
  }

  ParsedQuery parse(std::string_view text, const SearchOptions& options) {
    check_options(options);
    return with_retries(options, [&] {
      const Prepared prepared = prepare(text, options);
      return ParsedQuery{std::string(text),          prepared.description(),
                         prepared.compiled.note,     prepared.compiled.nothing_to_search,
                         prepared.compiled.language, prepared.compiled.language_source};
    });
  }

  // Runs @p work (a search against the shards) again after what a retry can cure: a
  // shard that broke the connection (reconnected, or left out when partial answers
  // are allowed), a writer that committed under the reader (reopened), a remote
  // shard that cannot run the local facet spy (Xapian's own then).
  template <class Work>
  auto with_retries(const SearchOptions& options, Work&& work) -> decltype(work()) {
    for (int attempt = 1;; ++attempt) {
      try {
        shards_.refresh();
        return work();
      } catch (const Xapian::NetworkError& e) {
        // A shard broke the search: reconnected, or left out when partial answers
        // are allowed; else ShardUnavailable. Each shard can break it once.
        if (attempt > kAttempts + static_cast<int>(shards_.shard_count()))
          throw IndexError(std::string(e.get_type()) + ": " + index::describe(e));
        shards_.lost(e);
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt >= kAttempts)
          throw IndexError("the index kept changing during the search; retry");
        reopen();
      } catch (const Xapian::UnimplementedError& e) {
        // A remote shard cannot run the local facet spy: count with Xapian's own.
        if (builtin_spies_ || (!options.facets && options.histogram_entities == 0))
          throw IndexError("not supported here: " + e.get_msg());
        builtin_spies_ = true;
      } catch (const Xapian::WildcardError& e) {
        throw InvalidArgument("a wildcard matches too many words (over " +
                              std::to_string(options.max_wildcard_expansion) +
                              "): make its prefix longer (" + e.get_msg() + ")");
      } catch (const Xapian::Error& e) {
        throw IndexError(std::string(e.get_type()) + ": " + index::describe(e));
      }
    }
  }

  EntityList entities(std::string_view query, std::string_view with, std::size_t limit,
                      FacetCounting counting) {
    EntityList list;
    list.query = std::string(query);
    list.counting = counting;
    SearchOptions options;
    options.limit = 0;
    options.snippets = false;
    options.suggest_below = 0;
    options.facets = true;
    options.facet_counting = counting;
    options.dedupe = counting == FacetCounting::clusters;  // matches: clusters
    options.facet_limit = limit + 1;  // `with` is among them, and left out below
    if (!with.empty()) {
      if (!gazetteer_) throw InvalidArgument("this index was built without entities");
      list.with = gazetteer_->require(with).id;
      options.entities = {list.with};
    }
    SearchResults results = search(query, options);
    list.matches = results.total;
    list.partial = results.partial;
    list.missing_shards = std::move(results.missing_shards);
    for (FacetCount& facet : results.facets)
      if (facet.id != list.with && list.entities.size() < limit)
        list.entities.push_back(std::move(facet));
    return list;
  }

  EntityTimeline timeline(std::string_view entity, std::string_view query,
                          HistogramInterval interval, FacetCounting counting) {
    if (interval == HistogramInterval::none)
      throw InvalidArgument("a timeline needs an interval: day, week or month");
    if (!gazetteer_) throw InvalidArgument("this index was built without entities");
    const Entity& found = gazetteer_->require(entity);
    EntityTimeline timeline;
    timeline.entity = {found.id, found.name, found.type, 0};
    timeline.query = std::string(query);
    timeline.interval = interval;
    timeline.counting = counting;
    SearchOptions options;
    options.limit = 0;
    options.snippets = false;
    options.suggest_below = 0;
    options.entities = {found.id};
    options.histogram = interval;
    options.histogram_counting = counting;
    options.threads = counting == FacetCounting::articles;  // total: threads
    options.dedupe = counting == FacetCounting::clusters;   // total: clusters
    SearchResults results = search(query, options);
    timeline.entity.count = results.total;
    timeline.buckets = std::move(results.histogram);
    timeline.partial = results.partial;
    timeline.missing_shards = std::move(results.missing_shards);
    return timeline;
  }

  SearchResults similar(std::string_view id, const SimilarOptions& options) {
    if (options.limit > Searcher::kMaxLimit)
      throw InvalidArgument("limit " + std::to_string(options.limit) + " is over the maximum (" +
                            std::to_string(Searcher::kMaxLimit) + ")");
    if (options.offset > Searcher::kMaxOffset)
      throw InvalidArgument("offset " + std::to_string(options.offset) + " is over the maximum (" +
                            std::to_string(Searcher::kMaxOffset) + ")");
    if (options.terms == 0 || options.terms > Searcher::kMaxSimilarTerms)
      throw InvalidArgument("terms must be from 1 to " +
                            std::to_string(Searcher::kMaxSimilarTerms));
    SearchOptions shown;  // how hits are made: no snippets
    shown.snippets = false;
    return with_retries(shown, [&] {
      SearchResults results = run_similar(id, options, shown);
      results.missing_shards = shards_.missing();
      results.partial = !results.missing_shards.empty();
      return results;
    });
  }

  DuplicateClusters duplicates(const DuplicateOptions& options) {
    if (options.min_size < 2)
      throw InvalidArgument("a cluster of near-duplicates has at least 2 documents");
    for (const auto& [name, value] :
         {std::pair{"limit", options.limit}, std::pair{"members", options.members}})
      if (value > Searcher::kMaxLimit)
        throw InvalidArgument(std::string(name) + " " + std::to_string(value) +
                              " is over the maximum (" + std::to_string(Searcher::kMaxLimit) + ")");
    if (options.offset > Searcher::kMaxOffset)
      throw InvalidArgument("offset " + std::to_string(options.offset) + " is over the maximum (" +
                            std::to_string(Searcher::kMaxOffset) + ")");
    SearchOptions shown;  // how members are shown: no snippets
    shown.snippets = false;
    return with_retries(shown, [&] {
      DuplicateClusters clusters = list_duplicates(options, shown);
      clusters.missing_shards = shards_.missing();
      clusters.partial = !clusters.missing_shards.empty();
      return clusters;
    });
  }

  TrendList trending(std::string_view query, const TrendOptions& options) {
    constexpr std::size_t kMaxDays = 36600;  // a century
    if (options.window_days == 0 || options.window_days > kMaxDays || options.baseline_days == 0 ||
        options.baseline_days > kMaxDays)
      throw InvalidArgument("the window and the baseline must be from 1 to " +
                            std::to_string(kMaxDays) + " days");
    if (options.limit > Searcher::kMaxLimit)
      throw InvalidArgument("limit " + std::to_string(options.limit) + " is over the maximum (" +
                            std::to_string(Searcher::kMaxLimit) + ")");
    if (!options.now.empty() && !day_of(options.now))
      throw InvalidArgument("now: expected an ISO 8601 date (2021-02-19), got '" + options.now +
                            "'");
    if (!gazetteer_) throw InvalidArgument("this index was built without entities");
    TrendList list;
    list.query = std::string(query);
    const std::optional<long> today = day_of(
        options.now.empty()
            ? with_retries(SearchOptions{},
                           [&] { return database().get_value_upper_bound(schema::kSlotDate); })
            : options.now);
    if (!today) return list;  // no dated document
    const long window_start = *today - static_cast<long>(options.window_days) + 1;
    const long baseline_start = window_start - static_cast<long>(options.baseline_days);
    list.window_start = core::iso_day(window_start);
    list.window_end = core::iso_day(*today);
    list.baseline_start = core::iso_day(baseline_start);
    // Every entity of each period, exactly: two facet passes.
    const auto count = [&](long first, long last) {
      SearchOptions counting;
      counting.limit = 0;
      counting.snippets = false;
      counting.suggest_below = 0;
      counting.facets = true;
      counting.facet_limit = std::numeric_limits<std::size_t>::max();
      const std::string dates = "date:" + core::iso_day(first) + ".." + core::iso_day(last);
      SearchResults results =
          search(query.empty() ? dates : "(" + std::string(query) + ") " + dates, counting);
      list.partial = list.partial || results.partial;
      for (std::string& shard : results.missing_shards)
        if (std::find(list.missing_shards.begin(), list.missing_shards.end(), shard) ==
            list.missing_shards.end())
          list.missing_shards.push_back(std::move(shard));
      return results;
    };
    const SearchResults window = count(window_start, *today);
    const SearchResults baseline = count(baseline_start, window_start - 1);
    list.window_documents = window.total;
    list.baseline_documents = baseline.total;
    std::unordered_map<std::string, std::uint64_t> before;
    for (const FacetCount& facet : baseline.facets)
      before[facet.id] = facet.count;
    const double w_total = static_cast<double>(window.total) + 1;
    const double b_total = static_cast<double>(baseline.total) + 1;
    for (const FacetCount& facet : window.facets) {
      if (facet.count < options.min_documents) continue;
      Trend trend;
      trend.entity = facet;
      trend.baseline = before.count(facet.id) ? before[facet.id] : 0;
      trend.score = std::log2(((static_cast<double>(facet.count) + 0.5) / w_total) /
                              ((static_cast<double>(trend.baseline) + 0.5) / b_total));
      list.entities.push_back(std::move(trend));
    }
    std::sort(list.entities.begin(), list.entities.end(), [](const Trend& a, const Trend& b) {
      if (a.score != b.score) return a.score > b.score;
      if (a.entity.count != b.entity.count) return a.entity.count > b.entity.count;
      return a.entity.id < b.entity.id;
    });
    if (list.entities.size() > options.limit) list.entities.resize(options.limit);
    return list;
  }

  Suggestions suggest(std::string_view text, const SuggestOptions& options) {
    if (options.limit > Searcher::kMaxSuggestions)
      throw InvalidArgument("limit " + std::to_string(options.limit) + " is over the maximum (" +
                            std::to_string(Searcher::kMaxSuggestions) + ")");
    if (text.size() > max_query_bytes_)
      throw InvalidArgument("query is " + std::to_string(text.size()) +
                            " bytes, over the limit of " + std::to_string(max_query_bytes_));
    if (!suggester_) suggester_.emplace(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr);
    SuggestSource source;
    // Summed over shards: the same choice however the index is cut.
    source.display = [this](const std::string& folded, std::uint64_t documents) {
      const std::string key = std::string(schema::kMetaDisplayPrefix) + folded;
      index::SpellingCounts spellings;
      shards_.each_database([&](const Xapian::Database& shard) {
        for (const auto& [spelling, count] : index::decode_spellings(shard.get_metadata(key)))
          spellings[spelling] += count;
      });
      return index::display_spelling(spellings, documents);
    };
    return with_retries(SearchOptions{}, [&] {
      source.database = &database();
      source.vocabulary = &vocabulary();
      Suggestions suggestions = suggester_->suggest(text, options, source);
      suggestions.missing_shards = shards_.missing();
      suggestions.partial = !suggestions.missing_shards.empty();
      return suggestions;
    });
  }

  void reopen() {
    vocabulary_.reset();  // read again when next needed
    shards_.reopen();
    index::translate_xapian([&] { index::load_dictionaries(database(), decompressor_); });
  }

  std::uint64_t size() const { return database().get_doccount(); }

  const Xapian::Database& database() const { return shards_.database(); }

 private:
  // A query string compiled, with the options' filters.
  struct Prepared {
    CompiledQuery compiled;
    Xapian::Query query;
    std::string description() const {
      return (compiled.nothing_to_search ? Xapian::Query::MatchNothing : query).get_description();
    }
  };

  Prepared prepare(std::string_view text, const SearchOptions& options) {
    CompileOptions compile;
    compile.default_and = options.default_and;
    if (options.typos) compile.typos = [this]() -> const Vocabulary& { return vocabulary(); };
    compile.language = options.language;
    compile.max_wildcard_expansion = static_cast<Xapian::termcount>(
        std::min<std::size_t>(options.max_wildcard_expansion, Xapian::termcount(-1)));
    compile.max_bytes = max_query_bytes_;
    compile.max_terms = max_query_terms_;
    compile.database = &database();
    compile.accent_stems = [this](const std::string& folded, std::vector<std::string>& stems) {
      const std::string key = std::string(schema::kMetaAccentPrefix) + folded;
      shards_.each_database([&](const Xapian::Database& shard) {
        for (std::string& stem :
             index::split_list(shard.get_metadata(key), schema::kAccentSeparator))
          stems.push_back(std::move(stem));
      });
    };
    compiler_->set_options(compile);
    Prepared prepared;
    prepared.compiled = compiler_->compile(text);
    prepared.query = with_filters(prepared.compiled.query, options);
    return prepared;
  }

  SearchResults run(std::string_view text, const SearchOptions& options) {
    Prepared prepared = prepare(text, options);
    SearchResults results;
    results.query = std::string(text);
    results.offset = options.offset;
    results.note = prepared.compiled.note;
    results.parsed = prepared.description();
    results.language = prepared.compiled.language;
    results.language_source = prepared.compiled.language_source;
    if (prepared.compiled.nothing_to_search) {  // no document: said, not searched
      results.nothing_to_search = true;
      return results;
    }
    const CompiledQuery& compiled = prepared.compiled;
    const Xapian::Query& query = prepared.query;
    results.facet_counting = counted(options.facet_counting, options);
    results.histogram_counting = counted(options.histogram_counting, options);

    Xapian::Enquire enquire(database());
    enquire.set_query(query);
    enquire.set_weighting_scheme(ranking());
    if (options.sort == SortOrder::recent) with_recency(enquire, query, options);
    if (options.sort == SortOrder::date)
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
    if (options.threads) enquire.set_collapse_key(schema::kSlotThread);
    if (options.dedupe) enquire.set_collapse_key(schema::kSlotCluster);
    // Xapian's bounds are exact when fewer than check_at_least match: looking for one
    // more than exact_total_up_to makes the total exact up to there (at most N match
    // is known only once an N + 1th is not found); past it, Xapian's lower bound is a
    // count of matches it has seen. Its estimate is neither (it can be far below the
    // truth: 2 for 927 date matches).
    const bool count_exactly = options.facets || options.threads || options.dedupe ||
                               options.exact_total || options.histogram != HistogramInterval::none;
    const std::size_t one_more = std::max(options.exact_total_up_to + 1, options.exact_total_up_to);
    const Xapian::doccount check_at_least = static_cast<Xapian::doccount>(
        count_exactly ? 0
                      : std::min<std::size_t>(std::max(options.offset + options.limit, one_more),
                                              std::numeric_limits<Xapian::doccount>::max()));
    Xapian::MSet mset =
        enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                         static_cast<Xapian::doccount>(options.limit), check_at_least);
    if (confirm_pruned_pages_ && may_have_pruned(mset, options, check_at_least) &&
        !every_hit_matches(mset, query))
      mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                              static_cast<Xapian::doccount>(options.limit),
                              database().get_doccount());  // no pruning: exact
    results.total = mset.get_matches_lower_bound();
    results.total_relation = mset.get_matches_lower_bound() == mset.get_matches_upper_bound()
                                 ? TotalRelation::equal
                                 : TotalRelation::at_least;
    std::unordered_map<std::string, Xapian::doccount> thread_sizes;
    if (count_exactly) count_all(query, options, results, thread_sizes);
    // Marked in snippets: the query's words and entities, and the --entity filters.
    const QueryTerms terms = QueryTerms::of(query, compiled.wildcards);
    SnippetMaker snippets(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr);
    // Each hit reads its document (the summary value; the stored text for snippets): a
    // remote shard answers each in a round trip of its own (Xapian 1.4's protocol; its
    // MSet::fetch() does not batch them, measured in bench/RESULTS.md).
    for (auto item = mset.begin(); item != mset.end(); ++item) {
      results.hits.push_back(hit(item, terms, snippets, options));
      if (options.threads)
        results.hits.back().thread_matches = thread_sizes[results.hits.back().thread];
    }
    if (results.total < options.suggest_below && !compiled.text_spans.empty())
      results.suggestion = suggest_spelling(text, compiled.text_spans, analyzer_, database());
    return results;
  }

  // More like this: the document's most significant stems and entities (a stem and its
  // word would count twice; boolean terms tell nothing of the text), each weighed by
  // wdf × log(N / df), so that a word every document has weighs nothing, searched with
  // OR against the other threads' documents. Not Xapian's ESet: over shards it weighs
  // terms by each shard's own statistics and picks other terms than one database does;
  // these are the whole index's.
  SearchResults run_similar(std::string_view id, const SimilarOptions& options,
                            const SearchOptions& shown) {
    const std::string id_term = index::fit_term(std::string(schema::kId) + std::string(id));
    Xapian::PostingIterator posting = database().postlist_begin(id_term);
    if (posting == database().postlist_end(id_term))
      throw NotFound("no document has the id '" + std::string(id) + "'");
    const Xapian::Document document = database().get_document(*posting);
    const double documents = static_cast<double>(database().get_doccount());
    std::vector<std::pair<double, std::string>> significant;
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
      const std::string& name = *term;
      const bool stem = name.rfind(schema::kStem, 0) == 0 && name.rfind(schema::kTitle, 1) != 1;
      if (!stem && name.rfind(schema::kEntity, 0) != 0) continue;
      const double frequency = static_cast<double>(database().get_termfreq(name));
      if (frequency <= 0) continue;
      significant.emplace_back(term.get_wdf() * std::log(documents / frequency), name);
    }
    const std::size_t keep = std::min(options.terms, significant.size());
    std::partial_sort(significant.begin(), significant.begin() + static_cast<long>(keep),
                      significant.end(), [](const auto& a, const auto& b) {
                        return a.first != b.first ? a.first > b.first : a.second < b.second;
                      });
    significant.resize(keep);
    std::vector<Xapian::Query> parts;
    for (const auto& [weight, term] : significant)
      if (weight > 0) parts.emplace_back(term);
    Xapian::Query query(Xapian::Query::OP_OR, parts.begin(), parts.end());
    const std::string thread = document.get_value(schema::kSlotThread);
    query = Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(index::fit_term(std::string(schema::kThread) + thread)));
    if (options.type)
      query = filtered(
          query, Xapian::Query(std::string(schema::kType) + std::string(to_string(*options.type))));
    SearchResults results;
    results.query = std::string(id);
    results.offset = options.offset;
    // Its own terms, stemmed as the document was: its language (the L term).
    results.language_source = "document";
    const std::string language(schema::kLanguage);
    auto term = document.termlist_begin();
    term.skip_to(language);
    if (term != document.termlist_end() && (*term).rfind(language, 0) == 0)
      results.language = (*term).substr(language.size());
    results.parsed = query.get_description();
    if (parts.empty()) return results;  // a document with no text: nothing is like it
    Xapian::Enquire enquire(database());
    enquire.set_query(query);
    enquire.set_weighting_scheme(ranking());
    const Xapian::MSet mset = enquire.get_mset(static_cast<Xapian::doccount>(options.offset),
                                               static_cast<Xapian::doccount>(options.limit));
    results.total = mset.get_matches_lower_bound();
    results.total_relation = mset.get_matches_lower_bound() == mset.get_matches_upper_bound()
                                 ? TotalRelation::equal
                                 : TotalRelation::at_least;
    const QueryTerms none;
    SnippetMaker snippets(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr);
    const bool signed_document = !document.get_value(schema::kSlotSignature).empty();
    const std::string cluster = document.get_value(schema::kSlotCluster);
    for (auto item = mset.begin(); item != mset.end(); ++item) {
      results.hits.push_back(hit(item, none, snippets, shown));
      results.hits.back().near_duplicate =
          signed_document && results.hits.back().cluster == cluster;
    }
    return results;
  }

  // The cluster terms (schema::kCluster) whose frequency, summed over the shards by
  // Xapian, reaches min_size; each page's members found by their cluster term, oldest
  // first.
  DuplicateClusters list_duplicates(const DuplicateOptions& options, const SearchOptions& shown) {
    const std::string prefix(schema::kCluster);
    std::vector<std::pair<Xapian::doccount, std::string>> found;  // (size, key)
    DuplicateClusters clusters;
    for (auto term = database().allterms_begin(prefix); term != database().allterms_end(prefix);
         ++term) {
      const Xapian::doccount size = term.get_termfreq();
      if (size < options.min_size) continue;
      found.emplace_back(size, (*term).substr(prefix.size()));
      clusters.documents += size;
    }
    clusters.total = found.size();
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    const QueryTerms none;
    SnippetMaker snippets(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr);
    for (std::size_t k = options.offset; k < found.size() && k < options.offset + options.limit;
         ++k) {
      DuplicateCluster cluster{found[k].second, found[k].first, {}};
      Xapian::Enquire enquire(database());
      enquire.set_query(Xapian::Query(prefix + cluster.key));
      enquire.set_weighting_scheme(Xapian::BoolWeight());
      enquire.set_sort_by_value(schema::kSlotDate, false);  // oldest first
      const Xapian::MSet members =
          enquire.get_mset(0, static_cast<Xapian::doccount>(options.members));
      for (auto item = members.begin(); item != members.end(); ++item)
        cluster.members.push_back(hit(item, none, snippets, shown));
      clusters.clusters.push_back(std::move(cluster));
    }
    return clusters;
  }

  // SortOrder::recent: the ranked pass's query gets the recency bonus (search/recency.h),
  // scaled to the query's best relevance score (its top hit's: Xapian's
  // get_max_possible() is a bound that differs between one database and its shards); a
  // query of filters only (no weight to add to) is sorted by date. Counting passes keep
  // the query as it is.
  void with_recency(Xapian::Enquire& enquire, const Xapian::Query& query,
                    const SearchOptions& options) {
    const std::string newest = database().get_value_upper_bound(schema::kSlotDate);
    const std::optional<long> today = day_of(options.now.empty() ? newest : options.now);
    if (!today) return;  // no dated document: nothing to be recent
    const Xapian::MSet top = enquire.get_mset(0, 1);
    const double best = top.empty() ? 0 : top.begin().get_weight();
    if (best <= 0) {
      enquire.set_sort_by_value_then_relevance(schema::kSlotDate, true);
      return;
    }
    const std::optional<long> newest_day = day_of(newest);
    enquire.set_query(
        Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                      recency_bonus(*today, options.half_life_days, options.recency_weight * best,
                                    newest_day && *newest_day > *today)));
  }

  // Xapian raises its minimum weight, and prunes, only once the page is full and
  // check_at_least documents have matched. When it prunes, Xapian 1.4.22's matcher can
  // return a document that does not match: an OR holding a NEAR or PHRASE and two other
  // items, under an AND with a value range, gave a comment holding none of the words
  // (found by tests/search/test_differential.cpp; docs/architecture.md, "Searcher").
  static bool may_have_pruned(const Xapian::MSet& mset, const SearchOptions& options,
                              Xapian::doccount check_at_least) {
    return options.limit > 0 && mset.size() == options.limit &&
           (check_at_least == 0 || mset.get_matches_upper_bound() > check_at_least);
  }

  // The page's documents, searched again by id with the query as a filter and no
  // weights (nothing to prune): whether every one of them matches.
  bool every_hit_matches(const Xapian::MSet& mset, const Xapian::Query& query) {
    std::vector<Xapian::Query> ids;
    for (auto item = mset.begin(); item != mset.end(); ++item)
      ids.emplace_back(
          std::string(schema::kId) +
          index::decode_summary(item.get_document().get_value(schema::kSlotSummary)).id);
    Xapian::Enquire confirm(database());
    confirm.set_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                    Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()),
                                    query));
    confirm.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::doccount page = mset.size();
    return confirm.get_mset(0, page, page).size() == page;
  }

  // Facets and thread counts must see every match: they get a pass of their own that
  // weighs nothing and keeps no hits, so the ranked pass keeps Xapian's early
  // termination (measured: 0.6 of the time of counting in the ranked pass). Xapian's
  // own collapse counts are not exact past the page, so threads are counted here too,
  // with its built-in spy (it crosses xapian-tcpsrv).
  void count_all(const Xapian::Query& query, const SearchOptions& options, SearchResults& results,
                 std::unordered_map<std::string, Xapian::doccount>& thread_sizes) {
    Xapian::Enquire counting(database());
    counting.set_query(query);
    counting.set_weighting_scheme(Xapian::BoolWeight());
    std::optional<EntityFacets> facets;
    if (options.facets) {
      facets.emplace(counted(options.facet_counting, options), builtin_spies_);
      facets->attach(counting);
    }
    Xapian::ValueCountMatchSpy threads(schema::kSlotThread);
    if (options.threads) counting.add_matchspy(&threads);
    Xapian::ValueCountMatchSpy clusters(schema::kSlotCluster);
    if (options.dedupe) counting.add_matchspy(&clusters);
    // Xapian's own spy: it crosses xapian-tcpsrv, and dates repeat enough for its map.
    Xapian::ValueCountMatchSpy dates(schema::kSlotDate);
    const bool histogram = options.histogram != HistogramInterval::none;
    if (histogram && counted(options.histogram_counting, options) == FacetCounting::documents)
      counting.add_matchspy(&dates);
    const Xapian::MSet all = counting.get_mset(0, 0, database().get_doccount());
    results.total = all.get_matches_lower_bound();  // every match was visited: exact
    results.total_relation = TotalRelation::equal;
    if (facets)
      results.facets = facets->counts(gazetteer_ ? &*gazetteer_ : nullptr, options.facet_limit);
    if (histogram) results.histogram = histogram_of(query, dates, options);
    if (options.threads) {
      results.total = 0;
      for (auto value = threads.values_begin(); value != threads.values_end(); ++value) {
        thread_sizes.emplace(*value, value.get_termfreq());
        ++results.total;
      }
    }
    if (options.dedupe) {  // a cluster once; a document without a cluster key alone
      Xapian::doccount keyed = 0, keys = 0;
      for (auto value = clusters.values_begin(); value != clusters.values_end(); ++value) {
        keyed += value.get_termfreq();
        ++keys;
      }
      results.total = results.total - keyed + keys;
    }
  }

  // What a facet or histogram counting @p asked counts in a search with @p options: with
  // dedupe, documents become clusters.
  static FacetCounting counted(FacetCounting asked, const SearchOptions& options) {
    return options.dedupe && asked == FacetCounting::documents ? FacetCounting::clusters : asked;
  }

  // The histogram of @p query: per document from @p dates (filled by the counting pass),
  // per article by a collapsed pass of its own; split by entity with one facet pass per
  // bucket, over the bucket's documents (or its threads' matching documents).
  std::vector<HistogramBucket> histogram_of(const Xapian::Query& query,
                                            const Xapian::ValueCountMatchSpy& dates,
                                            const SearchOptions& options) {
    const FacetCounting counting = counted(options.histogram_counting, options);
    const bool per_article = counting == FacetCounting::articles;
    std::vector<std::vector<std::string>> keys;
    std::vector<HistogramBucket> buckets =
        counting == FacetCounting::documents
            ? document_histogram(dates, options.histogram)
            : earliest_histogram(database(), query, options.histogram,
                                 per_article ? schema::kSlotThread : schema::kSlotCluster, keys);
    if (options.histogram_entities == 0 || !gazetteer_) return buckets;
    for (std::size_t k = 0; k < buckets.size(); ++k) {
      // Per cluster: the clusters among the bucket's documents (a cluster whose members
      // span buckets counts in each of them here, in its earliest one in the count).
      const Xapian::Query bucket =
          filtered(query, per_article ? threads_filter(keys[k])
                                      : bucket_filter(buckets[k], options.histogram));
      buckets[k].entities = entity_counts(bucket, counting, options.histogram_entities);
    }
    return buckets;
  }

  // The @p limit entities most counted over every match of @p query.
  std::vector<FacetCount> entity_counts(const Xapian::Query& query, FacetCounting counting,
                                        std::size_t limit) {
    Xapian::Enquire enquire(database());
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    EntityFacets facets(counting, builtin_spies_);
    facets.attach(enquire);
    enquire.get_mset(0, 0, database().get_doccount());
    return facets.counts(gazetteer_ ? &*gazetteer_ : nullptr, limit);
  }

  Xapian::Query with_filters(Xapian::Query query, const SearchOptions& options) {
    std::vector<Xapian::Query> filters;
    for (const std::string& name : options.entities) {
      if (!gazetteer_) throw InvalidArgument("this index was built without entities");
      filters.emplace_back(std::string(schema::kEntity) + gazetteer_->require(name).id);
    }
    if (options.type)
      filters.emplace_back(std::string(schema::kType) + std::string(to_string(*options.type)));
    if (!options.in_thread_of.empty()) filters.push_back(threads_of(options.in_thread_of));
    if (!options.thread.empty())
      filters.emplace_back(index::fit_term(std::string(schema::kThread) + options.thread));
    if (filters.empty()) return query;
    return filtered(std::move(query),
                    Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end()));
  }

  // The threads of the articles matching @p text, as a filter.
  Xapian::Query threads_of(std::string_view text) {
    CompiledQuery articles;
    try {
      articles = compiler_->compile(text);
    } catch (const InvalidArgument& e) {
      throw InvalidArgument(std::string("in_thread_of: ") + e.what());
    }
    Xapian::Enquire enquire(database());
    enquire.set_query(
        filtered(articles.query, Xapian::Query(std::string(schema::kType) + "article")));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const Xapian::MSet mset = enquire.get_mset(0, kMaxThreadArticles);
    std::vector<Xapian::Query> threads;
    for (auto item = mset.begin(); item != mset.end(); ++item)
      threads.emplace_back(std::string(schema::kThread) +
                           item.get_document().get_value(schema::kSlotThread));
    if (threads.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, threads.begin(), threads.end());
  }

  Hit hit(const Xapian::MSetIterator& item, const QueryTerms& terms, SnippetMaker& snippets,
          const SearchOptions& options) {
    const Xapian::Document document = item.get_document();
    index::HitSummary summary = index::decode_summary(document.get_value(schema::kSlotSummary));
    Hit hit;
    hit.id = std::move(summary.id);
    hit.type = document.get_value(schema::kSlotType) == "comment" ? DocumentType::comment
                                                                  : DocumentType::article;
    const std::string thread = document.get_value(schema::kSlotThread);
    if (hit.type == DocumentType::comment && thread != hit.id) hit.parent = thread;
    hit.title = std::move(summary.title);
    hit.date = std::move(summary.date);
    hit.author = std::move(summary.author);
    hit.url = std::move(summary.url);
    hit.score = item.get_weight();
    hit.rank = item.get_rank();
    hit.entities = split_entities(document.get_value(schema::kSlotEntities));
    hit.cluster = document.get_value(schema::kSlotCluster);
    if (!document.get_value(schema::kSlotSignature).empty()) {
      const Xapian::doccount size =
          database().get_termfreq(index::fit_term(std::string(schema::kCluster) + hit.cluster));
      hit.duplicates = size > 0 ? size - 1 : 0;
    }
    if (options.threads) hit.thread = thread;
    if (options.snippets) {  // the only reason to decode the stored document
      const Document stored = decode(document.get_data());
      snippets.set_document(hit.entities, hit.date);
      hit.snippet = snippets.make(stored.body, stored.lang, terms, options.snippet_bytes);
      // Found by the words of an embedded tweet or quote only: show the one holding them.
      for (const Quote& quote : stored.quotes) {
        if (!hit.snippet.highlights.empty() || terms.empty()) break;
        Snippet quoted = snippets.make(quote.text, quote.lang, terms, options.snippet_bytes);
        if (!quoted.highlights.empty()) hit.snippet = std::move(quoted);
      }
    }
    return hit;
  }

  Document decode(const std::string& data) {
    try {
      return document_from_json(decompressor_.decompress(data));
    } catch (const Error& e) {
      throw IndexError(std::string("stored document is not valid: ") + e.what());
    }
  }

  std::filesystem::path path_;
  Analyzer analyzer_;
  std::optional<Gazetteer> gazetteer_;
  shards::ShardSet shards_;
  index::Decompressor decompressor_;
  bool builtin_spies_;  // count facets with ValueCountMatchSpy (remote shards)
  std::size_t max_query_bytes_;
  std::size_t max_query_terms_;
  bool confirm_pruned_pages_;  // SearcherOptions::confirm_pruned_pages
  std::optional<QueryCompiler> compiler_;
  std::optional<Suggester> suggester_;    // made at the first suggest()
  std::optional<Vocabulary> vocabulary_;  // read at the first suggest() or typos search

  // The index's words, read once per opening (reopen() drops them).
  const Vocabulary& vocabulary() {
    if (!vocabulary_) vocabulary_.emplace(database());
    return *vocabulary_;
  }
};

Searcher Searcher::open(const std::filesystem::path& path, const SearcherOptions& options) {
  return Searcher(std::make_unique<Impl>(path, options));
}
Searcher::Searcher(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;
Searcher::~Searcher() = default;

SearchResults Searcher::search(std::string_view query, const SearchOptions& options) {
  return impl_->search(query, options);
}
ParsedQuery Searcher::parse(std::string_view query, const SearchOptions& options) {
  return impl_->parse(query, options);
}
EntityList Searcher::entities(std::string_view query, std::string_view with, std::size_t limit,
                              FacetCounting counting) {
  return impl_->entities(query, with, limit, counting);
}
EntityTimeline Searcher::timeline(std::string_view entity, std::string_view query,
                                  HistogramInterval interval, FacetCounting counting) {
  return impl_->timeline(entity, query, interval, counting);
}
TrendList Searcher::trending(std::string_view query, const TrendOptions& options) {
  return impl_->trending(query, options);
}
SearchResults Searcher::similar(std::string_view id, const SimilarOptions& options) {
  return impl_->similar(id, options);
}
DuplicateClusters Searcher::duplicates(const DuplicateOptions& options) {
  return impl_->duplicates(options);
}
Suggestions Searcher::suggest(std::string_view query, const SuggestOptions& options) {
  return impl_->suggest(query, options);
}
void Searcher::reopen() {
  impl_->reopen();
}
std::uint64_t Searcher::size() const {
  return impl_->size();
}

}  // namespace crible
