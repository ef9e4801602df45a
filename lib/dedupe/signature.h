#pragma once
// Near-duplicate signatures: MinHash over word 5-shingles, and the locality-sensitive
// bands that let an index find a document's candidates through posting lists.
//
// Parameters (bench/RESULTS.md, "Near-duplicates", measured on bench/dedupe's pairs):
// 64 minimums of 16 bits; 16 bands of 2 rows become 16 terms, so two documents of
// word-shingle Jaccard J share a band with probability 1 - (1 - J^2)^16 (0.78 at 0.3,
// 0.99 at 0.5); a candidate is kept when the share of equal minimums, an unbiased
// estimate of J, reaches the index's threshold.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace crible::dedupe {

inline constexpr std::size_t kShingleWords = 5;
inline constexpr std::size_t kMinimums = 64;
inline constexpr std::size_t kBands = 16;
inline constexpr std::size_t kRowsPerBand = 2;
static_assert(kBands * kRowsPerBand <= kMinimums);
// Fewer words than this give no signature: a short text's shingles say little, and
// short texts (briefs, captions) legitimately share most of them.
inline constexpr std::size_t kMinWords = 50;

// Each minimum keeps its 16 high bits: two different shingle sets agree on one by
// chance once in 65 536, far below the estimate's own error.
using Signature = std::array<std::uint16_t, kMinimums>;

// Collects a text's words in order (case- and accent-folded by the analyzer) and makes
// the signature of their shingles.
class ShingleSignature {
 public:
  void add_word(std::string_view folded);
  std::size_t words() const { return words_.size(); }
  // Empty below kMinWords words.
  std::optional<Signature> signature() const;
  void clear() { words_.clear(); }

 private:
  std::vector<std::uint64_t> words_;  // word hashes
};

// The share of equal minimums: an estimate of the shingle sets' Jaccard similarity.
double similarity(const Signature& a, const Signature& b);

// 128 bytes, big-endian minimums, for a value slot; decode() of anything that is not
// such a string is empty.
std::string encode(const Signature& signature);
std::optional<Signature> decode(std::string_view bytes);

// The band terms of @p signature: @p prefix + band (one hex digit) + a 12-bit bucket of
// its rows (3 hex). Buckets, not the rows themselves: 16 terms of their own per article
// made indexing 14 % slower on the 150M corpus (Xapian's cost is per distinct term);
// 4 096 buckets a band share each term among documents (13 per term at 54 000 articles)
// at no measurable cost, and the candidates they bring are checked on their signatures.
// Within a run, candidates come from the exact rows (Clusterer's own table).
std::vector<std::string> band_terms(const Signature& signature, std::string_view prefix);

}  // namespace crible::dedupe
