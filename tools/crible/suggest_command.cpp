// crible suggest --db D [--limit N] [--no-typos] [--json] TEXT
// What a search box would offer while TEXT is being typed.

#include <fmt/core.h>
#include <fmt/format.h>

#include "commands.h"
#include "crible/json.h"
#include "crible/search.h"

namespace crible::cli {
namespace {

struct SuggestArgs {
  std::string db;
  std::string text;
  std::string entities_file;
  bool json = false;
  bool no_typos = false;
  ShardArgs shards;
  SuggestOptions options;
};

void print_text(const Suggestions& suggestions) {
  if (suggestions.partial)
    fmt::print("partial: without shard(s) {}\n", fmt::join(suggestions.missing_shards, ", "));
  for (const Suggestion& suggestion : suggestions.suggestions) {
    const std::string kind =
        suggestion.kind == SuggestionKind::entity
            ? fmt::format("{} {}", to_string(suggestion.entity_type), suggestion.entity)
            : "word";
    fmt::print("{:>7}  {:<28} {:<20} {}{}\n", suggestion.documents, suggestion.text, kind,
               suggestion.query,
               suggestion.typos ? fmt::format("  ({} typo{})", suggestion.typos,
                                              suggestion.typos == 1 ? "" : "s")
                                : "");
  }
}

int run_suggest(SuggestArgs& args) {
  Searcher searcher = Searcher::open(args.db, searcher_options(args.entities_file, args.shards));
  SuggestOptions suggest = args.options;
  suggest.typos = !args.no_typos;
  const Suggestions suggestions = searcher.suggest(args.text, suggest);
  warn_if_partial(suggestions.partial, suggestions.missing_shards);
  if (args.json)
    fmt::print("{}\n", suggestions_to_json(suggestions));
  else
    print_text(suggestions);
  return 0;
}

}  // namespace

void add_suggest_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<SuggestArgs>();
  CLI::App* command =
      app.add_subcommand("suggest", "Complete the last word of a query being typed");
  command->add_option("--db", args->db, "The index (directory, file or stub file)")->required();
  command
      ->add_option("text", args->text, "What has been typed so far ('l\\'écon', 'groupe de red')")
      ->required();
  command->add_option("--limit", args->options.limit, "Suggestions (default 10)")
      ->check(CLI::Range(std::size_t{0}, Searcher::kMaxSuggestions));
  command->add_option("--entity-limit", args->options.entity_limit,
                      "Entities among them at most (default 4)");
  command->add_flag("--no-typos", args->no_typos, "Complete only what is typed exactly");
  command->add_flag("--json", args->json, "Print JSON");
  args->shards.add_to(*command, true);
  command->add_option("--entities", args->entities_file,
                      "Gazetteer file the index was built with (default: the built-in one)");
  command->callback([&run, args] { run = [args] { return run_suggest(*args); }; });
}

}  // namespace crible::cli
