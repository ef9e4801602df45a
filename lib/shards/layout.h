#pragma once
// Where a writer writes: one database, or the local shards of a sharded index (a
// directory of shard-0 ... shard-N-1 with a XAPIANDB stub listing them in order; the
// order is the routing: shard_of(thread, N) is the line).

#include <filesystem>
#include <string>
#include <vector>

namespace crible::shards {

// The databases to write for an index at @p path, in routing order. A new index with
// @p requested > 1 shards is laid out here: the directory and its stub; each shard's
// writer then creates its database (a rerun completes an interrupted layout). Throws
// InvalidArgument when @p requested contradicts an existing index, IndexError when the stub is not
// one crible writes (remote or reordered shards), IoError when the layout cannot be made.
std::vector<std::filesystem::path> writable_shards(const std::filesystem::path& path,
                                                   std::size_t requested);

// "shard-K": the name of the K-th shard of a sharded index, inside its directory.
std::string shard_name(std::size_t k);

}  // namespace crible::shards
