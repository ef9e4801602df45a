#pragma once
// Decodes untrusted bytes into the UTF-16 text ICU works on, remembering where every
// code unit came from so that tokens can point back into the original input.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace crible::analysis {

struct CleanText {
  std::u16string units;
  // byte_offsets[i] is the input offset of the code point units[i] belongs to;
  // byte_offsets[units.size()] is the input length.
  std::vector<std::uint32_t> byte_offsets;
};

// Decodes @p bytes (at most 4 GiB) as UTF-8:
// - invalid sequences become U+FFFD (one per maximal invalid subpart, as ICU does);
// - NUL and other control characters become spaces (they separate words); newlines
//   and tabs are kept;
// - typographic apostrophes (U+2019, U+02BC, U+2018, U+FF07) become U+0027;
// - soft hyphens and zero-width characters are dropped, so the word they sat in
//   stays whole ("ap\u00ADplication" is "application").
// NFC normalisation is left to the word level: ICU's word rules keep combining marks
// with their base letter.
void clean_utf8(std::string_view bytes, CleanText& out);

// Whether @p bytes is well-formed UTF-8.
bool is_valid_utf8(std::string_view bytes) noexcept;

}  // namespace crible::analysis
