#pragma once
// Writes documents into one Xapian database: analysed in batches on worker threads
// while the previous batch is written, stored documents compressed with the dictionary
// the IndexWriter chose for the run (the same in every shard of an index).

#include <filesystem>
#include <memory>

#include "crible/document.h"
#include "crible/index.h"
#include "dedupe/clusterer.h"
#include "index/doc_store.h"

namespace crible::index {

class DatabaseWriter {
 public:
  // Opens or creates @p path with @p threads threads (one writes, the others analyse).
  // Throws IndexError when it is locked or was built by another analyzer.
  DatabaseWriter(const std::filesystem::path& path, const IndexOptions& options, unsigned threads);
  ~DatabaseWriter();
  DatabaseWriter(const DatabaseWriter&) = delete;
  DatabaseWriter& operator=(const DatabaseWriter&) = delete;

  // The dictionary the index marks as its newest (id 0: none).
  Dictionary newest_dictionary() const;
  // Stores @p dictionary in the metadata (unless id 0) as the newest, and compresses
  // with it. Must come before the first add().
  void use_dictionary(const Dictionary& dictionary);

  // Near-duplicate clusters are assigned by @p clusterer (shared by the run's shards);
  // without one, every document is a cluster of its own. Must come before add().
  void use_clusterer(std::shared_ptr<dedupe::Clusterer> clusterer);

  void add(Document document);  // already validated by IndexWriter
  bool remove(std::string_view id);
  // Writes a page's whole thread (its article first, then its comments) and deletes the
  // thread's indexed documents that are not among them, all in the same commit (the
  // batch's: the thread is never split between batches).
  void replace_thread(std::vector<Document> documents);
  void commit();
  void close();
  bool closed() const;
  const IndexSummary& summary() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible::index
