#pragma once
// The index's vocabulary as completion and typo tolerance read it: its plain word
// terms (folded, unprefixed: "economie"), found by prefix or by edit distance, ranked
// by document frequency. One module, so that suggestions and typo-tolerant search
// agree on what "close" means (core/edit_distance.h).

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crible::search {

// A word of the vocabulary and how it was found.
struct VocabularyWord {
  std::string term;             // the folded word term ("economie")
  std::uint64_t documents = 0;  // its term frequency: documents holding it
  std::size_t typos = 0;        // edits between what was typed and the word (or its prefix)
};

// True for the terms that are words (folded, unprefixed: prefixed terms start with an
// ASCII capital, typed tokens with '@', '#', '$' and the like).
bool is_word_term(std::string_view term) noexcept;

// The @p limit most frequent words starting with @p prefix (folded), most frequent first.
std::vector<VocabularyWord> completions(const Xapian::Database& database, std::string_view prefix,
                                        std::size_t limit);

// The @p limit words (most frequent first, fewer typos first) one of whose prefixes is
// within core::typo_budget(letters of @p prefix) edits of @p prefix, sharing its first
// letter (as Elasticsearch's completion suggester requires by default: the first
// letter is rarely the typo, and it bounds the scan to one letter's words). Words
// @p prefix completes exactly are left out (completions() has them).
std::vector<VocabularyWord> completions_with_typos(const Xapian::Database& database,
                                                   std::string_view prefix, std::size_t limit);

// Up to @p limit words of the index within core::typo_budget(letters of @p word) edits
// of the whole of @p word, sharing its first letter, @p word itself left out; fewer
// typos first, then most frequent. What `typos` search adds for a word the index lacks.
std::vector<VocabularyWord> neighbours(const Xapian::Database& database, std::string_view word,
                                       std::size_t limit);

}  // namespace crible::search
