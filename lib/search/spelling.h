#pragma once
// "Did you mean": query words the index does not know, respelled from Xapian's
// spelling table (filled with the index's folded words, so accents do not count).

#include <xapian.h>

#include <string>
#include <string_view>

#include "crible/analyzer.h"

namespace crible::search {

// @p query with each unknown word replaced by the closest indexed word (edit distance
// ≤ 2, most frequent first); empty when no word needs it. Field values
// (`entity:msft`) and operators are left alone.
std::string suggest_spelling(std::string_view query, Analyzer& analyzer,
                             const Xapian::Database& database);

}  // namespace crible::search
