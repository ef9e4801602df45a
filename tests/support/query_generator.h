#pragma once
// Seeded random queries for the differential test: reference_query.h trees built from
// the test documents' own words (as written, with case, accent and elision variants,
// title words, frequent and rare ones, absent words), stop words, the entities, hosts,
// authors and dates of the documents, and every construct of docs/query-syntax.md,
// including the parts the spec says are ignored or are errors.
//
// Most words of a query come from one "focus" document, so that queries combining
// several items still match something; the rest come from anywhere.

#include <cstdint>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"
#include "reference_query.h"

namespace crible::test::ref {

struct GeneratedQuery {
  Query query;
  std::string text;  // render(query)
  // Constructs the query uses (for the failure breakdown); those in ambiguous_tags()
  // are points where the spec can be read more than one way (see the report).
  std::set<std::string> tags;
  std::size_t max_wildcard_expansion = 1000;
};

// The tags that name a reading of the spec chosen among several (reported apart).
const std::set<std::string>& ambiguous_tags();

class QueryGenerator {
 public:
  // @p documents: the indexed documents (their text as written); @p index: the same
  // documents as indexed (their entities, hosts, languages and dates).
  QueryGenerator(const std::vector<Document>& documents, const ReferenceIndex& index,
                 Analyzer analyzer, Gazetteer gazetteer);

  // The query of @p seed: the same seed gives the same query for the same documents.
  GeneratedQuery generate(std::uint64_t seed);

 private:
  struct Word {
    std::string text;  // as written
    std::uint32_t position = 0;
    bool stopword = false;
    std::size_t start = 0, end = 0;  // byte offsets in the text analysed
  };
  struct Text {
    std::string raw;  // the title or the body
    std::vector<Word> words;
  };
  struct Doc {
    std::string id;
    Text title, body;
    std::string author;
    std::string date;  // the date value (YYYYMMDD...) or ""
    std::vector<std::string> entities, hosts, langs;
  };

  // Generation, by the grammar's levels; depth counts the enclosing groups.
  Node gen_or(int depth);
  Node gen_xor(int depth);
  Node gen_and(int depth);
  Node gen_seq(int depth, bool may_be_empty);
  Node gen_item(int depth);
  Node gen_primary(int depth, Modifier& modifier);

  Node gen_word();
  Node gen_several_words();
  Node gen_phrase();
  Node gen_wildcard();
  Node gen_title();
  Node gen_filter();
  Node gen_near();
  Node gen_ignored();
  bool near_valid(const Node& near);  // every operand one word, not a stop word
  std::string gen_date_value();
  std::string gen_entity_value();

  // Helpers.
  const Doc& doc();  // the focus document mostly, sometimes any other
  const Word* pick_word(const Text& text, bool allow_stop);
  const Text& pick_text(const Doc& d, bool title_only);
  std::string variant(const std::string& word);  // case, accents, elision
  std::string absent_word();
  std::string stop_word();
  std::string phrase_from(const Text& text, std::size_t first, std::size_t count, bool raw);
  bool chance(double p);
  std::size_t below(std::size_t n);
  template <typename T>
  const T& one_of(const std::vector<T>& items) {
    return items[below(items.size())];
  }
  // A chunk written bare must stay one text chunk of one kind (see render()).
  static bool bare_ok(const std::string& chunk);

  Analyzer analyzer_;
  Gazetteer gazetteer_;
  std::vector<Doc> docs_;
  std::vector<std::string> all_entities_, all_hosts_, all_authors_, stop_words_;
  std::mt19937_64 rng_;
  std::size_t focus_ = 0;
  std::set<std::string> tags_;
  bool last_near_invalid_ = false;  // gen_near made an operand that is not one word
};

}  // namespace crible::test::ref
