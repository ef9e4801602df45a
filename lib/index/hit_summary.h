#pragma once
// The hit summary: the few fields a search hit shows (id, title, date, author, url),
// kept in a value slot so that a page of hits needs no decompression of whole stored
// documents (measured: decoding them was 0.4 of crible's query time without snippets).

#include <string>
#include <string_view>

#include "crible/document.h"

namespace crible::index {

struct HitSummary {
  std::string id, title, date, author, url;
};

std::string encode_summary(const Document& document);
// Throws IndexError when @p value is not a summary.
HitSummary decode_summary(std::string_view value);

}  // namespace crible::index
