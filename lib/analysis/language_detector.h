#pragma once
// Paragraph language detection with CLD2, restricted to the languages crible stems.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/word_breaker.h"

namespace crible::analysis {

class LanguageDetector {
 public:
  // @p allowed: ISO 639-1 codes detection may return; anything else, and text
  // shorter than @p min_bytes or that CLD2 is unsure of, gives @p fallback.
  LanguageDetector(std::vector<std::string> allowed, std::string fallback, std::size_t min_bytes);

  // @p utf8 must be valid UTF-8.
  const std::string& detect(std::string_view utf8) const;

 private:
  std::vector<std::string> allowed_;
  std::string fallback_;
  std::size_t min_bytes_;
};

// Whether the words of a paragraph are so plainly French that CLD2 need not be asked:
// at least @p min_words words, a quarter or more of them French function words
// ("le", "des", "qui"...) or elided ("l'avion"). English text scores near zero. CLD2
// costs more than ICU word breaking itself, and most paragraphs pass this test.
bool plainly_french(std::u16string_view text, std::span<const WordSpan> words,
                    std::size_t min_words = 8);

}  // namespace crible::analysis
