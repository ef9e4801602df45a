// The Snowball French reference vocabulary (../shared/snowball-fr/v2.2-era, the data
// matching Debian's libstemmer 2.2): the stemming stage must agree on every word,
// and every word must share a stem term with its accent-free spelling.

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "analysis/stemmer.h"
#include "analysis/unicode_fold.h"
#include "crible/analyzer.h"

namespace {

std::filesystem::path vocabulary_dir() {
  return std::filesystem::path(CRIBLE_SHARED_DIR) / "snowball-fr/v2.2-era";
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    lines.push_back(line);
  return lines;
}

bool have_vocabulary() {
  if (std::filesystem::exists(vocabulary_dir() / "voc.txt")) return true;
  std::cout << "SKIPPED: Snowball vocabulary not found in " << vocabulary_dir() << "\n";
  return false;
}

}  // namespace

TEST_CASE("libstemmer agrees with Snowball 2.2's French reference on every word", "[snowball]") {
  if (!have_vocabulary()) return;
  const auto words = read_lines(vocabulary_dir() / "voc.txt");
  const auto stems = read_lines(vocabulary_dir() / "output.txt");
  REQUIRE(words.size() == stems.size());
  REQUIRE(words.size() > 20000);
  crible::analysis::SnowballStemmer stemmer("french");
  std::size_t disagreements = 0;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (stemmer.stem(words[i]) != stems[i]) {
      ++disagreements;
      UNSCOPED_INFO(words[i] << " -> " << stemmer.stem(words[i]) << ", expected " << stems[i]);
    }
  }
  CHECK(disagreements == 0);
}

TEST_CASE("every word shares a stem term with its accent-free spelling", "[snowball]") {
  if (!have_vocabulary()) return;
  crible::Analyzer analyzer = crible::Analyzer::create();
  const crible::analysis::UnicodeFolder folder;
  std::size_t words = 0, unmatched = 0;
  for (const std::string& word : read_lines(vocabulary_dir() / "voc.txt")) {
    const std::string bare = folder.fold_utf8(word);
    const crible::WordTerms indexed = analyzer.word_terms(word);
    const crible::WordTerms queried = analyzer.word_terms(bare);
    ++words;
    // The query side searches the phrase stem and the other stems as one synonym.
    std::vector<std::string> index_terms = indexed.other_stems;
    index_terms.push_back(indexed.phrase_stem);
    std::vector<std::string> query_terms = queried.other_stems;
    query_terms.push_back(queried.phrase_stem);
    const bool shared =
        std::any_of(query_terms.begin(), query_terms.end(), [&](const std::string& t) {
          return std::find(index_terms.begin(), index_terms.end(), t) != index_terms.end();
        });
    if (!shared) {
      ++unmatched;
      UNSCOPED_INFO(word << " / " << bare);
    }
  }
  CHECK(words > 20000);
  CHECK(unmatched == 0);
}
