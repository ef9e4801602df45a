#pragma once
// French elision: "l'", "d'", "qu'", "jusqu'"... in front of a word.

#include <cstddef>
#include <string_view>

namespace crible::analysis {

// Length in UTF-16 units of the elided prefix of @p word, apostrophe included
// ("L'application" -> 2, "Jusqu'où" -> 7), or 0 when there is none. Apostrophe
// variants must already be U+0027 (the text cleaner does it); any case matches.
// A prefix alone ("l'") is not an elision: there must be a word after it.
std::size_t elision_length(std::u16string_view word) noexcept;

}  // namespace crible::analysis
