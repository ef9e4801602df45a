#pragma once
/// @file
/// The one place where crible's values become JSON (CLI and HTTP alike).

#include <string>
#include <vector>

#include "crible/analyzer.h"

namespace crible {

/// The analysis of a text as one JSON object:
/// `{"tokens": [{"text", "start", "end", "position", "kind", "lang", "terms"}], "entities": []}`.
/// @p indent < 0 prints it on one line.
std::string analysis_to_json(const std::vector<Token>& tokens, int indent = -1);

}  // namespace crible
