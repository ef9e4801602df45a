#pragma once
// Unicode normalisation for matching: NFC, full case folding, accent and ligature
// folding. Index and query terms both come from here.

#include <unicode/utypes.h>

#include <string>
#include <string_view>

U_NAMESPACE_BEGIN
class Normalizer2;
U_NAMESPACE_END

namespace crible::analysis {

class UnicodeFolder {
 public:
  UnicodeFolder();  // throws crible::Error if ICU's normalisation data is missing

  // NFKC with ICU full case folding (NFKC_Casefold: "Œuvre" -> "œuvre", "Straße" ->
  // "strasse", fullwidth "Ｐａｒｉｓ" -> "paris", "1ᵉʳ" -> "1er"), then decimal digits
  // of every script to ASCII ("١٢٣" -> "123"): the same word typed on another keyboard
  // is the same word.
  void lower(std::u16string_view in, std::u16string& out) const;

  // Accents and ligatures off a lowered word: NFD, nonspacing marks dropped,
  // "œ" -> "oe", "æ" -> "ae", letters with a stroke or bar to their base letter
  // ("ł" -> "l", "ø" -> "o", "đ" -> "d", "ħ" -> "h": Unicode has no decomposition for
  // them, Lucene's ASCII folding maps them too), NFC again ("cœur" -> "coeur").
  void strip_accents(std::u16string_view lowered, std::u16string& out) const;

  // lower() then strip_accents() on UTF-8 text (invalid bytes become U+FFFD).
  std::string fold_utf8(std::string_view text) const;

 private:
  const icu::Normalizer2* nfc_;  // owned by ICU, immutable and thread-safe
  const icu::Normalizer2* nfd_;
  const icu::Normalizer2* nfkc_casefold_;
};

// UTF-16 to UTF-8; unpaired surrogates become U+FFFD.
void append_utf8(std::u16string_view in, std::string& out);
std::string to_utf8(std::u16string_view in);
// UTF-8 (any bytes) to UTF-16 through the same cleaning the analyzer applies.
std::u16string to_utf16(std::string_view in);

}  // namespace crible::analysis
