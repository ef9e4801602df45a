#include "sample_index.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "crible/ingest.h"

namespace crible::test {

void add_sample(IndexWriter& writer, const std::function<void(const Document&)>& seen) {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(CRIBLE_SOURCE_DIR) + "/data/sample"))
    files.push_back(entry.path().string());
  std::sort(files.begin(), files.end());
  InputReader reader(files);
  Thread thread;
  while (reader.next_thread(thread, [](const ReadProblem& p) {
    if (!p.warning) FAIL(p.to_string());
  })) {
    if (seen)
      for (const Document& document : thread.documents)
        seen(document);
    writer.add(std::move(thread));
  }
}

void index_sample(const std::filesystem::path& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  IndexWriter writer = IndexWriter::open(db, options);
  add_sample(writer);
  writer.close();
}

}  // namespace crible::test
