#pragma once
// Edit distances between folded words, counted in code points: insertions, deletions,
// substitutions and swaps of two adjacent letters cost one each (optimal string
// alignment). Entity suggestions for unknown names, completions and typo-tolerant
// search all measure "close" with these.

#include <cstddef>
#include <string>
#include <string_view>

namespace crible::core {

// The code points of valid UTF-8 @p text (an invalid byte counts as one).
std::u32string code_points(std::string_view text);
// The same into @p out (its memory reused).
void code_points(std::string_view text, std::u32string& out);

// The distance between @p a and @p b.
std::size_t edit_distance(std::u32string_view a, std::u32string_view b);
std::size_t edit_distance(std::string_view a, std::string_view b);

// The smallest distance between @p typed and a prefix of @p word (what a completion
// of a mistyped prefix costs: "micrsof" is 1 from "microsoft"), or @p limit + 1 when
// it is over @p limit (the search stops there).
std::size_t prefix_edit_distance(std::u32string_view typed, std::u32string_view word,
                                 std::size_t limit);

// The typos a typed word of @p letters code points may hold, as Meilisearch allows
// them: none below 4 letters, one from 4, two from 8.
constexpr std::size_t typo_budget(std::size_t letters) noexcept {
  return letters >= 8 ? 2 : letters >= 4 ? 1 : 0;
}

}  // namespace crible::core
