#pragma once
// The benchmark corpus: the "body" of every JSON line of a (zstd) JSON Lines file.

#include <string>
#include <vector>

namespace crible::bench {

// Reads the bodies of @p path, at most @p max_bytes of them in all (0: no limit).
std::vector<std::string> read_bodies(const std::string& path, std::size_t max_bytes = 0);

std::string default_corpus();  // ../shared/corpus/fr-news-20M.jsonl.zst, or $CRIBLE_CORPUS

}  // namespace crible::bench
