// Fuzz target: any bytes as a stored document (a zstd frame, compressed with the
// dictionary the decoder has, with one it lacks, or with none), then its JSON.
// Corruption is a crible::Error, never a crash. Seeds: frames with each dictionary
// (stored_dictionaries.h), without one, truncated, and not zstd at all.
#include <cstdint>
#include <string_view>

#include "crible/error.h"
#include "crible/json.h"
#include "index/doc_store.h"
#include "stored_dictionaries.h"

namespace {

crible::index::Decompressor& decompressor() {
  static crible::index::Decompressor instance;
  static const bool loaded = [] {
    instance.add_dictionary(crible::fuzz::fuzz_dictionary(crible::fuzz::kKnownDictionaryId, "k"));
    return true;
  }();
  (void)loaded;
  return instance;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view frame(reinterpret_cast<const char*>(data), size);
  try {
    crible::document_from_json(decompressor().decompress(frame));
  } catch (const crible::Error&) {
  }
  return 0;
}
