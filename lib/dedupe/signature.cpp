#include "dedupe/signature.h"

#include <limits>

#include "core/hash.h"

namespace crible::dedupe {
namespace {

// SplitMix64's finaliser: every input bit moves every output bit, so one multiply-xor
// pass per minimum stands in for an independent hash function (seeded below).
constexpr std::uint64_t mix(std::uint64_t x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// One seed per minimum, fixed: signatures must be the same in every run and build.
constexpr std::array<std::uint64_t, kMinimums> make_seeds() {
  std::array<std::uint64_t, kMinimums> seeds{};
  std::uint64_t state = 0x63726962'6c650017ULL;  // "crible", issue 17
  for (std::uint64_t& seed : seeds)
    seed = state = mix(state);
  return seeds;
}
constexpr std::array<std::uint64_t, kMinimums> kSeeds = make_seeds();

constexpr char kHex[] = "0123456789abcdef";

}  // namespace

void ShingleSignature::add_word(std::string_view folded) {
  words_.push_back(core::fnv1a64(folded));
}

std::optional<Signature> ShingleSignature::signature() const {
  if (words_.size() < kMinWords) return std::nullopt;
  std::array<std::uint64_t, kMinimums> minimums;
  minimums.fill(std::numeric_limits<std::uint64_t>::max());
  for (std::size_t start = 0; start + kShingleWords <= words_.size(); ++start) {
    std::uint64_t shingle = 0;
    for (std::size_t k = 0; k < kShingleWords; ++k)
      shingle = mix(shingle ^ words_[start + k]);  // order matters: "a b" is not "b a"
    for (std::size_t i = 0; i < kMinimums; ++i)
      minimums[i] = std::min(minimums[i], mix(shingle ^ kSeeds[i]));
  }
  Signature signature;
  for (std::size_t i = 0; i < kMinimums; ++i)
    signature[i] = static_cast<std::uint16_t>(minimums[i] >> 48);
  return signature;
}

double similarity(const Signature& a, const Signature& b) {
  std::size_t equal = 0;
  for (std::size_t i = 0; i < kMinimums; ++i)
    equal += a[i] == b[i];
  return static_cast<double>(equal) / kMinimums;
}

std::string encode(const Signature& signature) {
  std::string bytes;
  bytes.reserve(2 * kMinimums);
  for (const std::uint16_t minimum : signature) {
    bytes.push_back(static_cast<char>(minimum >> 8));
    bytes.push_back(static_cast<char>(minimum & 0xFF));
  }
  return bytes;
}

std::optional<Signature> decode(std::string_view bytes) {
  if (bytes.size() != 2 * kMinimums) return std::nullopt;
  Signature signature;
  for (std::size_t i = 0; i < kMinimums; ++i)
    signature[i] = static_cast<std::uint16_t>((static_cast<unsigned char>(bytes[2 * i]) << 8) |
                                              static_cast<unsigned char>(bytes[2 * i + 1]));
  return signature;
}

std::vector<std::string> band_terms(const Signature& signature, std::string_view prefix) {
  static_assert(kBands <= 16, "one hex digit per band");
  std::vector<std::string> terms;
  terms.reserve(kBands);
  for (std::size_t band = 0; band < kBands; ++band) {
    std::string term(prefix);
    term.push_back(kHex[band]);
    std::uint64_t rows = 0;
    for (std::size_t row = 0; row < kRowsPerBand; ++row)
      rows = (rows << 16) | signature[band * kRowsPerBand + row];
    const std::uint64_t bucket = mix(rows) & 0xFFF;
    for (int shift = 8; shift >= 0; shift -= 4)
      term.push_back(kHex[(bucket >> shift) & 0xF]);
    terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace crible::dedupe
