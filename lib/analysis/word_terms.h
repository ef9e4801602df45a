#pragma once
// The terms of one word: folding, stop words and stemming, with a cache. Index time
// (Analyzer::analyze) and query time (Analyzer::word_terms) both come here.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
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
  const WordTerms& terms(std::u16string_view core, std::size_t language);

  // Appends a word's index terms, in the order Token::terms lists them.
  static void append_index_terms(const WordTerms& terms, std::vector<std::string>& out);

 private:
  WordTerms compute(std::u16string_view core, std::size_t language);
  std::string stem_folded(std::size_t language, const std::string& word);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::u16string_view s) const noexcept {
      return std::hash<std::u16string_view>{}(s);
    }
  };
  using Cache = std::unordered_map<std::u16string, WordTerms, Hash, std::equal_to<>>;

  // A direct-mapped cache of the most frequent short words in front of the hash map,
  // small enough to stay in the CPU cache: a hash map lookup walks three scattered
  // allocations (bucket, node, key), which cost more than ICU's word breaking itself.
  static constexpr std::size_t kFrontSlots = 8192;  // a power of two
  static constexpr std::size_t kFrontKeyUnits = 14;
  struct FrontSlot {
    const WordTerms* terms = nullptr;  // null: empty
    std::uint8_t language = 0;
    std::uint8_t length = 0;
    std::array<char16_t, kFrontKeyUnits> key{};
  };
  FrontSlot& front_slot(std::u16string_view core, std::size_t language);
  void clear_caches();

  std::shared_ptr<const AnalysisConfig> config_;
  std::vector<SnowballStemmer> stemmers_;  // one per configured language
  std::vector<Cache> caches_;              // one per configured language
  std::vector<FrontSlot> front_;
  WordTerms uncached_;
  std::u16string lowered_, folded_;  // scratch
};

}  // namespace crible::analysis
