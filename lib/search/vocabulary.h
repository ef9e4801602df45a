#pragma once
// The index's vocabulary as completion and typo tolerance read it: its plain word
// terms (folded, unprefixed: "economie") with their document frequencies, found by
// prefix or by edit distance, ranked by frequency. One module, so that suggestions and
// typo-tolerant search agree on what "close" means (core/edit_distance.h).
//
// A snapshot in memory, read once from Xapian's term list (every shard's, merged):
// walking the term list of a one-letter prefix for each keystroke cost 6 ms at p99 on
// the 150M corpus, and a typo scan of one letter's words more (bench/RESULTS.md).

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

class Vocabulary {
 public:
  // Reads every word term of @p database with its frequency.
  explicit Vocabulary(const Xapian::Database& database);

  std::size_t size() const { return offsets_.size(); }

  // The @p limit most frequent words starting with @p prefix (folded), most frequent first.
  std::vector<VocabularyWord> completions(std::string_view prefix, std::size_t limit) const;

  // The @p limit words (fewer typos first, then most frequent) one of whose prefixes is
  // within core::typo_budget(letters of @p prefix) edits of @p prefix, sharing its first
  // letter (as Elasticsearch's completion suggester requires by default: the first
  // letter is rarely the typo, and it bounds the scan to one letter's words). Words
  // @p prefix completes exactly are left out (completions() has them).
  std::vector<VocabularyWord> completions_with_typos(std::string_view prefix,
                                                     std::size_t limit) const;

  // Up to @p limit words within core::typo_budget(letters of @p word) edits of the whole
  // of @p word, sharing its first letter, @p word itself left out; fewer typos first,
  // then most frequent. What `typos` search adds for a word the index lacks.
  std::vector<VocabularyWord> neighbours(std::string_view word, std::size_t limit) const;

 private:
  std::string_view word(std::size_t index) const;
  // The [first, last) indices of the words starting with @p prefix.
  std::pair<std::size_t, std::size_t> range(std::string_view prefix) const;

  std::string text_;                      // the words, one after the other, in term order
  std::vector<std::uint32_t> offsets_;    // where each word starts in text_
  std::vector<std::uint32_t> documents_;  // each word's term frequency
};

}  // namespace crible::search
