#pragma once
// The two zstd dictionaries of the stored-document fuzz target: one the decoder has
// (id kKnownDictionaryId) and one it does not (kUnknownDictionaryId), so that seeds can
// be frames compressed with a dictionary, or naming a dictionary crible lacks (made
// with index::Compressor over these; tests/index checks they still decode). Built
// from fixed text with fixed ids, so the same bytes come out of every build.
#include <zdict.h>

#include <cstdint>
#include <string>
#include <vector>

namespace crible::fuzz {

inline constexpr std::uint32_t kKnownDictionaryId = 0x43524931;    // "CRI1"
inline constexpr std::uint32_t kUnknownDictionaryId = 0x43524932;  // "CRI2"

// Samples shaped like stored documents: JSON with French words.
inline std::vector<std::string> dictionary_samples(const std::string& flavour) {
  std::vector<std::string> samples;
  for (int i = 0; i < 64; ++i)
    samples.push_back(R"({"id":")" + flavour + std::to_string(i) +
                      R"(","type":"comment","parent":"a)" + std::to_string(i % 7) +
                      R"(","body":"Le rachat de TikTok par Microsoft, selon les lecteurs )" +
                      std::to_string(i * 37) + R"(.","date":"2020-08-0)" +
                      std::to_string(i % 9 + 1) + R"("})");
  return samples;
}

// A finalized dictionary with the given id over the samples of @p flavour; empty when
// zstd refuses (the target then has no dictionary of that kind).
inline std::string fuzz_dictionary(std::uint32_t id, const std::string& flavour) {
  const std::vector<std::string> samples = dictionary_samples(flavour);
  std::string joined;
  std::vector<std::size_t> sizes;
  for (const std::string& sample : samples) {
    joined += sample;
    sizes.push_back(sample.size());
  }
  const std::string content = joined.substr(0, 1024);
  std::string out(4096, '\0');
  ZDICT_params_t params{};
  params.compressionLevel = 3;
  params.dictID = id;
  const std::size_t size = ZDICT_finalizeDictionary(out.data(), out.size(), content.data(),
                                                    content.size(), joined.data(), sizes.data(),
                                                    static_cast<unsigned>(sizes.size()), params);
  if (ZDICT_isError(size)) return {};
  out.resize(size);
  return out;
}

}  // namespace crible::fuzz
