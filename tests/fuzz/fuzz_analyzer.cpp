// Fuzz target: any bytes through the Analyzer. Tokens must lie inside the input, in
// order, with positions that never go back; nothing may crash.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "crible/analyzer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static crible::Analyzer analyzer = crible::Analyzer::create();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::uint32_t last_position = 0;
  for (const crible::Token& token : analyzer.analyze(text)) {
    if (token.start > token.end || token.end > size) std::abort();
    if (token.position < last_position) std::abort();
    last_position = token.position;
  }
  analyzer.word_terms(text.substr(0, 200));
  return 0;
}
