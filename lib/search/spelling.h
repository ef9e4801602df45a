#pragma once
// "Did you mean": query words the index does not know, respelled from Xapian's
// spelling table (filled with the index's folded words, so accents do not count).

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crible/analyzer.h"

namespace crible::search {

// @p query with each unknown word of @p spans (the byte ranges of its searched text,
// CompiledQuery::text_spans: operators and filter values are outside them) replaced by
// the closest indexed word (edit distance ≤ 2, most frequent first); empty when no
// word needs it.
std::string suggest_spelling(std::string_view query,
                             const std::vector<std::pair<std::size_t, std::size_t>>& spans,
                             Analyzer& analyzer, const Xapian::Database& database);

}  // namespace crible::search
