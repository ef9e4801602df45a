// crible similar --db D [--limit N] [--type article|comment|any] [--json] ID
// The documents of other threads most like one document ("related articles").

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
    fmt::print("{:>3}. {} [{}] {}{}  ({:.3f})\n", hit.rank + 1, hit.id, to_string(hit.type),
               hit.title, hit.date.empty() ? "" : "  " + hit.date, hit.score);
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

}  // namespace crible::cli
