// Fuzz target: any bytes as a query string, fields, ranges and wildcards included. A
// bad query is a note or an InvalidArgument, never a crash or another exception.
#include <cstdint>
#include <string_view>

#include "crible/error.h"
#include "crible/query.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static crible::Analyzer analyzer = crible::Analyzer::create();
  static crible::QueryBuilder builder(analyzer, crible::Gazetteer::builtin(analyzer));
  try {
    builder.parse(std::string_view(reinterpret_cast<const char*>(data), size));
  } catch (const crible::InvalidArgument&) {
  }
  return 0;
}
