#pragma once
// Typed tokens found before word breaking: URLs, e-mail addresses, @handles,
// $CASHTAGS and #hashtags. Each gets its own prefixed terms; the words inside them
// are indexed as words too (the word breaker sees the same text).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"

namespace crible::analysis {

class UnicodeFolder;

struct SpecialSpan {
  std::int32_t begin = 0;  // UTF-16 units
  std::int32_t end = 0;
  TokenKind kind = TokenKind::url;
  std::vector<std::string> terms;
};

// Appends the typed tokens of @p text to @p out, in order, without overlaps
// (an address inside a URL belongs to the URL).
void find_special_tokens(std::u16string_view text, const UnicodeFolder& folder,
                         std::vector<SpecialSpan>& out);

// The host of a URL as a term value: lower case, without "www." nor port
// ("https://www.ZDNet.fr:443/x" -> "zdnet.fr"); empty if there is none.
std::string url_host(std::string_view url);

}  // namespace crible::analysis
