#pragma once
// How deep a JSON text nests, measured before parsing: nlohmann::json recurses, so a
// deeply nested input is refused before it can exhaust the stack.

#include <algorithm>
#include <cstddef>
#include <string_view>

namespace crible {

// The deepest nesting of arrays and objects in @p text, strings skipped.
inline std::size_t nesting_depth(std::string_view text) noexcept {
  std::size_t depth = 0, deepest = 0;
  bool in_string = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\')
        ++i;  // an escaped character, maybe a quote
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

}  // namespace crible
