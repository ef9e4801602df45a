#pragma once
// Which shard a document goes to: its thread's (an article and its comments always
// land together, so thread counts, facets per article and orphan checks stay per
// shard). The hash is part of the index format: changing it would send updates of a
// document to another shard than the one holding it.

#include <cstddef>
#include <string_view>

namespace crible::shards {

// FNV-1a (64 bits) of @p thread, modulo @p shards: the same on every platform.
std::size_t shard_of(std::string_view thread, std::size_t shards);

}  // namespace crible::shards
