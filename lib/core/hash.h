#pragma once
// FNV-1a, 64 bits: a stable hash of bytes, the same on every platform and run, for
// what must not change between runs (shard routing, ids made from content).

#include <cstdint>
#include <string>
#include <string_view>

namespace crible::core {

inline constexpr std::uint64_t kFnv1aOffsetBasis = 14695981039346656037ULL;
inline constexpr std::uint64_t kFnv1aPrime = 1099511628211ULL;

// FNV-1a 64 of @p bytes, continuing from @p hash (to hash several parts as one).
constexpr std::uint64_t fnv1a64(std::string_view bytes,
                                std::uint64_t hash = kFnv1aOffsetBasis) noexcept {
  for (const char byte : bytes) {
    hash ^= static_cast<unsigned char>(byte);
    hash *= kFnv1aPrime;
  }
  return hash;
}

// The 16 lower-case hex digits of fnv1a64(@p bytes).
inline std::string fnv1a64_hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::uint64_t hash = fnv1a64(bytes);
  std::string hex(16, '0');
  for (int i = 15; i >= 0; --i, hash >>= 4)
    hex[static_cast<std::size_t>(i)] = kDigits[hash & 0xF];
  return hex;
}

}  // namespace crible::core
