#include "web/text.h"

namespace crible::web {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string collapse_spaces(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool space = false;
  for (const char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
      space = !out.empty();
    } else {
      if (space) out += ' ';
      space = false;
      out += c;
    }
  }
  return out;
}

std::string language_code(std::string_view tag) {
  std::string code = ascii_lower(tag.substr(0, tag.find_first_of("-_")));
  return code.size() == 2 || code.size() == 3 ? code : std::string();
}

}  // namespace crible::web
