#include "analysis/word_terms.h"

#include <algorithm>

namespace crible::analysis {
namespace {

std::vector<SnowballStemmer> make_stemmers(const AnalysisConfig& config) {
  std::vector<SnowballStemmer> stemmers;
  for (const std::string& language : config.options.languages)
    stemmers.emplace_back(language);
  return stemmers;
}

void add_unique(std::vector<std::string>& terms, const std::string& phrase_stem, std::string term) {
  if (term == phrase_stem) return;
  if (std::find(terms.begin(), terms.end(), term) != terms.end()) return;
  terms.push_back(std::move(term));
}

}  // namespace

WordTermMaker::WordTermMaker(std::shared_ptr<const AnalysisConfig> config)
    : config_(std::move(config)),
      stemmers_(make_stemmers(*config_)),
      caches_(config_->options.languages.size()),
      front_(config_->options.word_cache_entries ? kFrontSlots : 0) {}

WordTermMaker::WordTermMaker(const WordTermMaker& other)
    : config_(other.config_),
      stemmers_(other.stemmers_),
      caches_(other.caches_.size()),
      front_(other.front_.size()) {}

WordTermMaker& WordTermMaker::operator=(const WordTermMaker& other) {
  if (this != &other) *this = WordTermMaker(other);
  return *this;
}

const WordTerms& WordTermMaker::terms(std::u16string_view core, std::size_t language) {
  const std::size_t capacity = config_->options.word_cache_entries;
  if (capacity == 0) {
    uncached_ = compute(core, language);
    return uncached_;
  }
  FrontSlot* front = nullptr;
  if (core.size() <= kFrontKeyUnits) {
    front = &front_slot(core, language);
    if (front->terms && front->language == language && front->length == core.size() &&
        std::equal(core.begin(), core.end(), front->key.begin()))
      return *front->terms;
  }
  Cache& cache = caches_[language];
  auto hit = cache.find(core);
  if (hit == cache.end()) {
    // Bounded memory: a full cache starts again (Zipf refills the head in no time).
    if (cache.size() >= capacity) {
      clear_caches();
      if (front) front = &front_slot(core, language);
    }
    hit = cache.emplace(std::u16string(core), compute(core, language)).first;
  }
  // First come, first kept: frequent words come early, and a rare word must not evict
  // one. unordered_map nodes do not move: the pointer holds until a clear.
  if (front && !front->terms) {
    front->terms = &hit->second;
    front->language = static_cast<std::uint8_t>(language);
    front->length = static_cast<std::uint8_t>(core.size());
    std::copy(core.begin(), core.end(), front->key.begin());
  }
  return hit->second;
}

WordTermMaker::FrontSlot& WordTermMaker::front_slot(std::u16string_view core,
                                                    std::size_t language) {
  // FNV-1a over the units: short keys, and cheaper than a general-purpose hash.
  std::uint64_t hash = 1469598103934665603ULL ^ language;
  for (char16_t c : core)
    hash = (hash ^ c) * 1099511628211ULL;
  return front_[(hash ^ (hash >> 29)) & (kFrontSlots - 1)];
}

void WordTermMaker::clear_caches() {
  for (Cache& cache : caches_)
    cache.clear();
  std::fill(front_.begin(), front_.end(), FrontSlot{});
}

std::string WordTermMaker::stem_folded(std::size_t language, const std::string& word) {
  return config_->folder.fold_utf8(stemmers_[language].stem(word));
}

WordTerms WordTermMaker::compute(std::u16string_view core, std::size_t language) {
  const AnalysisConfig& config = *config_;
  config.folder.lower(core, lowered_);
  config.folder.strip_accents(lowered_, folded_);
  WordTerms result;
  result.unstemmed = to_utf8(folded_);
  if (result.unstemmed.empty()) return result;
  if (config.options.use_stopwords && config.stopwords.contains(result.unstemmed)) {
    // Not stemmed ("des" is not "de"), but positional so that phrases match.
    result.stopword = true;
    result.phrase_stem = "Z" + result.unstemmed;
    return result;
  }
  const std::string lowered = to_utf8(lowered_);
  // Stemming and folding do not commute in Snowball French (données -> don, but
  // donnees -> donne): index both at the same position. The query parser stems the
  // folded word, so that form carries phrases and accent-free queries.
  const std::size_t query_language = config.default_language;
  result.phrase_stem = "Z" + stem_folded(query_language, result.unstemmed);
  add_unique(result.other_stems, result.phrase_stem, "Z" + stem_folded(query_language, lowered));
  if (language != query_language) {
    add_unique(result.other_stems, result.phrase_stem,
               "Z" + stem_folded(language, result.unstemmed));
    add_unique(result.other_stems, result.phrase_stem, "Z" + stem_folded(language, lowered));
  }
  return result;
}

void WordTermMaker::append_index_terms(const WordTerms& terms, std::vector<std::string>& out) {
  if (terms.phrase_stem.empty()) return;
  if (!terms.stopword) out.push_back(terms.unstemmed);
  out.push_back(terms.phrase_stem);
  out.insert(out.end(), terms.other_stems.begin(), terms.other_stems.end());
}

}  // namespace crible::analysis
