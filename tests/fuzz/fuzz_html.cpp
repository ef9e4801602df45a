// Fuzz target: any bytes as an HTML article page (charset detection and decoding,
// Gumbo's tree, metadata, main text, comments), read without and with a declared
// transport charset, since the two take different decoding paths.
#include <cstdint>
#include <string>

#include "crible/error.h"
#include "crible/ingest.h"

namespace {

void read_page(const std::string& text, const char* charset) {
  crible::ReadOptions options;
  options.format = crible::InputFormat::html;
  options.charset = charset;
  auto reader = crible::DocumentReader::from_text(text, "fuzz.html", options);
  crible::Thread thread;
  try {
    while (reader.next_thread(thread, [](const crible::ReadProblem&) {})) {
    }
  } catch (const crible::IoError&) {  // zstd-looking input that does not decode
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  read_page(text, "");
  read_page(text, "windows-1252");
  return 0;
}
