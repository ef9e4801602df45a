// crible similar --db D [--limit N] [--type article|comment|any] [--json] ID
// The documents of other threads most like one document ("related articles").
// crible duplicates --db D [--min-size N] [--limit N] [--members N] [--json]
// The index's near-duplicate clusters (a story and its republications).

#include <fmt/core.h>
#include <fmt/format.h>

#include "commands.h"
#include "crible/json.h"
#include "crible/search.h"

namespace crible::cli {
namespace {

struct SimilarArgs {
  std::string db;
  std::string id;
  std::string entities_file;
  std::string type = "article";
  bool json = false;
  ShardArgs shards;
  SimilarOptions options;
};

int run_similar(SimilarArgs& args) {
  Searcher searcher = Searcher::open(args.db, searcher_options(args.entities_file, args.shards));
  SimilarOptions similar = args.options;
  similar.type = args.type == "any"       ? std::nullopt
                 : args.type == "comment" ? std::optional(DocumentType::comment)
                                          : std::optional(DocumentType::article);
  const SearchResults results = searcher.similar(args.id, similar);
  warn_if_partial(results.partial, results.missing_shards);
  if (args.json) {
    SearchOptions shown;
    shown.snippets = false;
    fmt::print("{}\n", results_to_json(results, shown));
    return 0;
  }
  fmt::print("{}{} similar document{}\n",
             results.total_relation == TotalRelation::equal ? "" : "at least ", results.total,
             results.total == 1 ? "" : "s");
  for (const Hit& hit : results.hits)
    fmt::print("{:>3}. {} [{}] {}{}  ({:.3f}){}\n", hit.rank + 1, hit.id, to_string(hit.type),
               hit.title, hit.date.empty() ? "" : "  " + hit.date, hit.score,
               hit.near_duplicate ? "  near-duplicate" : "");
  return 0;
}

struct DuplicatesArgs {
  std::string db;
  std::string entities_file;
  bool json = false;
  ShardArgs shards;
  DuplicateOptions options;
};

int run_duplicates(DuplicatesArgs& args) {
  Searcher searcher = Searcher::open(args.db, searcher_options(args.entities_file, args.shards));
  const DuplicateClusters clusters = searcher.duplicates(args.options);
  warn_if_partial(clusters.partial, clusters.missing_shards);
  if (args.json) {
    fmt::print("{}\n", duplicates_to_json(clusters));
    return 0;
  }
  fmt::print("{} cluster{} of near-duplicates ({} documents)\n", clusters.total,
             clusters.total == 1 ? "" : "s", clusters.documents);
  for (const DuplicateCluster& cluster : clusters.clusters) {
    fmt::print("{:>5}  {}\n", cluster.size, cluster.key);
    for (const Hit& hit : cluster.members)
      fmt::print("       {}{}  {}\n", hit.id, hit.date.empty() ? "" : "  " + hit.date, hit.title);
  }
  return 0;
}

}  // namespace

void add_similar_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<SimilarArgs>();
  CLI::App* command = app.add_subcommand(
      "similar", "Documents of other threads most like one document (related articles)");
  command->add_option("--db", args->db, "The index (directory, file or stub file)")->required();
  command->add_option("id", args->id, "The document's id")->required();
  command->add_option("--limit", args->options.limit, "Hits (default 10)")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxLimit));
  command->add_option("--offset", args->options.offset, "Hits to skip")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxOffset));
  command->add_option("--type", args->type, "article (default), comment or any")
      ->check(CLI::IsMember({"article", "comment", "any"}));
  command
      ->add_option("--terms", args->options.terms,
                   "The document's most significant terms searched for (default 40)")
      ->check(CLI::Range(std::size_t{1}, Searcher::kMaxSimilarTerms));
  command->add_flag("--json", args->json, "Print JSON (as crible search --json)");
  args->shards.add_to(*command, true);
  command->add_option("--entities", args->entities_file,
                      "Gazetteer file the index was built with (default: the built-in one)");
  command->callback([&run, args] { run = [args] { return run_similar(*args); }; });
}

void add_duplicates_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<DuplicatesArgs>();
  CLI::App* command = app.add_subcommand(
      "duplicates", "List the near-duplicate clusters (a story and its republications)");
  command->add_option("--db", args->db, "The index (directory, file or stub file)")->required();
  command->add_option("--min-size", args->options.min_size, "Clusters of at least N documents (2)")
      ->check(CLI::Range(std::size_t{2}, std::size_t{1} << 31));
  command->add_option("--limit", args->options.limit, "Clusters listed (default 20)")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxLimit));
  command->add_option("--offset", args->options.offset, "Clusters to skip")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxOffset));
  command->add_option("--members", args->options.members, "Documents shown per cluster (10)")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxLimit));
  command->add_flag("--json", args->json, "Print JSON");
  args->shards.add_to(*command, true);
  command->add_option("--entities", args->entities_file,
                      "Gazetteer file the index was built with (default: the built-in one)");
  command->callback([&run, args] { run = [args] { return run_duplicates(*args); }; });
}

}  // namespace crible::cli
