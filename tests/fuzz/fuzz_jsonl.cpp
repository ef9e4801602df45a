// Fuzz target: any bytes as JSON Lines. Bad lines are reported and skipped; only input
// that cannot be read at all (corrupt zstd) throws, as a crible::IoError.
#include <cstdint>
#include <string>

#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crible::ReadOptions options;
  options.format = crible::InputFormat::jsonl;
  options.max_document_bytes = 1 << 16;
  auto reader = crible::DocumentReader::from_text(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz", options);
  crible::Document document;
  try {
    while (reader.next(document, [](const crible::ReadProblem&) {}))
      crible::document_from_json(crible::document_to_json(document));  // round trip
  } catch (const crible::IoError&) {
  }
  return 0;
}
