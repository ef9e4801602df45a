#pragma once
// Search-as-you-type: completions of a query's last word from the index's vocabulary
// (search/vocabulary.h) and of its last words from the gazetteer's names and aliases,
// analysed by the same Analyzer as documents and queries.

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/entities.h"
#include "crible/search.h"
#include "search/vocabulary.h"

namespace crible::search {

// What the suggester reads from the index, beside its terms.
struct SuggestSource {
  const Xapian::Database* database = nullptr;  // for the entities' document counts
  const Vocabulary* vocabulary = nullptr;      // the index's words
  // The spelling to show for a folded word held by @p documents documents
  // (schema::kMetaDisplayPrefix); empty: the folded word.
  std::function<std::string(const std::string& folded, std::uint64_t documents)> display;
};

// Not thread-safe: one per thread (it holds an analyzer).
class Suggester {
 public:
  // @p gazetteer may be null (an index without entities): words only.
  Suggester(Analyzer analyzer, const Gazetteer* gazetteer);

  Suggestions suggest(std::string_view query, const SuggestOptions& options,
                      const SuggestSource& source);

 private:
  // One way of naming an entity, folded: "groupe de redmond".
  struct EntityKey {
    std::string key;
    std::u32string letters;  // key's code points, for typo matching
    std::size_t entity = 0;  // index in the gazetteer's entities()
  };
  // A word of the query: its folded form and where it starts as written, elision off.
  struct TypedWord {
    std::string folded;
    std::size_t core_start = 0;
  };

  std::vector<TypedWord> typed_words(std::string_view query);
  void add_words(std::string_view query, const TypedWord& last, const SuggestOptions& options,
                 const SuggestSource& source, Suggestions& out);
  void add_entities(std::string_view query, const std::vector<TypedWord>& words,
                    const SuggestOptions& options, const SuggestSource& source, Suggestions& out);
  const std::vector<EntityKey>& entity_keys();
  void add_keys(std::string_view surface, std::size_t entity, std::vector<EntityKey>& keys);

  Analyzer analyzer_;
  const Gazetteer* gazetteer_;
  std::optional<std::vector<EntityKey>> entity_keys_;  // built at the first suggestion
  std::vector<Token> tokens_;                          // scratch
};

}  // namespace crible::search
