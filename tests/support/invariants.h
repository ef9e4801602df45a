#pragma once
// What must hold for every analysis, whatever the input.

#include <string_view>
#include <vector>

#include "crible/analyzer.h"

namespace crible::test {

// Checks with Catch2 assertions: offsets inside the input and never going backwards,
// token text equal to the input at its offsets and valid UTF-8, positions starting at
// 1 and increasing (typed tokens share their first word's), no empty or oversized
// term, and the same result from a second run.
void check_invariants(Analyzer& analyzer, std::string_view input);

bool valid_utf8(std::string_view s);

}  // namespace crible::test
