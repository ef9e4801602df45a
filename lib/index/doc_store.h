#pragma once
// Stored documents: JSON compressed as one zstd frame, with a dictionary trained on
// the first documents of an indexing run (short French texts barely compress alone).
// The frame names its dictionary id; dictionaries live in the database metadata, so
// every document decodes whatever run wrote it.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace Xapian {
class Database;
}

struct ZSTD_CCtx_s;
struct ZSTD_DCtx_s;
struct ZSTD_CDict_s;
struct ZSTD_DDict_s;

namespace crible::index {

// A trained dictionary: its id (as zstd writes it in frames) and its bytes.
struct Dictionary {
  std::uint32_t id = 0;
  std::string bytes;
};

// Trains a dictionary of at most @p max_bytes on @p samples; nullopt-like empty
// Dictionary (id 0) when zstd finds too little to learn from.
Dictionary train_dictionary(const std::vector<std::string>& samples, std::size_t max_bytes);

// Compresses with one dictionary (or none). Not thread-safe: one per thread; the
// compiled dictionary is shared read-only.
class Compressor {
 public:
  Compressor(const Dictionary& dictionary, int level);  // id 0: no dictionary
  Compressor(const Compressor& other);
  ~Compressor();
  Compressor& operator=(const Compressor&) = delete;

  std::string compress(std::string_view data);

 private:
  struct Shared;
  std::shared_ptr<const Shared> shared_;
  ZSTD_CCtx_s* context_;
};

// Decompresses frames whatever their dictionary. Dictionaries come from @p lookup
// the first time a frame names them.
class Decompressor {
 public:
  Decompressor();
  ~Decompressor();
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;

  // Adds a dictionary (bytes as stored in metadata).
  void add_dictionary(std::string_view bytes);
  // Throws crible::Error naming the problem (corrupt frame, unknown dictionary id,
  // oversized content).
  std::string decompress(std::string_view frame);
  // The dictionary id a frame names (0 for none); throws on a corrupt header.
  static std::uint32_t dictionary_id(std::string_view frame);
  // The decompressed size a frame declares.
  static std::uint64_t content_size(std::string_view frame);

 private:
  ZSTD_DCtx_s* context_;
  std::map<std::uint32_t, ZSTD_DDict_s*> dictionaries_;
};

// Adds every dictionary an index keeps in its metadata (those already known are kept).
void load_dictionaries(const Xapian::Database& database, Decompressor& decompressor);

}  // namespace crible::index
