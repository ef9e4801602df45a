#pragma once
// The terms of one word: folding, stop words and stemming, with a cache. Index time
// (Analyzer::analyze) and query time (Analyzer::word_terms) both come here.

#include <array>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/stemmer.h"
#include "analysis/stopwords.h"
#include "analysis/unicode_fold.h"
#include "crible/analyzer.h"

namespace crible::analysis {

// What every copy of an analyzer shares, immutable once built.
struct AnalysisConfig {
  AnalyzerOptions options;
  UnicodeFolder folder;
  StopWords stopwords;
  std::size_t default_language = 0;  // index into options.languages
  std::uint64_t stopwords_hash = 0;  // of the list's text, for Analyzer::version()
};

// A word's terms as the cache keeps them: also flat, in Token::terms order, so that
// a token can point at them instead of copying them.
struct CachedWord {
  // What every token reads comes first and inline (no second allocation to chase):
  // the unstemmed word, the phrase stem, and at most three other stems.
  static constexpr std::size_t kMaxTerms = 5;
  std::uint8_t term_count = 0;
  bool stopword = false;
  std::array<std::string, kMaxTerms> index_terms;
  WordTerms terms;
};

// What a token needs of its word. The views stay valid until the next lookup().
struct WordHit {
  std::span<const std::string_view> terms;
  std::string_view folded;  // the word case- and accent-folded, stop words too
  bool stopword = false;
};

class WordTermMaker {
 public:
  explicit WordTermMaker(std::shared_ptr<const AnalysisConfig> config);
  WordTermMaker(const WordTermMaker& other);  // same config, fresh cache
  WordTermMaker& operator=(const WordTermMaker& other);
  WordTermMaker(WordTermMaker&&) noexcept = default;
  WordTermMaker& operator=(WordTermMaker&&) noexcept = default;
  ~WordTermMaker() = default;

  // The terms of @p core: a word without elision, acronym dots already removed.
  // @p language indexes the configured languages. The reference stays valid until
  // the next call.
  const CachedWord& terms(std::u16string_view core, std::size_t language);

  // The same, as a token needs it: the hot path of analysis. Frequent words are
  // answered from one cache line pair holding their key and their terms.
  WordHit lookup(std::u16string_view core, std::size_t language);

 private:
  CachedWord compute(std::u16string_view core, std::size_t language);
  WordTerms compute_terms(std::u16string_view core, std::size_t language);
  std::string stem_folded(std::size_t language, const std::string& word);

  // An open-addressing table (linear probing, at most half full) over entries kept in
  // one vector: std::unordered_map's lookups chase a bucket, a node and a key buffer
  // and measured four times slower here.
  class Cache {
   public:
    const CachedWord* find(std::u16string_view key, std::uint64_t hash) const;
    const CachedWord& insert(std::u16string_view key, std::uint64_t hash, CachedWord word);
    std::size_t size() const noexcept { return entries_.size(); }
    void clear();

   private:
    struct Slot {               // 8 bytes: the table stays small enough for the CPU cache
      std::uint32_t tag = 0;    // high bits of the hash
      std::uint32_t entry = 0;  // 1-based index into entries_; 0: empty
    };
    struct Entry {
      CachedWord word;
      // The key inline when short (most words): comparing it touches no other memory.
      static constexpr std::size_t kInlineUnits = 16;
      std::array<char16_t, kInlineUnits> short_key{};
      std::u16string long_key;
      std::uint32_t key_length = 0;

      std::u16string_view key() const {
        return key_length <= kInlineUnits ? std::u16string_view(short_key.data(), key_length)
                                          : std::u16string_view(long_key);
      }
    };
    void grow();
    std::vector<Slot> slots_;
    std::deque<Entry> entries_;  // a deque: entries never move, the front points into them
  };

  // A 2-way set-associative cache of the most frequent short words in front of the
  // table: a slot holds the key and points at the entry. Memory latency, not
  // computation, is what a lookup costs (skipping lookups doubles the analyzer's
  // throughput), so the front stays small enough for the CPU caches.
  static constexpr std::size_t kFrontSets = 4096;  // a power of two
  static constexpr std::size_t kFrontWays = 2;
  static constexpr std::size_t kFrontKeyUnits = 14;
  struct FrontSlot {
    const CachedWord* word = nullptr;  // null: empty; valid until the table clears
    std::uint8_t language = 0;
    std::uint8_t length = 0;
    std::uint8_t score = 0;  // hits minus misses, to keep frequent words in
    std::array<char16_t, kFrontKeyUnits> key{};
  };
  static std::uint64_t hash_of(std::u16string_view core, std::size_t language) noexcept;
  FrontSlot& front_set(std::uint64_t hash);  // the first of its kFrontWays slots
  void remember(FrontSlot* set, std::u16string_view core, std::size_t language,
                const CachedWord& word);
  const CachedWord& find_or_compute(std::u16string_view core, std::size_t language,
                                    std::uint64_t hash);
  WordHit hit(const CachedWord& word);
  void clear_caches();

  std::shared_ptr<const AnalysisConfig> config_;
  std::vector<SnowballStemmer> stemmers_;  // one per configured language
  std::vector<Cache> caches_;              // one per configured language
  std::vector<FrontSlot> front_;
  CachedWord uncached_;
  std::array<std::string_view, CachedWord::kMaxTerms> views_;  // what lookup() returns
  std::u16string lowered_, folded_;                            // scratch
};

}  // namespace crible::analysis
