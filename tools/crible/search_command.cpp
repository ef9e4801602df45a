// crible search --db D [options] QUERY
// crible search --db D [options] --queries FILE [--trec RUN]

#include <fmt/core.h>
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "crible/error.h"
#include "crible/json.h"
#include "crible/search.h"

namespace crible::cli {
namespace {

using Json = nlohmann::ordered_json;

struct SearchArgs {
  std::string db;
  std::string query;
  std::string queries;  // batch file, or "-"
  std::string trec;     // run name: TREC output
  std::string entities_file;
  std::string sort = "relevance";
  std::string default_op = "and";
  std::string type;
  std::string facet_count = "documents";
  std::string histogram = "none";
  std::string histogram_count = "documents";
  bool json = false;
  bool no_snippets = false;
  ShardArgs shards;
  SearchOptions options;
  std::size_t max_query_terms = SearcherOptions{}.max_query_terms;
};

Searcher open_searcher(const SearchArgs& args) {
  SearcherOptions options = searcher_options(args.entities_file, args.shards);
  options.max_query_terms = args.max_query_terms;
  return Searcher::open(args.db, options);
}

SearchOptions options_of(SearchArgs& args) {
  SearchOptions options = args.options;
  options.sort = sort_order(args.sort).value_or(SortOrder::relevance);
  options.default_and = args.default_op == "and";
  if (!args.type.empty())
    options.type = args.type == "comment" ? DocumentType::comment : DocumentType::article;
  options.facet_counting = facet_counting(args.facet_count).value_or(FacetCounting::documents);
  options.snippets = !args.no_snippets && args.trec.empty();
  options.histogram = histogram_interval(args.histogram).value_or(HistogramInterval::none);
  options.histogram_counting =
      facet_counting(args.histogram_count).value_or(FacetCounting::documents);
  return options;
}

// Highlights as [brackets] for a terminal.
std::string marked(const Snippet& snippet) {
  std::string out;
  std::size_t at = 0;
  for (const Highlight& highlight : snippet.highlights) {
    out.append(snippet.text, at, highlight.start - at)
        .append("[")
        .append(snippet.text, highlight.start, highlight.end - highlight.start)
        .append("]");
    at = highlight.end;
  }
  return out.append(snippet.text, at);
}

void print_text(const SearchResults& results, const SearchOptions& options) {
  fmt::print("{}{} result{}\n", results.total_relation == TotalRelation::equal ? "" : "at least ",
             results.total, results.total == 1 ? "" : "s");
  if (!results.note.empty()) fmt::print("note: {}\n", results.note);
  if (results.language_source != "default")  // chosen, not the default: worth saying
    fmt::print("query language: {} ({})\n", results.language, results.language_source);
  if (!results.suggestion.empty()) fmt::print("Did you mean: {}\n", results.suggestion);
  if (results.partial)
    fmt::print("partial: without shard(s) {}\n", fmt::join(results.missing_shards, ", "));
  for (const Hit& hit : results.hits) {
    fmt::print("{:>3}. {} [{}] {}{}  ({:.3f})\n", hit.rank + 1, hit.id, to_string(hit.type),
               hit.title.empty() ? "" : hit.title, hit.date.empty() ? "" : "  " + hit.date,
               hit.score);
    if (options.threads && hit.thread_matches > 1)
      fmt::print("     thread {}: {} matching documents\n", hit.thread, hit.thread_matches);
    if (hit.duplicates > 0)
      fmt::print("     near-duplicates: {} other document{} (cluster {})\n", hit.duplicates,
                 hit.duplicates == 1 ? "" : "s", hit.cluster);
    if (!hit.snippet.text.empty()) fmt::print("     {}\n", marked(hit.snippet));
  }
  if (options.histogram != HistogramInterval::none) {
    fmt::print("per {}:\n", to_string(options.histogram));
    for (const HistogramBucket& bucket : results.histogram) {
      fmt::print("{:>7}  {:<10} (from {})\n", bucket.count, bucket.key, bucket.start);
      for (const FacetCount& facet : bucket.entities)
        fmt::print("         {:>7}  {:<24} {}\n", facet.count, facet.id, facet.name);
    }
  }
  if (options.facets) {
    fmt::print("entities:\n");
    for (const FacetCount& facet : results.facets)
      fmt::print("{:>7}  {:<24} {}\n", facet.count, facet.id, facet.name);
  }
}

int run_one(SearchArgs& args) {
  Searcher searcher = open_searcher(args);
  const SearchOptions options = options_of(args);
  const SearchResults results = searcher.search(args.query, options);
  warn_if_partial(results.partial, results.missing_shards);
  if (args.json)
    fmt::print("{}\n", results_to_json(results, options));
  else
    print_text(results, options);
  return 0;
}

// One query per line, "id<TAB>query" or just the query (its id is the line number).
// A query that fails is reported on its line; the others still run.
int run_batch(SearchArgs& args) {
  Searcher searcher = open_searcher(args);
  const SearchOptions options = options_of(args);
  std::ifstream file;
  if (args.queries != "-") {
    file.open(args.queries, std::ios::binary);
    if (!file) throw IoError("cannot read '" + args.queries + "'");
  }
  std::istream& input = args.queries == "-" ? std::cin : file;
  std::string line;
  std::size_t number = 0;
  int status = 0;
  while (std::getline(input, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    const std::string id = tab == std::string::npos ? std::to_string(number) : line.substr(0, tab);
    const std::string query = tab == std::string::npos ? line : line.substr(tab + 1);
    try {
      const SearchResults results = searcher.search(query, options);
      warn_if_partial(results.partial, results.missing_shards);
      if (!args.trec.empty()) {
        for (const Hit& hit : results.hits)
          fmt::print("{} Q0 {} {} {:.6f} {}\n", id, hit.id, hit.rank + 1, hit.score, args.trec);
        continue;
      }
      Json out = Json::object();
      out["id"] = id;
      out.update(Json::parse(results_to_json(results, options)));
      fmt::print("{}\n", out.dump(-1, ' ', false, Json::error_handler_t::replace));
    } catch (const Error& e) {
      status = 1;
      fmt::print(stderr, "crible: {}:{}: query {}: {}\n", args.queries, number, id, e.what());
      if (args.trec.empty())
        fmt::print("{}\n", Json{{"id", id}, {"error", {{"message", e.what()}}}}.dump(
                               -1, ' ', false, Json::error_handler_t::replace));
    }
  }
  return status;
}

}  // namespace

void add_search_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* command = app.add_subcommand("search", "Search an index");
  command->add_option("--db", args->db, "The index (directory, file or stub file)")->required();
  command->add_option("query", args->query,
                      "The query: words, \"phrases\", AND OR NOT, + -, NEAR, micro*, fields "
                      "title: author: entity: type: host: lang: date:2021-02-01..2021-02-28");
  auto* queries = command->add_option("--queries", args->queries,
                                      "Batch: one query per line (or id<TAB>query); one JSON "
                                      "result per line; '-' for standard input");
  command->add_option("--trec", args->trec, "Batch: write a TREC run with this run name instead")
      ->needs(queries);
  command->add_flag("--json", args->json, "Print JSON");
  command->add_option("--limit", args->options.limit, "Hits per page (default 10)")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxLimit));
  command->add_option("--offset", args->options.offset, "Hits to skip")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxOffset));
  command->add_option("--entity", args->options.entities,
                      "Only documents mentioning this entity (id or alias; repeatable)");
  command->add_option("--type", args->type, "Only articles or only comments")
      ->check(CLI::IsMember({"article", "comment"}));
  command->add_option("--in-thread-of", args->options.in_thread_of,
                      "Only documents in threads whose article matches this query");
  command->add_option("--thread", args->options.thread,
                      "Only the documents of this thread (an article id: it and its comments)");
  command->add_flag("--facets", args->options.facets, "Count the entities of all matches");
  command
      ->add_option("--histogram", args->histogram,
                   "Count all matches per day, ISO week or month (the day as each document's "
                   "date writes it)")
      ->check(CLI::IsMember({"none", "day", "week", "month"}));
  command
      ->add_option("--histogram-count", args->histogram_count,
                   "A bucket counts documents (default), or articles (each thread once) or "
                   "clusters (each near-duplicate cluster once), in the bucket of its earliest "
                   "matching document")
      ->check(CLI::IsMember({"documents", "articles", "clusters"}));
  command
      ->add_option("--histogram-entities", args->options.histogram_entities,
                   "Split each bucket by entity: its N most counted entities")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxBucketEntities));
  command
      ->add_option("--facet-count", args->facet_count,
                   "Count each document, each article with its comments once (articles), or "
                   "each near-duplicate cluster once (clusters)")
      ->check(CLI::IsMember({"documents", "articles", "clusters"}));
  command->add_option("--facet-limit", args->options.facet_limit, "Entities listed (default 20)");
  command->add_flag("--threads", args->options.threads,
                    "One hit per thread (article and its comments), with its matches counted");
  command->add_flag("--dedupe", args->options.dedupe,
                    "One hit per near-duplicate cluster (a story and its republications), with "
                    "the cluster's size; totals, facets and histograms count a cluster once");
  command
      ->add_option("--rank,--sort", args->sort,
                   "relevance (default), date (newest first) or recent (relevance and "
                   "recency: a bonus halving every --half-life)")
      ->check(CLI::IsMember({"relevance", "date", "recent"}));
  command
      ->add_option("--half-life", args->options.half_life_days,
                   "--rank recent: days after which the recency bonus halves (default 7, at most "
                   "3650)")
      ->check(CLI::PositiveNumber);
  command->add_option("--now", args->options.now,
                      "--rank recent: count ages from this date (ISO 8601; default: the "
                      "newest document's)");
  command
      ->add_option("--recency-weight", args->options.recency_weight,
                   "--rank recent: today's bonus as a fraction of the best match's "
                   "score (default 0.5)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--default-op", args->default_op, "Between words: and (default) or or")
      ->check(CLI::IsMember({"and", "or"}));
  command->add_option("--query-lang", args->options.language,
                      "Stem the query's words in this language (fr, en); default: from its "
                      "lang: filter, else detected when long enough, else fr");
  command->add_option("--max-wildcard", args->options.max_wildcard_expansion,
                      "Words a wildcard may expand to (default 1000)");
  command->add_option("--max-query-terms", args->max_query_terms,
                      "Terms a query may hold once parsed (default 1024); more is an error");
  command->add_flag("--exact", args->options.exact_total,
                    "Count every match exactly, however many (costs a visit of each)");
  command->add_option("--exact-up-to", args->options.exact_total_up_to,
                      "Totals are exact up to this many matches, a lower bound past it "
                      "(default 10000)");
  command->add_flag("--no-snippets", args->no_snippets, "Do not make snippets");
  command->add_flag("--typos,!--no-typos", args->options.typos,
                    "A word the index lacks also finds its close spellings (1 edit from 4 "
                    "letters, 2 from 8), ranked below it (default; --no-typos: as typed only)");
  args->shards.add_to(*command, true);
  command->add_option("--entities", args->entities_file,
                      "Gazetteer file the index was built with (default: the built-in one)");
  command->callback([&run, args, command] {
    const bool batch = !args->queries.empty();
    if (batch == (command->count("query") > 0))
      throw CLI::ValidationError("search", "give a QUERY or --queries FILE (one of them)");
    run = [args, batch] { return batch ? run_batch(*args) : run_one(*args); };
  });
}

}  // namespace crible::cli
