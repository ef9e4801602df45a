// The query's language (docs/query-syntax.md, "Query language"): how it is chosen, and
// that an English query meets English passages through Snowball's English stems, the
// oracle being Snowball's own reference vocabulary (tests/data/snowball-english-sample.tsv).

#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <set>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/query.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

// word -> stem, as Snowball publishes them.
std::map<std::string, std::string> snowball_english() {
  std::ifstream in(test::source_path("tests/data/snowball-english-sample.tsv"));
  REQUIRE(in);
  std::map<std::string, std::string> stems;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    REQUIRE(tab != std::string::npos);
    stems.emplace(line.substr(0, tab), line.substr(tab + 1));
  }
  REQUIRE(stems.size() >= 50);
  return stems;
}

// Whether Xapian's description of a query holds the term @p term as a whole term.
bool holds_term(const std::string& description, const std::string& term) {
  for (std::size_t at = description.find(term); at != std::string::npos;
       at = description.find(term, at + 1)) {
    const char before = at == 0 ? ' ' : description[at - 1];
    const char after = at + term.size() < description.size() ? description[at + term.size()] : ' ';
    if ((before == '(' || before == ' ') && (after == '@' || after == ')' || after == ' '))
      return true;
  }
  return false;
}

ParsedQuery parse(std::string_view query, std::string language = {}) {
  QueryOptions options;
  options.language = std::move(language);
  return QueryBuilder(Analyzer::create(), options).parse(query);
}

// Words as typed: what the language changes, not what typo tolerance adds.
SearchOptions in_language(std::string language) {
  SearchOptions options;
  options.typos = false;
  options.limit = Searcher::kMaxLimit;
  options.snippets = false;
  options.language = std::move(language);
  return options;
}

std::set<std::string> ids(const SearchResults& results) {
  std::set<std::string> out;
  for (const Hit& hit : results.hits)
    out.insert(hit.id);
  return out;
}

}  // namespace

TEST_CASE("a query's language: option, then lang: filters, then detection, then default",
          "[query][language]") {
  CHECK(parse("pursued").language == "fr");
  CHECK(parse("pursued").language_source == "default");
  CHECK(parse("").language_source == "default");
  CHECK(parse("pursued", "en").language == "en");
  CHECK(parse("pursued", "en").language_source == "option");
  CHECK(parse("pursued lang:EN").language == "en");
  CHECK(parse("pursued lang:en").language_source == "filter");
  CHECK(parse("pursued AND (lang:en)").language == "en");
  // The caller's option wins over the query's filter.
  CHECK(parse("pursued lang:en", "fr").language == "fr");
  // Filters a match need not satisfy, or that disagree, or name a language the
  // analyzer does not stem, leave the choice to detection.
  for (const char* query :
       {"pursued -lang:en", "pursued NOT lang:en", "pursued (lang:en OR lang:fr)",
        "pursued lang:de", "pursued lang:en lang:fr"}) {
    INFO(query);
    const ParsedQuery parsed = parse(query);
    CHECK(parsed.language == "fr");
    CHECK(parsed.language_source == "default");
  }
  // lang:de still filters.
  CHECK(parse("pursued lang:de").description == "Query((Zpursued@1 FILTER Lde))");

  const ParsedQuery english =
      parse("The company is still pursuing the partnership with a skeptical administration");
  CHECK(english.language == "en");
  CHECK(english.language_source == "detected");
  CHECK(holds_term(english.description, "Zpursu"));
  const ParsedQuery french =
      parse("l'entreprise poursuit toujours le partenariat avec une administration sceptique");
  CHECK(french.language == "fr");
  CHECK(french.language_source == "detected");
  CHECK(holds_term(french.description, "Zpoursuit"));
  // Filter values and wildcards are not searched text: they are not detected.
  CHECK(parse("pursu* author:\"The company is still pursuing the partnership with a man\"")
            .language_source == "default");

  CHECK_THROWS_AS(parse("pursued", "de"), InvalidArgument);
  CHECK_THROWS_WITH(parse("pursued", "xx"), Catch::Contains("'xx'") && Catch::Contains("fr, en"));
}

