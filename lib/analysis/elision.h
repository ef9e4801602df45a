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

// The same rule on a word as written (UTF-8, any apostrophe variant): the length in
// bytes of its elided prefix ("l’Élysée" -> 4), or 0. For code that holds a token's
// text, so that it never needs a rule of its own.
std::size_t elision_bytes(std::string_view word) noexcept;

// The characters read as an apostrophe: U+0027 and the variants the text cleaner
// turns into it (’ ʼ ‘ ＇).
bool is_apostrophe(char32_t cp) noexcept;

}  // namespace crible::analysis
