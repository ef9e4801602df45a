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

}  // namespace

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
