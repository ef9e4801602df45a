#pragma once
// Lists stored as one string (a value slot, a metadata entry): the entity ids of a
// document (schema::kEntitySeparator) and the accent table's stems
// (schema::kMetaAccentPrefix, space-separated).

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace crible::index {

// The items of @p list, in order; empty items are skipped.
std::vector<std::string> split_list(std::string_view list, char separator);

// @p items joined by @p separator.
std::string join_list(const std::set<std::string>& items, char separator);

}  // namespace crible::index
