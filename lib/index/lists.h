#pragma once
// Lists stored as one string (a value slot, a metadata entry): the entity ids of a
// document (schema::kEntitySeparator) and the accent table's stems
// (schema::kMetaAccentPrefix, space-separated).

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace crible::index {

// The items of @p list, in order; empty items are skipped.
std::vector<std::string> split_list(std::string_view list, char separator);

// @p items joined by @p separator.
std::string join_list(const std::set<std::string>& items, char separator);

// The display table's entry of a word (schema::kMetaDisplayPrefix): its spellings other
// than the folded word itself, each with the number of documents writing it so.
using SpellingCounts = std::map<std::string, std::uint64_t>;
// "économie\t1834\nÉconomie\t12" (spellings hold no tab nor line break: they are words).
std::string encode_spellings(const SpellingCounts& spellings);
// Malformed lines are skipped.
SpellingCounts decode_spellings(std::string_view entry);
// Keeps the @p kept spellings written by the most documents.
void keep_most_written(SpellingCounts& spellings, std::size_t kept);
// The spelling to show for a word held by @p documents documents: the one more than half
// of them write, or empty (the folded word then).
std::string display_spelling(const SpellingCounts& spellings, std::uint64_t documents);

}  // namespace crible::index
