#include <catch2/catch.hpp>

#include "../support/golden.h"
#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/error.h"
#include "crible/query.h"

using namespace crible;

TEST_CASE("golden query table", "[query][golden]") {
  QueryBuilder builder(Analyzer::create());
  for (const test::GoldenCase& golden :
       test::load_golden(test::source_path("tests/golden/queries.tsv"))) {
    INFO("tests/golden/queries.tsv:" << golden.line << ": " << golden.input);
    const ParsedQuery parsed = builder.parse(golden.input);
    CHECK(parsed.description == golden.expected);
  }
}

TEST_CASE("golden query table under default OR", "[query][golden]") {
  QueryOptions options;
  options.default_and = false;
  QueryBuilder builder(Analyzer::create(), options);
  for (const test::GoldenCase& golden :
       test::load_golden(test::source_path("tests/golden/queries-default-or.tsv"))) {
    INFO("tests/golden/queries-default-or.tsv:" << golden.line << ": " << golden.input);
    CHECK(builder.parse(golden.input).description == golden.expected);
  }
}

TEST_CASE("a query syntax error keeps the words and says so", "[query]") {
  QueryBuilder builder(Analyzer::create());
  const ParsedQuery parsed = builder.parse("rachat AND TikTok OR");
  CHECK_FALSE(parsed.note.empty());
  CHECK(parsed.description == "Query((Zrachat@1 AND Ztiktok@2))");
  CHECK(builder.parse("NOT").description == "Query()");
  CHECK(builder.parse("(((").description == "Query()");
  CHECK(builder.parse("\"rachat d'Oracle").description.find("Zoracl") != std::string::npos);
}

TEST_CASE("query words and indexed words get their terms from the same code", "[query]") {
  // Every word of a text, fed alone through the query side, must give the stems the
  // index side gave it in context.
  Analyzer analyzer = Analyzer::create();
  const std::string text =
      "L\xE2\x80\x99"
      "économie d'Oracle, les données personnelles aux États-Unis : "
      "qu'aujourd'hui l'O.N.U. et les Ouïgours n'oublions pas jusqu'où ça va, cœur";
  for (const Token& token : analyzer.analyze(text, "fr")) {
    if (token.kind != TokenKind::word) continue;
    INFO(token.text);
    const WordTerms query = analyzer.word_terms(token.text);
    std::vector<std::string> expected;
    if (!query.stopword) {  // stop words take a position, no terms
      expected.push_back(query.unstemmed);
      expected.push_back(query.phrase_stem);
      expected.insert(expected.end(), query.other_stems.begin(), query.other_stems.end());
    }
    CHECK(token.stopword == query.stopword);
    CHECK(token.terms == expected);
  }
}

TEST_CASE("entity: resolves aliases, handles and cashtags, unknown names suggest",
          "[query][entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer gazetteer =
      Gazetteer::load(test::source_path("tests/data/test-entities.tsv"), analyzer);
  QueryBuilder builder(analyzer, gazetteer);
  CHECK(builder.parse("entity:msft").description == "Query(0 * XEmicrosoft)");
  CHECK(builder.parse("entity:\"Tik Tok\"").description == "Query(0 * XEtiktok)");
  CHECK(builder.parse("entity:ORCL").description == "Query(0 * XEoracle)");
  CHECK(builder.parse("rachat entity:Microsoft").description ==
        "Query((Zrachat@1 FILTER XEmicrosoft))");
  // Two entities: documents that mention both.
  CHECK(builder.parse("rachat entity:msft entity:ORCL").description ==
        "Query((Zrachat@1 FILTER (XEmicrosoft AND XEoracle)))");
  try {
    builder.parse("entity:microsfot");
    FAIL("no exception");
  } catch (const InvalidArgument& e) {
    CHECK(std::string(e.what()).find("unknown entity \"microsfot\"; closest known: microsoft") ==
          0);
  }
}
