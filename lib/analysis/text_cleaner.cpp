#include "analysis/text_cleaner.h"

#include "analysis/elision.h"

namespace crible::analysis {
namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at @p i; returns its length in bytes, or 0 with the length
// of the maximal invalid subpart in @p bad_length (Unicode 15, table 3-7).
std::size_t decode(std::string_view s, std::size_t i, char32_t& cp, std::size_t& bad_length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) {
    cp = b0;
    return 1;
  }
  std::size_t length = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    length = 2;
    cp = b0 & 0x1F;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    length = 3;
    cp = b0 & 0x0F;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;  // no surrogates
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    length = 4;
    cp = b0 & 0x07;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
  } else {
    bad_length = 1;
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (i + k >= s.size()) {
      bad_length = k;
      return 0;
    }
    const unsigned char b = byte(i + k);
    const unsigned char min = k == 1 ? lo : 0x80;
    const unsigned char max = k == 1 ? hi : 0xBF;
    if (b < min || b > max) {
      bad_length = k;
      return 0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  return length;
}

bool is_dropped(char32_t cp) {
  switch (cp) {
    case 0x00AD:  // soft hyphen
    case 0x200B:  // zero width space
    case 0x200C:  // zero width non-joiner
    case 0x200D:  // zero width joiner
    case 0x2060:  // word joiner
    case 0xFEFF:  // zero width no-break space (BOM)
      return true;
    default:
      return false;
  }
}

char32_t canonical(char32_t cp) {
  // ’ (the usual French apostrophe), ʼ, ‘ (often typed for one) and ＇ read as '.
  if (is_apostrophe(cp)) return U'\'';
  switch (cp) {
    case U'\n':
    case U'\t':
      return cp;
    default:
      break;
  }
  if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 || cp == 0x2029) return U' ';
  return cp;
}

}  // namespace

void clean_utf8(std::string_view bytes, CleanText& out) {
  // Sized for the worst case (one unit per byte), written through pointers, then
  // trimmed: this loop runs over every byte of every document.
  out.units.resize(bytes.size());
  out.byte_offsets.resize(bytes.size() + 1);
  char16_t* unit = out.units.data();
  std::uint32_t* offset = out.byte_offsets.data();
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto start = static_cast<std::uint32_t>(i);
    const unsigned char b0 = static_cast<unsigned char>(bytes[i]);
    if (b0 >= 0x20 && b0 < 0x7F) {  // the common case: printable ASCII
      *unit++ = b0;
      *offset++ = start;
      ++i;
      continue;
    }
    char32_t cp = 0;
    std::size_t bad_length = 0;
    const std::size_t length = decode(bytes, i, cp, bad_length);
    if (length == 0) {
      cp = kReplacement;
      i += bad_length;
    } else {
      i += length;
    }
    if (is_dropped(cp)) continue;
    cp = canonical(cp);
    if (cp < 0x10000) {
      *unit++ = static_cast<char16_t>(cp);
      *offset++ = start;
    } else {  // a 4-byte sequence: two units, never more units than bytes
      cp -= 0x10000;
      *unit++ = static_cast<char16_t>(0xD800 + (cp >> 10));
      *unit++ = static_cast<char16_t>(0xDC00 + (cp & 0x3FF));
      *offset++ = start;
      *offset++ = start;
    }
  }
  *offset++ = static_cast<std::uint32_t>(bytes.size());
  out.units.resize(static_cast<std::size_t>(unit - out.units.data()));
  out.byte_offsets.resize(static_cast<std::size_t>(offset - out.byte_offsets.data()));
}

bool is_valid_utf8(std::string_view bytes) noexcept {
  std::size_t i = 0;
  while (i < bytes.size()) {
    char32_t cp = 0;
    std::size_t bad_length = 0;
    const std::size_t length = decode(bytes, i, cp, bad_length);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

}  // namespace crible::analysis
