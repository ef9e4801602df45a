// Fuzz target: any bytes as an RSS or Atom feed (libxml2 in recovery mode, items,
// dates, their HTML content through the HTML text path).
#include <cstdint>
#include <string>

#include "crible/error.h"
#include "crible/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  crible::ReadOptions options;
  options.format = crible::InputFormat::feed;
  auto reader = crible::DocumentReader::from_text(
      std::string(reinterpret_cast<const char*>(data), size), "fuzz.xml", options);
  crible::Thread thread;
  try {
    while (reader.next_thread(thread, [](const crible::ReadProblem&) {})) {
    }
  } catch (const crible::IoError&) {  // zstd-looking input that does not decode
  }
  return 0;
}
