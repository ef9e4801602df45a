#include "analysis/language_detector.h"

#include <cstdio>  // CLD2's header uses FILE without including it
// clang-format off
#include <cld2/public/compact_lang_det.h>
// clang-format on

#include <algorithm>
#include <array>
#include <climits>

namespace crible::analysis {

namespace {

// Frequent French function words that are rare in English (no "a", "on", "as").
constexpr std::array<std::u16string_view, 32> kFrenchMarkers = {
    u"au",  u"aux", u"avec", u"ce",  u"ces", u"cette", u"dans", u"de",   u"des", u"du",   u"elle",
    u"est", u"et",  u"il",   u"la",  u"le",  u"les",   u"leur", u"mais", u"ne",  u"nous", u"ou",
    u"par", u"pas", u"pour", u"qui", u"que", u"se",    u"son",  u"sont", u"sur", u"une"};

bool is_french_marker(std::u16string_view word) {
  if (word.size() < 2 || word.size() > 5) return false;
  char16_t lower[5];
  for (std::size_t i = 0; i < word.size(); ++i) {
    const char16_t c = word[i];
    lower[i] = (c >= u'A' && c <= u'Z') ? static_cast<char16_t>(c + (u'a' - u'A')) : c;
  }
  const std::u16string_view folded(lower, word.size());
  return std::find(kFrenchMarkers.begin(), kFrenchMarkers.end(), folded) != kFrenchMarkers.end();
}

}  // namespace

bool plainly_french(std::u16string_view text, std::span<const WordSpan> words,
                    std::size_t min_words) {
  if (words.size() < min_words) return false;
  // The first words tell: a paragraph rarely changes language half-way.
  constexpr std::size_t kSampleWords = 48;
  if (words.size() > kSampleWords) words = words.first(kSampleWords);
  std::size_t markers = 0;
  for (const WordSpan& word : words) {
    if (word.core_begin != word.begin ||
        is_french_marker(text.substr(word.core_begin, word.core_end - word.core_begin)))
      ++markers;
  }
  return markers * 4 >= words.size();
}

LanguageDetector::LanguageDetector(std::vector<std::string> allowed, std::string fallback,
                                   std::size_t min_bytes)
    : allowed_(std::move(allowed)), fallback_(std::move(fallback)), min_bytes_(min_bytes) {}

const std::string& LanguageDetector::detect(std::string_view utf8) const {
  if (utf8.size() < min_bytes_ || utf8.size() > static_cast<std::size_t>(INT_MAX)) return fallback_;
  bool reliable = false;
  const CLD2::Language language =
      CLD2::DetectLanguage(utf8.data(), static_cast<int>(utf8.size()), true, &reliable);
  if (!reliable) return fallback_;
  const std::string_view code = CLD2::LanguageCode(language);
  const auto found = std::find(allowed_.begin(), allowed_.end(), code);
  return found == allowed_.end() ? fallback_ : *found;
}

}  // namespace crible::analysis
