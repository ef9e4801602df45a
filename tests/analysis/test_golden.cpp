#include <catch2/catch.hpp>

#include "../support/golden.h"
#include "crible/analyzer.h"
#include "crible/error.h"

using namespace crible;

TEST_CASE("golden analysis table", "[golden]") {
  Analyzer analyzer = Analyzer::create();
  for (const test::GoldenCase& golden :
       test::load_golden(test::source_path("tests/golden/analysis.tsv"))) {
    INFO("tests/golden/analysis.tsv:" << golden.line << ": " << golden.input);
    CHECK(test::render_terms(analyzer.analyze(golden.input)) == golden.expected);
  }
}

TEST_CASE("tokens keep the original text and byte offsets", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::string text =
      "L\xE2\x80\x99"
      "application d'Oracle";
  const std::vector<Token> tokens = analyzer.analyze(text);
  REQUIRE(tokens.size() == 2);
  CHECK(tokens[0].text ==
        "L\xE2\x80\x99"
        "application");
  CHECK(tokens[0].start == 0);
  CHECK(tokens[0].end == 15);
  CHECK(tokens[0].position == 1);
  CHECK(tokens[0].kind == TokenKind::word);
  CHECK(tokens[0].lang == "fr");
  CHECK(tokens[0].terms == std::vector<std::string>{"application", "Zappliqu"});
  CHECK(tokens[1].text == "d'Oracle");
  CHECK(tokens[1].start == 16);
  CHECK(tokens[1].terms == std::vector<std::string>{"oracle", "Zoracl"});
}

TEST_CASE("typed tokens come before their words, at the same position", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::vector<Token> tokens = analyzer.analyze("@Microsoft et $ORCL #TikTok");
  REQUIRE(tokens.size() == 7);
  CHECK(tokens[0].kind == TokenKind::handle);
  CHECK(tokens[0].text == "@Microsoft");
  CHECK(tokens[0].position == tokens[1].position);
  CHECK(tokens[1].text == "Microsoft");
  CHECK(tokens[3].kind == TokenKind::cashtag);
  CHECK(tokens[3].terms == std::vector<std::string>{"XCTorcl"});
  CHECK(tokens[5].kind == TokenKind::hashtag);
  CHECK(tokens[5].terms == std::vector<std::string>{"Ktiktok"});
}

TEST_CASE("a word over the byte limit is a token without terms", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::string long_word(65, 'a');
  const std::vector<Token> tokens = analyzer.analyze("court " + long_word + " mot");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].terms.empty());
  CHECK(tokens[2].position == 3);  // it still takes a position: no false phrase match
  AnalyzerOptions options;
  options.max_word_bytes = 100;
  Analyzer roomy = Analyzer::create(options);
  CHECK_FALSE(roomy.analyze(long_word)[0].terms.empty());
}

TEST_CASE("English paragraphs get English stems as well as French ones", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::string text =
      "Le rachat serait toujours d'actualité selon des sources bancaires américaines.\n"
      "Banking sources tell the network they believe the company could make another run at "
      "the app if the deal falls through.";
  const std::vector<Token> tokens = analyzer.analyze(text);
  REQUIRE(tokens.front().lang == "fr");
  const auto banking = std::find_if(tokens.begin(), tokens.end(),
                                    [](const Token& t) { return t.text == "Banking"; });
  REQUIRE(banking != tokens.end());
  CHECK(banking->lang == "en");
  CHECK(banking->terms == std::vector<std::string>{"banking", "Zbanking", "Zbank"});
  CHECK(analyzer.analyze(text, "fr")[14].lang == "fr");  // forced
}

TEST_CASE("stop words take a position but no terms, configurable", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::vector<Token> tokens = analyzer.analyze("rachat des activités");
  REQUIRE(tokens.size() == 3);
  CHECK(tokens[1].stopword);
  CHECK(tokens[1].terms.empty());
  CHECK(tokens[2].position == 3);
  // The query side still recognises them (to drop them from phrases), elision too.
  CHECK(analyzer.word_terms("des").stopword);
  CHECK(analyzer.word_terms("Jusqu'où").unstemmed == "ou");
  AnalyzerOptions options;
  options.use_stopwords = false;
  Analyzer without = Analyzer::create(options);
  CHECK(without.analyze("des")[0].terms == std::vector<std::string>{"des", "Zde"});
}

TEST_CASE("the analyzer version names its rules", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  const std::string version = analyzer.version();
  CHECK(version.find("crible-analysis/") == 0);
  CHECK(version.find("languages=fr,en") != std::string::npos);
  AnalyzerOptions options;
  options.use_stopwords = false;
  CHECK(Analyzer::create(options).version() != version);
  // Every option that changes terms is in it (the default detection length is implied).
  CHECK(version.find("min-detect-bytes") == std::string::npos);
  AnalyzerOptions detect;
  detect.min_detect_bytes = 200;
  CHECK(Analyzer::create(detect).version() == version + " min-detect-bytes=200");
}

TEST_CASE("analyzer options are validated", "[analyzer]") {
  AnalyzerOptions options;
  options.default_language = "de";
  CHECK_THROWS_AS(Analyzer::create(options), InvalidArgument);
  options = {};
  options.stopwords_file = "/nonexistent/stopwords.txt";
  CHECK_THROWS_AS(Analyzer::create(options), IoError);
  Analyzer analyzer = Analyzer::create();
  CHECK_THROWS_AS(analyzer.analyze("x", "xx"), InvalidArgument);
}

TEST_CASE("copies of an analyzer analyse alike", "[analyzer]") {
  Analyzer analyzer = Analyzer::create();
  Analyzer copy = analyzer;
  const std::string text = "Les données personnelles d'utilisateurs américains";
  CHECK(test::render_terms(copy.analyze(text)) == test::render_terms(analyzer.analyze(text)));
}
