// Fuzz target: any bytes as a stored document (a zstd frame, maybe naming a dictionary
// crible does not have), then its JSON. Corruption is a crible::Error, never a crash.
#include <cstdint>
#include <string_view>

#include "crible/error.h"
#include "crible/json.h"
#include "index/doc_store.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static crible::index::Decompressor decompressor;
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  try {
    crible::document_from_json(decompressor.decompress(frame));
  } catch (const crible::Error&) {
  }
  return 0;
}
