#pragma once
// Small text rules the web readers share: ASCII lower case (HTML names and labels are
// ASCII-case-insensitive), whitespace collapsed as HTML renders it, language tags.

#include <string>
#include <string_view>

namespace crible::web {

std::string ascii_lower(std::string_view text);
// Runs of spaces, tabs and line breaks as one space, none at either end.
std::string collapse_spaces(std::string_view text);
// "fr-FR", "fr_FR", "FR" -> "fr"; empty unless a 2- or 3-letter primary subtag.
std::string language_code(std::string_view tag);

}  // namespace crible::web
