// crible analyze [--json] [--lang L] [--explain] [--thread-entity ID]... [--date D] TEXT|-
// crible analyze --query [--db D] [--default-op and|or] [--query-lang L] [--json] QUERY|-

#include <fmt/core.h>

#include <iostream>
#include <iterator>
#include <string>

#include "commands.h"
#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/json.h"
#include "crible/query.h"
#include "crible/search.h"

namespace crible::cli {
namespace {

struct AnalyzeArgs {
  std::string text;
  std::string language;
  bool json = false;
  bool query = false;
  bool no_stopwords = false;
  std::string entities;
  std::string db;                            // --query: compile as a search of this index does
  std::string default_op = "and";            // --query: as crible search --default-op
  std::string query_language;                // --query: as crible search --query-lang
  bool explain = false;                      // every entity candidate, taken or refused, and why
  std::vector<std::string> thread_entities;  // evidence: the entities of the text's thread
  std::string date;                          // the text's date, for offices held in turn
  SearchOptions search;  // --query --db: the options of search that compiling reads
  std::size_t max_query_terms = SearcherOptions{}.max_query_terms;
};

std::string read_stdin() {
  std::cin >> std::noskipws;
  return std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
}

void print_tokens(const std::vector<Token>& tokens) {
  for (const Token& token : tokens) {
    std::string terms;
    for (const std::string& term : token.terms)
      terms += (terms.empty() ? "" : " ") + term;
    fmt::print("{:>4} {:<7} {} {:>6}-{:<6} {:<24} {}\n", token.position, to_string(token.kind),
               token.lang, token.start, token.end, token.text, terms.empty() ? "-" : terms);
  }
}

// The query through the compiler search uses: with --db, exactly as a search of that
// index would run it (its gazetteer, wildcards checked against its words).
int run_query(const AnalyzeArgs& args, const std::string& text, const Analyzer& analyzer,
              const Gazetteer& gazetteer) {
  const bool default_and = args.default_op == "and";
  ParsedQuery parsed;
  if (!args.db.empty()) {
    SearcherOptions options;
    options.entities_file = args.entities;
    options.max_query_terms = args.max_query_terms;
    SearchOptions search = args.search;
    search.default_and = default_and;
    search.language = args.query_language;
    parsed = Searcher::open(args.db, options).parse(text, search);
  } else {
    QueryOptions options;
    options.default_and = default_and;
    options.language = args.query_language;
    parsed = QueryBuilder(analyzer, gazetteer, options).parse(text);
  }
  if (args.json) {
    fmt::print("{}\n", parsed_query_to_json(parsed));
    return 0;
  }
  fmt::print("{}\n", parsed.description);
  if (!parsed.note.empty()) fmt::print(stderr, "note: {}\n", parsed.note);
  fmt::print(stderr, "query language: {} ({})\n", parsed.language, parsed.language_source);
  return 0;
}

int run_analyze(const AnalyzeArgs& args) {
  const std::string text = args.text == "-" ? read_stdin() : args.text;
  AnalyzerOptions options;
  options.use_stopwords = !args.no_stopwords;
  Analyzer analyzer = Analyzer::create(options);
  const Gazetteer gazetteer = Gazetteer::open(args.entities, analyzer);
  if (args.query) return run_query(args, text, analyzer, gazetteer);
  const std::vector<Token> tokens = analyzer.analyze(text, args.language);
  EntityEvidence evidence;
  for (const std::string& surface : args.thread_entities)
    evidence.thread.push_back(gazetteer.require(surface).id);
  evidence.date = args.date;
  const std::vector<EntityMention> mentions = gazetteer.match(text, tokens, evidence);
  const std::vector<EntityDecision> decisions =
      args.explain ? gazetteer.explain(text, tokens, evidence) : std::vector<EntityDecision>{};
  if (args.json) {
    fmt::print("{}\n", analysis_to_json(tokens, -1, mentions, &gazetteer, text,
                                        args.explain ? &decisions : nullptr));
    return 0;
  }
  print_tokens(tokens);
  for (const EntityMention& mention : mentions)
    fmt::print("entity  {:<16} {:>6}-{:<6} {}\n", mention.id, mention.start, mention.end,
               text.substr(mention.start, mention.end - mention.start));
  for (const EntityDecision& decision : decisions)
    fmt::print("{:<7} {:<16} {:>6}-{:<6} {}\n", decision.taken ? "taken" : "refused", decision.id,
               decision.start, decision.end, decision.reason);
  return 0;
}

}  // namespace

void add_analyze_command(CLI::App& app, Run& run) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* command = app.add_subcommand("analyze", "Show the tokens and index terms of a text");
  command->add_option("text", args->text, "The text, or - to read standard input")->required();
  command->add_flag("--json", args->json, "Print one JSON object");
  auto* query = command->add_flag("--query", args->query,
                                  "Show what a query string becomes instead (the compiler of "
                                  "crible search)");
  command
      ->add_option("--db", args->db,
                   "With --query: compile it as a search of this index does (wildcards "
                   "checked against its words)")
      ->needs(query);
  command
      ->add_option("--default-op", args->default_op,
                   "With --query: between words, and (default) or or, as crible search")
      ->check(CLI::IsMember({"and", "or"}))
      ->needs(query);
  command
      ->add_option("--max-wildcard", args->search.max_wildcard_expansion,
                   "With --query --db: words a wildcard may expand to, as crible search")
      ->needs(command->get_option("--db"));
  command
      ->add_option("--max-query-terms", args->max_query_terms,
                   "With --query --db: terms a query may hold once parsed, as crible search")
      ->needs(command->get_option("--db"));
  command
      ->add_option("--query-lang", args->query_language,
                   "With --query: stem its words in this language (fr, en), as crible search")
      ->needs(query);
  command
      ->add_option("--lang", args->language,
                   "Force the language (fr, en) of the text instead of detecting it")
      ->excludes(query);
  command
      ->add_flag("--explain", args->explain,
                 "List every entity candidate, taken or refused, and why (data/ENTITIES.md)")
      ->excludes(query);
  command
      ->add_option("--thread-entity", args->thread_entities,
                   "An entity of the text's thread (a comment's article): evidence for its "
                   "ambiguous forms; repeatable")
      ->excludes(query);
  command
      ->add_option("--date", args->date,
                   "The text's date (YYYY-MM-DD): offices held in turn ('le président "
                   "américain') name whoever held them then")
      ->excludes(query);
  command->add_flag("--no-stopwords", args->no_stopwords, "Index stop words like other words");
  command->add_option("--entities", args->entities, "Gazetteer file (default: the built-in one)");
  command->callback([&run, args] { run = [args] { return run_analyze(*args); }; });
}

}  // namespace crible::cli
