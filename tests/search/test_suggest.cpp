// Search-as-you-type (Searcher::suggest) and typo-tolerant search (SearchOptions::typos)
// on a real index of documents written for this test, the expected suggestions counted
// by reading them (never by running crible); edit distances against published values
// (tests/data/edit-distances.tsv).

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <random>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "core/edit_distance.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/search.h"
#include "search/vocabulary.h"

using namespace crible;
using test::TempDir;

namespace {

Document article(std::string id, std::string title, std::string body) {
  Document document;
  document.id = std::move(id);
  document.title = std::move(title);
  document.body = std::move(body);
  document.date = "2021-02-01";
  return document;
}

// Who writes what, counted by reading:
//   economie (any spelling): e1 e2 e3 c1 (4 documents; "économie" in e1 e2 e3, so the
//     spelling of more than half: "économie"); economiste(s): e1 ("économistes");
//     ecologie: e3 ("écologie").
//   Microsoft: m1 m2 (m2 as "le groupe de Redmond" only); TikTok: m1 t1; Donald Trump: t1.
//   Oracle: never. Paris: e2 ("Paris", "Paris").
std::vector<Document> documents() {
  std::vector<Document> out{
      article("e1", "Économie : la croissance ralentit",
              "L'économie française ralentit, disent les économistes."),
      article("e2", "Paris et l'économie",
              "À Paris, l'économie du tourisme reprend. Paris attend."),
      article("e3", "Écologie", "Une économie de la sobriété et l'écologie."),
      article("m1", "Microsoft et TikTok", "Microsoft veut racheter TikTok aux États-Unis."),
      article("m2", "Cloud", "Le groupe de Redmond investit dans ses centres de données."),
      article("t1", "Donald Trump", "Donald Trump menace TikTok d'interdiction."),
  };
  Document comment;
  comment.id = "c1";
  comment.type = DocumentType::comment;
  comment.parent = "e1";
  comment.body = "Sans accents: economie, croissance.";
  out.push_back(comment);
  return out;
}

const std::filesystem::path& suggest_index() {
  static TempDir dir;
  static const std::filesystem::path db = [] {
    IndexWriter writer = IndexWriter::open(dir / "db");
    for (const Document& document : documents())
      writer.add(document);
    writer.close();
    return dir / "db";
  }();
  return db;
}

std::vector<std::string> texts(const Suggestions& suggestions, SuggestionKind kind) {
  std::vector<std::string> out;
  for (const Suggestion& suggestion : suggestions.suggestions)
    if (suggestion.kind == kind) out.push_back(suggestion.text);
  return out;
}

const Suggestion* find(const Suggestions& suggestions, std::string_view text) {
  for (const Suggestion& suggestion : suggestions.suggestions)
    if (suggestion.text == text) return &suggestion;
  return nullptr;
}

}  // namespace

TEST_CASE("edit distances equal the published examples", "[suggest][oracle]") {
  for (const test::GoldenCase& row :
       test::load_golden(test::source_path("tests/data/edit-distances.tsv"))) {
    const std::size_t bar = row.input.find('|');
    REQUIRE(bar != std::string::npos);
    const std::string a = row.input.substr(0, bar), b = row.input.substr(bar + 1);
    INFO("line " << row.line << ": " << a << " / " << b);
    CHECK(core::edit_distance(a, b) == std::stoul(row.expected));
    CHECK(core::edit_distance(b, a) == std::stoul(row.expected));
  }
}

TEST_CASE("prefix distances: the closest prefix of the word counts", "[suggest]") {
  using core::code_points;
  const auto distance = [](std::string_view typed, std::string_view word, std::size_t limit) {
    return core::prefix_edit_distance(code_points(typed), code_points(word), limit);
  };
  CHECK(distance("econ", "economie", 2) == 0);
  CHECK(distance("micrsof", "microsoft", 2) == 1);
  CHECK(distance("ecno", "economie", 1) == 1);  // two letters swapped
  CHECK(distance("econimie", "economie", 2) == 1);
  CHECK(distance("xyz", "economie", 1) == 2);  // over the limit: limit + 1
  CHECK(distance("", "economie", 0) == 0);
  CHECK(core::typo_budget(3) == 0);
  CHECK(core::typo_budget(4) == 1);
  CHECK(core::typo_budget(7) == 1);
  CHECK(core::typo_budget(8) == 2);
}

