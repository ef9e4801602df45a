// crible entities --db D [--with ENTITY] [--limit N] [--json] [--per-article] [QUERY]
// crible entities --db D --timeline ENTITY [--interval week] [--per-article] [QUERY]
// crible entities --db D --trending [--window 7] [--baseline 28] [--now DAY] [QUERY]

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "crible/entities.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/json.h"
#include "crible/search.h"

namespace crible::cli {
namespace {

struct EntitiesArgs {
  std::string db;
  std::string with;
  std::string entities;
  std::string query;
  std::size_t limit = 20;
  bool json = false;
  bool unknown = false;
  bool per_article = false;
  bool dedupe = false;
  std::string timeline;
  std::string interval = "week";
  bool trending = false;
  TrendOptions trends;
  ShardArgs shards;
};

FacetCounting counting_of(const EntitiesArgs& args) {
  return args.per_article ? FacetCounting::articles
         : args.dedupe    ? FacetCounting::clusters
                          : FacetCounting::documents;
}

Searcher open_searcher(const EntitiesArgs& args) {
  return Searcher::open(args.db, searcher_options(args.entities, args.shards));
}

// How often one entity was mentioned per day, week or month.
int run_timeline(const EntitiesArgs& args) {
  Searcher searcher = open_searcher(args);
  const EntityTimeline timeline = searcher.timeline(
      args.timeline, args.query, *histogram_interval(args.interval), counting_of(args));
  warn_if_partial(timeline.partial, timeline.missing_shards, "counts");
  if (args.json) {
    fmt::print("{}\n", timeline_to_json(timeline));
    return 0;
  }
  fmt::print("{} ({}): {} {} per {}\n", timeline.entity.name, timeline.entity.id,
             timeline.entity.count, to_string(timeline.counting), args.interval);
  for (const HistogramBucket& bucket : timeline.buckets)
    fmt::print("{:>7}  {:<10} (from {})\n", bucket.count, bucket.key, bucket.start);
  return 0;
}

// Entities of the documents matching a query (and mentioning --with), as the
// searcher's facets count them: every match, exactly.
// Entities that rose in the window against the baseline before it.
int run_trending(const EntitiesArgs& args) {
  Searcher searcher = open_searcher(args);
  TrendOptions options = args.trends;
  options.limit = args.limit;
  const TrendList list = searcher.trending(args.query, options);
  warn_if_partial(list.partial, list.missing_shards, "counts");
  if (args.json) {
    fmt::print("{}\n", trends_to_json(list));
    return 0;
  }
  if (list.window_end.empty()) {
    fmt::print("no dated document\n");
    return 0;
  }
  fmt::print("{} to {}: {} documents; baseline from {}: {} documents\n", list.window_start,
             list.window_end, list.window_documents, list.baseline_start, list.baseline_documents);
  fmt::print("{:>7} {:>8} {:>8}  {}\n", "score", "window", "baseline", "entity");
  for (const Trend& trend : list.entities)
    fmt::print("{:>7.2f} {:>8} {:>8}  {:<24} {}\n", trend.score, trend.entity.count, trend.baseline,
               trend.entity.id, trend.entity.name);
  return 0;
}

int run_query(const EntitiesArgs& args) {
  Searcher searcher = open_searcher(args);
  const EntityList list = searcher.entities(args.query, args.with, args.limit, counting_of(args));
  warn_if_partial(list.partial, list.missing_shards, "counts");
  if (args.json) {
    fmt::print("{}\n", entities_to_json(list));
    return 0;
  }
  for (const FacetCount& facet : list.entities)
    fmt::print("{:>7}  {:<24} {:<8} {}\n", facet.count, facet.id, to_string(facet.type),
               facet.name);
  return 0;
}

// Candidates for the gazetteer over every stored document, most frequent first.
int run_unknown(const EntitiesArgs& args, const Gazetteer& gazetteer, Analyzer& analyzer) {
  std::map<std::string, std::pair<std::uint64_t, std::string>>
      counts;  // folded -> count, as written
  std::vector<Token> tokens;
  Index::open(args.db, args.shards.options()).for_each([&](const Document& document) {
    for (const std::string* text : {&document.title, &document.body}) {
      analyzer.analyze(*text, tokens);
      for (const std::string& name : gazetteer.unknown_names(*text, tokens)) {
        auto& [count, written] = counts[analyzer.fold(name)];
        if (count++ == 0) written = name;
      }
    }
  });
  std::vector<std::pair<std::uint64_t, std::string>> sorted;
  for (const auto& [folded, entry] : counts)
    sorted.push_back(entry);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  if (sorted.size() > args.limit) sorted.resize(args.limit);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const auto& [count, name] : sorted) {
    if (args.json)
      out.push_back({{"name", name}, {"count", count}});
    else
      fmt::print("{:>7}  {}\n", count, name);
  }
  if (args.json) fmt::print("{}\n", nlohmann::ordered_json{{"unknown", out}}.dump());
  return 0;
}

int run_entities(const EntitiesArgs& args) {
  if (!args.timeline.empty()) return run_timeline(args);
  if (args.trending) return run_trending(args);
  Analyzer analyzer = Analyzer::create();
  const Gazetteer gazetteer = Gazetteer::open(args.entities, analyzer);
  if (args.unknown) return run_unknown(args, gazetteer, analyzer);
  // Partial counts come from searches (they say what is missing); Index needs every shard.
  if (!args.query.empty() || args.per_article || args.dedupe || args.shards.allow_partial)
    return run_query(args);
  const std::string with = args.with.empty() ? std::string() : gazetteer.require(args.with).id;
  Index index = Index::open(args.db, args.shards.options());
  std::vector<EntityCount> counts = index.entity_counts(with);
  if (counts.size() > args.limit) counts.resize(args.limit);
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const EntityCount& count : counts) {
    const Entity* entity = gazetteer.find(count.id);
    const std::string name = entity ? entity->name : count.id;
    const std::string type = entity ? std::string(to_string(entity->type)) : "";
    if (!args.json) {
      fmt::print("{:>7} {:>8}  {:<24} {:<8} {}\n", count.documents, count.mentions, count.id, type,
                 name);
      continue;
    }
    out.push_back({{"id", count.id},
                   {"name", name},
                   {"type", type},
                   {"documents", count.documents},
                   {"mentions", count.mentions}});
  }
  if (args.json) {
    nlohmann::ordered_json result;
    if (!with.empty()) result["with"] = with;
    result["entities"] = std::move(out);
    fmt::print("{}\n",
               result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
  }
  return 0;
}

}  // namespace