TEST_CASE("an English query gets Snowball's English stems, a French one keeps French stems",
          "[query][language]") {
  for (const auto& [word, stem] : snowball_english()) {
    INFO(word << " -> " << stem << " (snowball-data english/diffs.txt)");
    CHECK(holds_term(parse(word + " lang:en").description, "Z" + stem));
    CHECK(holds_term(parse(word, "en").description, "Z" + stem));
    // The same word in a French query is stemmed as French: the option "fr" and no
    // option at all give the same query.
    CHECK(parse(word, "fr").description == parse(word).description);
  }
}

TEST_CASE("English passages are found by the other words of their Snowball stem group",
          "[search][language]") {
  const std::map<std::string, std::string> stems = snowball_english();
  std::map<std::string, std::vector<std::string>> groups;  // stem -> its words
  for (const auto& [word, stem] : stems)
    groups[stem].push_back(word);

  TempDir dir;
  Analyzer analyzer = Analyzer::create();
  {
    IndexWriter writer = IndexWriter::open(dir / "db");
    for (const auto& [stem, words] : groups) {
      Document document;
      document.id = "en-" + stem;
      document.body =
          "According to people familiar with the matter, the board said on Monday "
          "that the word " +
          words.front() + " was what the company had to say about it.";
      for (const Token& token : analyzer.analyze(document.body))  // detected, not declared
        REQUIRE(token.lang == "en");
      writer.add(document);
    }
    Document french;
    french.id = "fr";
    french.body = "Le conseil a indiqué lundi que la société poursuivait ses discussions.";
    writer.add(french);
    writer.close();
  }
  Searcher searcher = Searcher::open(dir / "db");
  std::size_t found_in_french = 0, pairs = 0;
  for (const auto& [stem, words] : groups) {
    for (std::size_t i = 1; i < words.size(); ++i) {
      INFO(words[i] << " should find the passage holding " << words.front() << " (stem " << stem
                    << ")");
      ++pairs;
      const std::set<std::string> english = ids(searcher.search(words[i], in_language("en")));
      CHECK(english.count("en-" + stem) == 1);
      CHECK(ids(searcher.search(words[i] + " lang:en", in_language(""))).count("en-" + stem) == 1);
      found_in_french += ids(searcher.search(words[i], in_language(""))).count("en-" + stem);
    }
  }
  // Stemmed as French, most of these words miss their English neighbours: that is the
  // gap the query language closes (a word the two stemmers agree on still meets).
  CHECK(found_in_french < pairs / 2);

  const SearchResults results = searcher.search("pursuing lang:en", in_language(""));
  CHECK(results.language == "en");
  CHECK(results.language_source == "filter");
  CHECK(ids(results) == std::set<std::string>{"en-pursu"});
  CHECK_THROWS_AS(searcher.search("pursued", in_language("de")), InvalidArgument);
}

TEST_CASE("the seed's English tweet answers an English query", "[search][language][seed]") {
  const std::filesystem::path seed = test::shared_path("seeds/000_cc430da7135b5cd5.txt");
  if (!std::filesystem::exists(seed)) {
    WARN("SKIPPED: " << seed << " is absent");
    return;
  }
  TempDir dir;
  {
    IndexWriter writer = IndexWriter::open(dir / "db");
    DocumentReader reader(seed.string());
    Document document;
    while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
      writer.add(document);
    writer.close();
  }
  Searcher searcher = Searcher::open(dir / "db");
  // "$ORCL is still pursuing the TikTok partnership": stemmed as French, "pursued"
  // is a word of its own; as English, it meets "pursuing".
  CHECK(searcher.search("pursued", in_language("")).total == 0);
  const SearchResults english = searcher.search("pursued", in_language("en"));
  REQUIRE(english.total >= 1);
  CHECK(english.hits.front().id.find('#') == std::string::npos);  // the article
  CHECK(searcher.search("pursued tiktok", in_language("en")).total >= 1);
  // The snippet shows the tweet that matched, not the body's start.
  SearchOptions with_snippets = in_language("en");
  with_snippets.snippets = true;
  const Snippet snippet = searcher.search("pursued", with_snippets).hits.front().snippet;
  REQUIRE(snippet.highlights.size() == 1);
  const Highlight& mark = snippet.highlights.front();
  CHECK(snippet.text.substr(mark.start, mark.end - mark.start) == "pursuing");
}
