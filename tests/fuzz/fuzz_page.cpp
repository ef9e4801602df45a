// Fuzz target: any bytes as a scraped page (title, paragraphs, tweet, comments).
#include <cstdint>
#include <string>

#include "crible/error.h"
#include "crible/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crible::ReadOptions options;
  options.format = crible::InputFormat::page;
  auto reader = crible::DocumentReader::from_text(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz", options);
  crible::Document document;
  try {
    while (reader.next(document, [](const crible::ReadProblem&) {})) {
    }
  } catch (const crible::IoError&) {  // zstd-looking input that does not decode
  }
  return 0;
}
