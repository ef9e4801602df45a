#pragma once
// The bundled data/sample, indexed thread by thread as `crible index data/sample/*`
// reads it: the index most search tests run on.

#include <cstddef>
#include <filesystem>
#include <functional>

#include "crible/document.h"
#include "crible/index.h"

namespace crible::test {

// Adds data/sample's files (in name order) to @p writer, one thread at a time; each
// document is shown to @p seen first (to copy one, say). A reading error fails the test.
void add_sample(IndexWriter& writer, const std::function<void(const Document&)>& seen = {});

// A new index of data/sample at @p db, cut into @p shards shards.
void index_sample(const std::filesystem::path& db, std::size_t shards = 1);

}  // namespace crible::test
