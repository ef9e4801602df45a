#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "../support/golden.h"
#include "../support/invariants.h"
#include "../support/temp_dir.h"
#include "crible/analyzer.h"

using namespace crible;

namespace {

// Pieces that exercise every rule, glued at random with random bytes.
const std::vector<std::string> kPieces = {
    "L\xE2\x80\x99",
    "d'",
    "qu\xCA\xBC",
    "Jusqu'",
    "\xC3\xA9t\xC3\xA9",
    "e\xCC\x81",
    "\xC5\x93",
    "\xC2\xAD",
    "\xE2\x80\x8B",
    "U.S.A.",
    "@tiktok_us",
    "$ORCL",
    "#Tag",
    "https://www.zdnet.fr/a-b?c=d#e",
    "a@b.fr",
    "www.",
    "http://",
    "@",
    "$",
    "#",
    ".",
    ":",
    "-",
    "'",
    " ",
    "\n",
    "\t",
    std::string("\0", 1),
    "\x01",
    "\xFF",
    "\xC3",
    "\xE2\x82",
    "\xF0\x9F\x98\x80",
    "\xE5\xAD\x97\xE8\x8A\x82",
    "5,6",
    "2021",
    "Ou\xC3\xAF"
    "gours",
    "pro-chinoise",
    "aujourd'hui",
    "lecteur\xC2\xB7rice",
    "\xD8\xA7\xD9\x84\xD8\xB9",
    "BREAKING:",
};

std::string random_text(std::mt19937& rng) {
  std::uniform_int_distribution<int> length(0, 40), choice(0, 3),
      piece(0, static_cast<int>(kPieces.size()) - 1), byte(0, 255);
  std::string text;
  for (int i = length(rng); i > 0; --i) {
    if (choice(rng) == 0)
      text += static_cast<char>(byte(rng));
    else
      text += kPieces[static_cast<std::size_t>(piece(rng))];
  }
  return text;
}

}  // namespace

TEST_CASE("invariants hold on random and invalid input (fixed seed)", "[invariants]") {
  Analyzer analyzer = Analyzer::create();
  std::mt19937 rng(20261129);
  for (int i = 0; i < 3000; ++i) {
    const std::string text = random_text(rng);
    INFO("case " << i);
    test::check_invariants(analyzer, text);
  }
}

TEST_CASE("invariants hold on pure random bytes (fixed seed)", "[invariants]") {
  Analyzer analyzer = Analyzer::create();
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 300);
  for (int i = 0; i < 1000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n)
      text += static_cast<char>(byte(rng));
    test::check_invariants(analyzer, text);
  }
}

TEST_CASE("invariants hold on the golden inputs and the sample data", "[invariants]") {
  Analyzer analyzer = Analyzer::create();
  for (const test::GoldenCase& golden :
       test::load_golden(test::source_path("tests/golden/analysis.tsv"))) {
    INFO("golden line " << golden.line);
    test::check_invariants(analyzer, golden.input);
  }
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("data/sample"))) {
    INFO(entry.path());
    test::check_invariants(analyzer, test::read_file(entry.path()));
  }
}

TEST_CASE("invariants hold on the seed page", "[invariants][seed]") {
  const std::filesystem::path seed =
      std::filesystem::path(CRIBLE_SHARED_DIR) / "seeds/000_cc430da7135b5cd5.txt";
  if (!std::filesystem::exists(seed)) {
    std::cout << "SKIPPED: seed page not found at " << seed << "\n";
    return;
  }
  Analyzer analyzer = Analyzer::create();
  const std::string text = test::read_file(seed);
  test::check_invariants(analyzer, text);
  const std::vector<Token> tokens = analyzer.analyze(text);
  // The tweet is English, the article French.
  const auto breaking = std::find_if(tokens.begin(), tokens.end(),
                                     [](const Token& t) { return t.text == "BREAKING"; });
  REQUIRE(breaking != tokens.end());
  CHECK(breaking->lang == "en");
  CHECK(tokens.front().lang == "fr");
}

TEST_CASE("a long line of many megabytes is analysed", "[invariants]") {
  Analyzer analyzer = Analyzer::create();
  const std::string unit = "Microsoft rach\xC3\xA8te l'application ";
  std::string text;
  while (text.size() < (8u << 20))
    text += unit;
  const std::vector<Token> tokens = analyzer.analyze(text);
  CHECK(tokens.size() == 3 * (text.size() / unit.size()));
  CHECK(tokens.back().end == text.size() - 1);
}
