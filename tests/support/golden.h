#pragma once
// Golden tables: "input<TAB>expected" lines, '#' comments. Inputs take escapes:
// \n \t \\ \uXXXX (a code point) and \xHH (a raw byte, for invalid UTF-8).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"

namespace crible::test {

struct GoldenCase {
  std::size_t line = 0;
  std::string input;     // unescaped
  std::string expected;  // as written
};

std::vector<GoldenCase> load_golden(const std::filesystem::path& path);
std::string unescape(std::string_view text);

// Tokens in the compact golden form: every term followed by its position,
// "application[1] Zappliqu[1]", typed-token terms included, in token order.
std::string render_terms(const std::vector<Token>& tokens);

std::filesystem::path source_path(std::string_view relative);

}  // namespace crible::test
