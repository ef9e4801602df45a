#include "shards/routing.h"

#include <cstdint>

namespace crible::shards {

std::size_t shard_of(std::string_view thread, std::size_t shards) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : thread) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return shards <= 1 ? 0 : static_cast<std::size_t>(hash % shards);
}

}  // namespace crible::shards
