#include "invariants.h"

#include <catch2/catch.hpp>

#include "analysis/text_cleaner.h"

namespace crible::test {

bool valid_utf8(std::string_view s) {
  return analysis::is_valid_utf8(s);
}

void check_invariants(Analyzer& analyzer, std::string_view input) {
  const std::vector<Token> tokens = analyzer.analyze(input);
  std::size_t last_start = 0;
  std::uint32_t last_position = 0;
  std::uint32_t last_word_position = 0;
  for (const Token& token : tokens) {
    INFO("token '" << token.text << "' at " << token.start);
    REQUIRE(token.start < token.end);
    REQUIRE(token.end <= input.size());
    REQUIRE(token.start >= last_start);
    REQUIRE(token.text == input.substr(token.start, token.end - token.start));
    REQUIRE(valid_utf8(token.text));
    REQUIRE(token.position >= 1);
    REQUIRE(token.position >= last_position);
    if (token.kind == TokenKind::word || token.kind == TokenKind::number) {
      REQUIRE(token.position > last_word_position);
      last_word_position = token.position;
    }
    for (const std::string& term : token.terms) {
      REQUIRE_FALSE(term.empty());
      REQUIRE(term.size() <= 245);
      REQUIRE(valid_utf8(term));
    }
    REQUIRE_FALSE(token.lang.empty());
    last_start = token.start;
    last_position = token.position;
  }
  const std::vector<Token> again = analyzer.analyze(input);
  REQUIRE(again.size() == tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    REQUIRE(again[i].terms == tokens[i].terms);
    REQUIRE(again[i].position == tokens[i].position);
    REQUIRE(again[i].start == tokens[i].start);
  }
}

}  // namespace crible::test