TEST_CASE("words complete from the index's vocabulary, as its documents write them", "[suggest]") {
  Searcher searcher = Searcher::open(suggest_index());
  SuggestOptions options;
  options.typos = false;
  const Suggestions econ = searcher.suggest("l'écon", options);
  CHECK(econ.prefix == "econ");
  REQUIRE(texts(econ, SuggestionKind::word) == std::vector<std::string>{"économie", "économistes"});
  CHECK(econ.suggestions[0].documents == 4);
  CHECK(econ.suggestions[0].query == "l'économie");
  CHECK(econ.suggestions[1].documents == 1);
  // Case, accents and elision do not count.
  for (const char* typed : {"ECON", "écon", "d’écon", "econ", "Écon"})
    CHECK(texts(searcher.suggest(typed, options), SuggestionKind::word).front() == "économie");
  // The words before the last stay as typed.
  CHECK(searcher.suggest("croissance de l'éco", options).suggestions.front().query ==
        "croissance de l'économie");
  // A capitalised name keeps its capital.
  CHECK(find(searcher.suggest("pari", options), "Paris") != nullptr);
  CHECK(searcher.suggest("zzz", options).suggestions.empty());
}

TEST_CASE("entities complete from their names and aliases, if the index mentions them",
          "[suggest][entities]") {
  Searcher searcher = Searcher::open(suggest_index());
  SuggestOptions options;
  options.typos = false;
  const Suggestions micro = searcher.suggest("micro", options);
  REQUIRE(!micro.suggestions.empty());
  const Suggestion& first = micro.suggestions.front();
  CHECK(first.kind == SuggestionKind::entity);
  CHECK(first.entity == "microsoft");
  CHECK(first.entity_type == EntityType::org);
  CHECK(first.text == "Microsoft");
  CHECK(first.documents == 2);  // m1, and m2 through "le groupe de Redmond"
  CHECK(first.query == "entity:microsoft");

  CHECK(searcher.suggest("tik", options).suggestions.front().entity == "tiktok");
  const Suggestions redmond = searcher.suggest("rachat par le groupe de red", options);
  REQUIRE(!redmond.suggestions.empty());
  CHECK(redmond.suggestions.front().entity == "microsoft");
  // The alias "le groupe de Redmond" spans the article too.
  CHECK(redmond.suggestions.front().query == "rachat par entity:microsoft");
  CHECK(searcher.suggest("rachat du groupe de red", options).suggestions.front().query ==
        "rachat du entity:microsoft");
  CHECK(searcher.suggest("Donald Tr", options).suggestions.front().entity == "donald_trump");
  // Oracle is in the gazetteer, not in the index: nothing to find, nothing suggested.
  for (const Suggestion& suggestion : searcher.suggest("oracl", options).suggestions)
    CHECK(suggestion.entity != "oracle");

  options.entity_limit = 0;
  CHECK(texts(searcher.suggest("micro", options), SuggestionKind::entity).empty());
}

TEST_CASE("each suggestion's query finds what it promises", "[suggest]") {
  Searcher searcher = Searcher::open(suggest_index());
  for (const char* typed :
       {"l'écon", "micro", "tik", "groupe de red", "pari", "Donald Tr", "micrsof"}) {
    for (const Suggestion& suggestion : searcher.suggest(typed).suggestions) {
      INFO(typed << " -> " << suggestion.query);
      SearchOptions options;
      options.exact_total = true;
      const SearchResults results = searcher.search(suggestion.query, options);
      if (suggestion.kind == SuggestionKind::entity)
        CHECK(results.total == suggestion.documents);
      else
        CHECK(results.total >= suggestion.documents);  // stems find more spellings
    }
  }
}

TEST_CASE("mistyped prefixes complete after the exact ones", "[suggest][typos]") {
  Searcher searcher = Searcher::open(suggest_index());
  const Suggestions typed = searcher.suggest("micrsof");
  REQUIRE(!typed.suggestions.empty());
  CHECK(typed.suggestions.front().entity == "microsoft");
  CHECK(typed.suggestions.front().typos == 1);
  const Suggestion* word = find(typed, "Microsoft");
  REQUIRE(word);
  CHECK(word->typos <= 1);
  // "ecnomie" (7 letters: one typo allowed) reaches "économie" by one swap.
  CHECK(find(searcher.suggest("ecnomie"), "économie") != nullptr);
  // Three letters: no typo allowed.
  CHECK(searcher.suggest("ecx").suggestions.empty());
  SuggestOptions exact;
  exact.typos = false;
  CHECK(searcher.suggest("micrsof", exact).suggestions.empty());
  // Exact completions rank before any with a typo.
  const Suggestions mixed = searcher.suggest("econo");
  bool seen_typo = false;
  for (const Suggestion& suggestion : mixed.suggestions) {
    if (suggestion.kind != SuggestionKind::word) continue;
    if (suggestion.typos > 0)
      seen_typo = true;
    else
      CHECK_FALSE(seen_typo);
  }
}

