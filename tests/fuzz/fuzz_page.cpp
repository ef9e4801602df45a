// Fuzz target: any bytes as a scraped page (title, paragraphs, tweet, comments).
#include <cstdint>
#include <string>

#include "crible/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crible::ReadOptions options;
  options.format = crible::InputFormat::page;
  auto reader = crible::DocumentReader::from_text(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz", options);
  crible::Document document;
  while (reader.next(document, [](const crible::ReadProblem&) {})) {
  }
  return 0;
}
