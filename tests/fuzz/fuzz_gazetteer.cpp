// Fuzz target: any bytes as a gazetteer file; a bad file is a ParseError, never a crash.
// A gazetteer that loads is then used to match and resolve its own text.
#include <cstdint>
#include <string_view>

#include "crible/entities.h"
#include "crible/error.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static crible::Analyzer analyzer = crible::Analyzer::create();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const crible::Gazetteer gazetteer = crible::Gazetteer::parse(text, "fuzz", analyzer);
    const auto tokens = analyzer.analyze(text);
    gazetteer.match(text, tokens);
    gazetteer.resolve(text.substr(0, 64));
  } catch (const crible::Error&) {
  }
  return 0;
}
