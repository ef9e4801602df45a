#include "index/lists.h"

#include <algorithm>
#include <charconv>
#include <vector>

namespace crible::index {

std::vector<std::string> split_list(std::string_view list, char separator) {
  std::vector<std::string> items;
  while (!list.empty()) {
    const std::size_t end = list.find(separator);
    if (end != 0) items.emplace_back(list.substr(0, end));
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return items;
}

std::string join_list(const std::set<std::string>& items, char separator) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += separator;
    out += item;
  }
  return out;
}

std::string encode_spellings(const SpellingCounts& spellings) {
  std::string out;
  for (const auto& [spelling, documents] : spellings) {
    if (!out.empty()) out += '\n';
    out.append(spelling).append("\t").append(std::to_string(documents));
  }
  return out;
}

SpellingCounts decode_spellings(std::string_view entry) {
  SpellingCounts spellings;
  for (const std::string& line : split_list(entry, '\n')) {
    const std::size_t tab = line.find('\t');
    if (tab == 0 || tab == std::string::npos) continue;
    std::uint64_t documents = 0;
    const char* end = line.data() + line.size();
    if (std::from_chars(line.data() + tab + 1, end, documents).ptr != end) continue;
    spellings[line.substr(0, tab)] += documents;
  }
  return spellings;
}

void keep_most_written(SpellingCounts& spellings, std::size_t kept) {
  if (spellings.size() <= kept) return;
  std::vector<std::pair<std::uint64_t, std::string>> ranked;
  for (const auto& [spelling, documents] : spellings)
    ranked.emplace_back(documents, spelling);
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  for (std::size_t k = kept; k < ranked.size(); ++k)
    spellings.erase(ranked[k].second);
}

std::string display_spelling(const SpellingCounts& spellings, std::uint64_t documents) {
  const auto most =
      std::max_element(spellings.begin(), spellings.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  if (most == spellings.end() || 2 * most->second <= documents) return {};
  return most->first;
}

}  // namespace crible::index