void add_entities_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<EntitiesArgs>();
  CLI::App* command =
      app.add_subcommand("entities", "Top entities of an index, or those appearing alongside one");
  command->add_option("--db", args->db, "The index")->required();
  command->add_option("--with", args->with, "Only documents mentioning this entity (id or alias)");
  command->add_option("--limit", args->limit, "How many entities (default 20)");
  command->add_option("--entities", args->entities, "Gazetteer file (default: the built-in one)");
  command->add_flag("--json", args->json, "Print JSON");
  command->add_option("query", args->query,
                      "Only documents matching this query (counts documents; see --per-article)");
  command->add_flag("--per-article", args->per_article,
                    "Count an article and its comments once (with or without a query)");
  command
      ->add_flag("--dedupe", args->dedupe,
                 "Count a near-duplicate cluster (a story and its republications) once")
      ->excludes("--per-article");
  command->add_flag("--unknown", args->unknown,
                    "Capitalised names that are not in the gazetteer, with counts");
  command->add_option("--timeline", args->timeline,
                      "Mentions of this entity (id or alias) per --interval, exact");
  command->add_option("--interval", args->interval, "With --timeline: day, week (default) or month")
      ->check(CLI::IsMember({"day", "week", "month"}));
  command->add_flag("--trending", args->trending,
                    "Entities whose share of documents rose most in --window against --baseline");
  command
      ->add_option("--window", args->trends.window_days,
                   "With --trending: the recent days, ending on --now (default 7)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{36600}));
  command
      ->add_option("--baseline", args->trends.baseline_days,
                   "With --trending: the days before the window compared with (default 28)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{36600}));
  command->add_option("--now", args->trends.now,
                      "With --trending: the window's last day (default: the newest document's)");
  command->add_option("--min-documents", args->trends.min_documents,
                      "With --trending: only entities of at least this many window documents "
                      "(default 5)");
  args->shards.add_to(*command, true);
  command->callback([&run, args] { run = [args] { return run_entities(*args); }; });
}

}  // namespace crible::cli
