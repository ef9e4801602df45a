#include "shards/routing.h"

#include "core/hash.h"

namespace crible::shards {

std::size_t shard_of(std::string_view thread, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(core::fnv1a64(thread) % shards);
}

}  // namespace crible::shards
