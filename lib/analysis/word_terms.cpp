#include "analysis/word_terms.h"

#include <algorithm>
#include <cstring>

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
      front_(config_->options.word_cache_entries ? kFrontSets * kFrontWays : 0) {}

WordTermMaker::WordTermMaker(const WordTermMaker& other)
    : config_(other.config_),
      stemmers_(other.stemmers_),
      caches_(other.caches_.size()),
      front_(other.front_.size()) {}

WordTermMaker& WordTermMaker::operator=(const WordTermMaker& other) {
  if (this != &other) *this = WordTermMaker(other);
  return *this;
}

const CachedWord& WordTermMaker::terms(std::u16string_view core, std::size_t language) {
  if (config_->options.word_cache_entries == 0) {
    uncached_ = compute(core, language);
    return uncached_;
  }
  return find_or_compute(core, language, hash_of(core, language));
}

const CachedWord& WordTermMaker::find_or_compute(std::u16string_view core, std::size_t language,
                                                 std::uint64_t hash) {
  Cache& cache = caches_[language];
  if (const CachedWord* word = cache.find(core, hash)) return *word;
  // Bounded memory: a full cache starts again (Zipf refills the head in no time).
  if (cache.size() >= config_->options.word_cache_entries) clear_caches();
  return cache.insert(core, hash, compute(core, language));
}

WordHit WordTermMaker::lookup(std::u16string_view core, std::size_t language) {
  if (config_->options.word_cache_entries == 0) return hit(terms(core, language));
  const std::uint64_t hash = hash_of(core, language);
  FrontSlot* set = nullptr;
  if (core.size() <= kFrontKeyUnits) {
    set = &front_set(hash);
    for (std::size_t way = 0; way < kFrontWays; ++way) {
      FrontSlot& slot = set[way];
      if (slot.word && slot.language == language && slot.length == core.size() &&
          std::equal(core.begin(), core.end(), slot.key.begin())) {
        if (slot.score < 255) ++slot.score;
        return hit(*slot.word);
      }
    }
  }
  const CachedWord& word = find_or_compute(core, language, hash);
  if (set) remember(set, core, language, word);
  return hit(word);
}

WordHit WordTermMaker::hit(const CachedWord& word) {
  for (std::size_t i = 0; i < word.term_count; ++i)
    views_[i] = word.index_terms[i];
  return {std::span<const std::string_view>(views_.data(), word.term_count), word.terms.unstemmed,
          word.stopword};
}

std::uint64_t WordTermMaker::hash_of(std::u16string_view core, std::size_t language) noexcept {
  // Four units per multiply (a word is a few of them), then a final mix.
  constexpr std::uint64_t kMultiplier = 0x9E3779B97F4A7C15ULL;
  std::uint64_t hash = (core.size() + 1) * kMultiplier ^ language;
  std::size_t i = 0;
  for (; i + 4 <= core.size(); i += 4) {
    std::uint64_t chunk;
    std::memcpy(&chunk, core.data() + i, sizeof chunk);
    hash = (hash ^ chunk) * kMultiplier;
    hash ^= hash >> 31;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, core.data() + i, (core.size() - i) * sizeof(char16_t));
  hash = (hash ^ tail) * kMultiplier;
  return hash ^ (hash >> 29);
}

WordTermMaker::FrontSlot& WordTermMaker::front_set(std::uint64_t hash) {
  return front_[(hash & (kFrontSets - 1)) * kFrontWays];
}

// A missed word takes the way with the lowest score once that score has dropped to
// zero: every miss wears the set's scores down, every hit builds one up, so rare
// A missed word takes the way with the lowest score once that score has dropped to
// zero: every miss wears the set's scores down, every hit builds one up, so rare
// words do not evict frequent ones.
void WordTermMaker::remember(FrontSlot* set, std::u16string_view core, std::size_t language,
                             const CachedWord& word) {
  FrontSlot* victim = set;
  for (std::size_t way = 1; way < kFrontWays; ++way)
    if (set[way].score < victim->score) victim = &set[way];
  if (victim->score > 0) {
    --victim->score;
    return;
  }
  victim->score = 1;
  victim->word = &word;
  victim->language = static_cast<std::uint8_t>(language);
  victim->length = static_cast<std::uint8_t>(core.size());
  std::copy(core.begin(), core.end(), victim->key.begin());
}

