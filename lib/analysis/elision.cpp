#include "analysis/elision.h"

#include <array>

namespace crible::analysis {
namespace {

// The French elided words, lower case, without their apostrophe.
constexpr std::array<std::u16string_view, 14> kElidedWords = {
    u"l", u"d",  u"j",     u"m",      u"n",      u"s",      u"t",
    u"c", u"qu", u"jusqu", u"lorsqu", u"puisqu", u"quoiqu", u"presqu"};

constexpr std::size_t kLongestElidedWord = 6;

char16_t ascii_lower(char16_t c) {
  return (c >= u'A' && c <= u'Z') ? c + (u'a' - u'A') : c;
}

bool is_ascii_letter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// The length of the apostrophe (any variant) that @p text starts with, or 0.
std::size_t apostrophe_bytes(std::string_view text) {
  if (!text.empty() && text[0] == '\'') return 1;
  if (text.size() < 2) return 0;
  const auto byte = [&text](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  if (byte(0) == 0xCA && byte(1) == 0xBC) return 2;  // U+02BC
  if (text.size() < 3) return 0;
  const char32_t cp = ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  return (byte(0) & 0xF0) == 0xE0 && is_apostrophe(cp) ? 3 : 0;
}

}  // namespace

bool is_apostrophe(char32_t cp) noexcept {
  return cp == U'\'' || cp == 0x2019 || cp == 0x02BC || cp == 0x2018 || cp == 0xFF07;
}

std::size_t elision_bytes(std::string_view word) noexcept {
  std::size_t letters = 0;
  while (letters < word.size() && letters <= kLongestElidedWord && is_ascii_letter(word[letters]))
    ++letters;
  if (letters == 0 || letters > kLongestElidedWord) return 0;
  const std::size_t apostrophe = apostrophe_bytes(word.substr(letters));
  if (apostrophe == 0 || letters + apostrophe >= word.size()) return 0;
  // The prefix, its apostrophe and a stand-in for the word after it, in the form the
  // one rule reads.
  char16_t units[kLongestElidedWord + 2];
  for (std::size_t i = 0; i < letters; ++i)
    units[i] = static_cast<char16_t>(word[i]);
  units[letters] = u'\'';
  units[letters + 1] = u'x';
  return elision_length(std::u16string_view(units, letters + 2)) != 0 ? letters + apostrophe : 0;
}

std::size_t elision_length(std::u16string_view word) noexcept {
  const std::size_t apostrophe = word.find(u'\'');
  if (apostrophe == std::u16string_view::npos || apostrophe == 0 ||
      apostrophe > kLongestElidedWord || apostrophe + 1 >= word.size())
    return 0;
  char16_t prefix[kLongestElidedWord];
  for (std::size_t i = 0; i < apostrophe; ++i)
    prefix[i] = ascii_lower(word[i]);
  const std::u16string_view candidate(prefix, apostrophe);
  for (std::u16string_view elided : kElidedWords)
    if (candidate == elided) return apostrophe + 1;
  return 0;
}

}  // namespace crible::analysis