TEST_CASE("suggest: limits, blank and broken input", "[suggest][limits]") {
  Searcher searcher = Searcher::open(suggest_index());
  SuggestOptions options;
  options.limit = 1;
  CHECK(searcher.suggest("e", options).suggestions.size() == 1);
  options.limit = Searcher::kMaxSuggestions + 1;
  CHECK_THROWS_AS(searcher.suggest("e", options), InvalidArgument);
  CHECK_THROWS_WITH(searcher.suggest(std::string(70000, 'a')), Catch::Contains("over the limit"));
  for (const char* blank : {"", "   ", "'", "\"", "l'", "-", "((", "entity:"})
    CHECK_NOTHROW(searcher.suggest(blank));
  CHECK(searcher.suggest("").suggestions.empty());
  CHECK_NOTHROW(searcher.suggest(std::string("\xff\xfe\xc3")));
  // Random bytes never crash nor throw.
  std::mt19937 random(20261207);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 24);
  for (int round = 0; round < 500; ++round) {
    std::string text(static_cast<std::size_t>(length(random)), ' ');
    for (char& c : text)
      c = static_cast<char>(byte(random));
    CHECK_NOTHROW(searcher.suggest(text));
  }
}

TEST_CASE("typo-tolerant search finds a mistyped word's neighbours, ranked below it",
          "[search][typos]") {
  Searcher searcher = Searcher::open(suggest_index());
  SearchOptions options;
  options.limit = 20;
  // As typed, the index lacks "micrsoft".
  options.typos = false;
  CHECK(searcher.search("micrsoft", options).total == 0);
  options = SearchOptions{};  // typos on: the default
  options.limit = 20;
  const SearchResults found = searcher.search("micrsoft", options);
  CHECK(found.total == 1);  // m1 writes "Microsoft"; m2 only "le groupe de Redmond"
  REQUIRE(found.hits.size() == 1);
  CHECK(found.hits[0].id == "m1");
  CHECK_THAT(found.note, Catch::Contains("'micrsoft'") && Catch::Contains("microsoft"));
  // A word the index holds is searched as itself only.
  const SearchResults exact = searcher.search("paris", options);
  CHECK(exact.total == 1);
  CHECK(exact.note.empty());
  // Fewer than 4 letters: no typo allowed.
  CHECK(searcher.search("pri", options).total == 0);
  // In a phrase, words are as typed.
  CHECK(searcher.search("\"micrsoft veut\"", options).total == 0);
}

TEST_CASE("the vocabulary's completions equal a plain scan of Xapian's term list",
          "[suggest][oracle]") {
  TempDir dir;
  {
    IndexWriter writer = IndexWriter::open(dir / "db");
    for (const Document& document : documents())
      writer.add(document);
    writer.close();
  }
  const Xapian::Database database((dir / "db").string());
  const search::Vocabulary vocabulary(database);
  // The reference: every term, lower-case letters or digits or UTF-8 first, no field
  // prefix; ordered by frequency, then term.
  const auto reference = [&](const std::string& prefix, std::size_t limit) {
    std::vector<std::pair<long, std::string>> all;
    for (auto term = database.allterms_begin(); term != database.allterms_end(); ++term) {
      const std::string name = *term;
      const auto first = static_cast<unsigned char>(name[0]);
      const bool word =
          (first >= 'a' && first <= 'z') || (first >= '0' && first <= '9') || first >= 0x80;
      if (word && name.rfind(prefix, 0) == 0)
        all.emplace_back(-static_cast<long>(term.get_termfreq()), name);
    }
    std::sort(all.begin(), all.end());
    std::vector<std::string> out;
    for (std::size_t k = 0; k < all.size() && k < limit; ++k)
      out.push_back(all[k].second);
    return out;
  };
  for (const char* prefix : {"a", "e", "eco", "m", "micro", "t", "d", "zz", "é", "2"}) {
    std::vector<std::string> got;
    for (const search::VocabularyWord& word : vocabulary.completions(prefix, 5))
      got.push_back(word.term);
    INFO(prefix);
    CHECK(got == reference(prefix, 5));
  }
}
