#include "index/doc_store.h"

#include <xapian.h>

#define ZDICT_STATIC_LINKING_ONLY
#include <zdict.h>
#include <zstd.h>

#include "crible/error.h"
#include "index/schema.h"

namespace crible::index {
namespace {

// A stored document is at most the ingest limit; refuse frames claiming more.
constexpr std::uint64_t kMaxContent = std::uint64_t{256} << 20;

}  // namespace

Dictionary train_dictionary(const std::vector<std::string>& samples, std::size_t max_bytes) {
  std::string joined;
  std::vector<std::size_t> sizes;
  for (const std::string& sample : samples) {
    if (sample.empty()) continue;
    joined += sample;
    sizes.push_back(sample.size());
  }
  Dictionary dictionary;
  if (sizes.size() < 8) return dictionary;
  std::string buffer(max_bytes, '\0');
  const std::size_t size = ZDICT_trainFromBuffer(buffer.data(), buffer.size(), joined.data(),
                                                 sizes.data(), static_cast<unsigned>(sizes.size()));
  if (ZDICT_isError(size)) return dictionary;  // too little to learn from: no dictionary
  buffer.resize(size);
  dictionary.id = ZDICT_getDictID(buffer.data(), buffer.size());
  dictionary.bytes = std::move(buffer);
  return dictionary;
}

struct Compressor::Shared {
  ZSTD_CDict_s* dictionary = nullptr;
  int level = 0;
  ~Shared() { ZSTD_freeCDict(dictionary); }
};

Compressor::Compressor(const Dictionary& dictionary, int level) : context_(ZSTD_createCCtx()) {
  auto shared = std::make_shared<Shared>();
  shared->level = level;
  if (dictionary.id != 0) {
    shared->dictionary = ZSTD_createCDict(dictionary.bytes.data(), dictionary.bytes.size(), level);
    if (!shared->dictionary) throw Error("zstd: cannot load the compression dictionary");
  }
  if (!context_) throw Error("zstd: out of memory");
  shared_ = std::move(shared);
}

Compressor::Compressor(const Compressor& other)
    : shared_(other.shared_), context_(ZSTD_createCCtx()) {
  if (!context_) throw Error("zstd: out of memory");
}

Compressor::~Compressor() {
  ZSTD_freeCCtx(context_);
}

std::string Compressor::compress(std::string_view data) {
  std::string out(ZSTD_compressBound(data.size()), '\0');
  const std::size_t size =
      shared_->dictionary ? ZSTD_compress_usingCDict(context_, out.data(), out.size(), data.data(),
                                                     data.size(), shared_->dictionary)
                          : ZSTD_compressCCtx(context_, out.data(), out.size(), data.data(),
                                              data.size(), shared_->level);
  if (ZSTD_isError(size)) throw Error(std::string("zstd: ") + ZSTD_getErrorName(size));
  out.resize(size);
  return out;
}

Decompressor::Decompressor() : context_(ZSTD_createDCtx()) {
  if (!context_) throw Error("zstd: out of memory");
}

Decompressor::~Decompressor() {
  for (auto& [id, dictionary] : dictionaries_)
    ZSTD_freeDDict(dictionary);
  ZSTD_freeDCtx(context_);
}

void Decompressor::add_dictionary(std::string_view bytes) {
  const std::uint32_t id = ZDICT_getDictID(bytes.data(), bytes.size());
  if (id == 0 || dictionaries_.count(id)) return;
  ZSTD_DDict_s* dictionary = ZSTD_createDDict(bytes.data(), bytes.size());
  if (!dictionary) throw Error("zstd: cannot load dictionary " + std::to_string(id));
  dictionaries_[id] = dictionary;
}

std::uint32_t Decompressor::dictionary_id(std::string_view frame) {
  return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

std::uint64_t Decompressor::content_size(std::string_view frame) {
  const unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_ERROR) throw Error("stored document: not a zstd frame");
  if (size == ZSTD_CONTENTSIZE_UNKNOWN) throw Error("stored document: frame without a size");
  return size;
}

std::string Decompressor::decompress(std::string_view frame) {
  const std::uint64_t size = content_size(frame);
  if (size > kMaxContent)
    throw Error("stored document: frame claims " + std::to_string(size) + " bytes");
  const std::uint32_t id = dictionary_id(frame);
  ZSTD_DDict_s* dictionary = nullptr;
  if (id != 0) {
    const auto found = dictionaries_.find(id);
    if (found == dictionaries_.end())
      throw Error("stored document: unknown compression dictionary " + std::to_string(id));
    dictionary = found->second;
  }
  std::string out(size, '\0');
  const std::size_t written =
      dictionary
          ? ZSTD_decompress_usingDDict(context_, out.data(), out.size(), frame.data(), frame.size(),
                                       dictionary)
          : ZSTD_decompressDCtx(context_, out.data(), out.size(), frame.data(), frame.size());
  if (ZSTD_isError(written))
    throw Error(std::string("stored document: corrupt zstd frame: ") + ZSTD_getErrorName(written));
  if (written != size) throw Error("stored document: truncated zstd frame");
  return out;
}

void load_dictionaries(const Xapian::Database& database, Decompressor& decompressor) {
  const std::string prefix(schema::kMetaDictionaryPrefix);
  for (auto key = database.metadata_keys_begin(prefix); key != database.metadata_keys_end(prefix);
       ++key)
    decompressor.add_dictionary(database.get_metadata(*key));
}

}  // namespace crible::index