// The front points into the tables: it empties with them.
void WordTermMaker::clear_caches() {
  for (Cache& cache : caches_)
    cache.clear();
  std::fill(front_.begin(), front_.end(), FrontSlot{});
}

const CachedWord* WordTermMaker::Cache::find(std::u16string_view key, std::uint64_t hash) const {
  if (slots_.empty()) return nullptr;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t i = (hash >> 32) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.entry == 0) return nullptr;
    if (slot.tag != static_cast<std::uint32_t>(hash >> 32)) continue;
    const Entry& entry = entries_[slot.entry - 1];
    if (entry.key() == key) return &entry.word;
  }
}

const CachedWord& WordTermMaker::Cache::insert(std::u16string_view key, std::uint64_t hash,
                                               CachedWord word) {
  if ((entries_.size() + 1) * 2 > slots_.size()) grow();
  Entry& entry = entries_.emplace_back();
  entry.word = std::move(word);
  entry.key_length = static_cast<std::uint32_t>(key.size());
  if (key.size() <= Entry::kInlineUnits)
    std::copy(key.begin(), key.end(), entry.short_key.begin());
  else
    entry.long_key.assign(key);
  const std::size_t mask = slots_.size() - 1;
  std::size_t i = (hash >> 32) & mask;
  while (slots_[i].entry != 0)
    i = (i + 1) & mask;
  slots_[i] = {static_cast<std::uint32_t>(hash >> 32), static_cast<std::uint32_t>(entries_.size())};
  return entries_.back().word;
}

void WordTermMaker::Cache::grow() {
  std::vector<Slot> old = std::move(slots_);
  slots_.assign(old.empty() ? 1024 : old.size() * 2, Slot{});
  const std::size_t mask = slots_.size() - 1;
  for (const Slot& slot : old) {
    if (slot.entry == 0) continue;
    std::size_t i = slot.tag & mask;
    while (slots_[i].entry != 0)
      i = (i + 1) & mask;
    slots_[i] = slot;
  }
}

void WordTermMaker::Cache::clear() {
  slots_.clear();
  entries_.clear();
}

std::string WordTermMaker::stem_folded(std::size_t language, const std::string& word) {
  return config_->folder.fold_utf8(stemmers_[language].stem(word));
}

CachedWord WordTermMaker::compute(std::u16string_view core, std::size_t language) {
  CachedWord word;
  word.terms = compute_terms(core, language);
  const WordTerms& terms = word.terms;
  word.stopword = terms.stopword;
  // Stop words keep their position (phrases skip over them) but are not indexed:
  // they are most French tokens, and positions are half of an index.
  if (terms.phrase_stem.empty() || terms.stopword) return word;
  const auto add = [&word](const std::string& term) {
    if (word.term_count < CachedWord::kMaxTerms) word.index_terms[word.term_count++] = term;
  };
  if (!terms.stopword) add(terms.unstemmed);
  add(terms.phrase_stem);
  for (const std::string& other : terms.other_stems)
    add(other);
  return word;
}

WordTerms WordTermMaker::compute_terms(std::u16string_view core, std::size_t language) {
  const AnalysisConfig& config = *config_;
  config.folder.lower(core, lowered_);
  config.folder.strip_accents(lowered_, folded_);
  WordTerms result;
  result.unstemmed = to_utf8(folded_);
  if (result.unstemmed.empty()) return result;
  if (config.options.use_stopwords && config.stopwords.contains(result.unstemmed)) {
    // Not stemmed ("des" is not "de"); the term is what a query parser makes of the
    // word, for the query side to recognise and drop.
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

}  // namespace crible::analysis
