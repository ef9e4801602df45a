#pragma once
/// @file
/// Building, updating and inspecting crible indexes (Xapian databases).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/export.h"

namespace crible {

/// How an index made of shards is opened: a directory built with IndexOptions::shards,
/// or a stub file listing shards (`auto PATH`, `remote HOST:PORT`; docs/deployment.md).
struct ShardOptions {
  /// A remote shard must accept the connection and answer each request within this
  /// time (a stub file cannot set it: crible reads the stub and applies it).
  std::chrono::milliseconds timeout{10000};
  /// When a remote shard does not answer: false fails with ShardUnavailable naming it;
  /// true answers from the other shards and says which are missing
  /// (SearchResults::missing_shards). A missing shard is tried again, at most once a
  /// second, and used as soon as it answers.
  bool allow_partial = false;
};

/// How documents are written.
struct IndexOptions {
  /// How text is analysed. An index records Analyzer::version() and refuses writers
  /// and searchers whose analysis differs.
  AnalyzerOptions analyzer;
  /// Gazetteer file; empty: the built-in one (data/entities.tsv).
  std::filesystem::path entities_file;
  /// Set to false to index no entities.
  bool entities = true;
  /// Commit after this many documents...
  std::size_t batch_documents = 1000;
  /// ...or this many bytes of input text, whichever comes first.
  std::size_t batch_bytes = std::size_t{32} << 20;
  /// Threads that analyse documents (0: one per core). Writing is one thread.
  unsigned threads = 0;
  /// Documents sampled to train the zstd dictionary of a run (when the run has at
  /// least dictionary_min_documents of them; smaller runs reuse the newest one).
  /// The first batch of a run waits for this many documents (or the run's end).
  std::size_t dictionary_samples = 4000;
  /// A run's first batch needs this many documents to train a dictionary of its own.
  std::size_t dictionary_min_documents = 200;
  /// Size of a trained zstd dictionary, in bytes.
  std::size_t dictionary_bytes = 64 * 1024;
  /// zstd level for stored documents: higher is smaller and slower to write.
  int compression_level = 6;
  /// Shards of a new index: 0 or 1 makes a single database; N > 1 makes a directory of
  /// N databases (shard-0 ... shard-N-1, written in parallel, one writer thread each)
  /// and a XAPIANDB stub listing them, which Xapian and crible open as one index.
  /// Documents go to the shard of their thread (an article and its comments together).
  /// An existing index keeps its shards: N must then be 0 or its shard count.
  std::size_t shards = 0;
  /// Near-duplicates: an article of at least 50 words whose title and body share this
  /// share of word 5-shingles (Jaccard, estimated by MinHash) with an article indexed
  /// before it joins that article's cluster (Hit::cluster, SearchOptions::dedupe).
  /// 0 turns detection off (each document is then a cluster of its own); at most 1.
  double duplicate_similarity = 0.3;
};

/// What an indexing run did.
struct IndexSummary {
  std::uint64_t documents = 0;   ///< written (added or replaced)
  std::uint64_t articles = 0;    ///< of the documents written, articles
  std::uint64_t comments = 0;    ///< of the documents written, comments
  std::uint64_t orphans = 0;     ///< comments whose article is in neither the index nor the run
  std::uint64_t text_bytes = 0;  ///< title + body bytes written
  std::uint64_t stored_raw = 0;  ///< stored document bytes before compression
  std::uint64_t stored_compressed = 0;  ///< stored document bytes after compression
  std::uint64_t commits = 0;            ///< commits made (batches, commit(), close())
  std::string dictionary;               ///< id of the zstd dictionary used ("" for none)
};

/// Writes documents into an index (created if missing): one database, or the local
/// shards of a sharded one. One writer per index: a second one fails with IndexError
/// ("locked"). Documents are analysed on several threads and written in input order
/// (per shard, each on its own thread); a document whose id exists replaces it.
/// Changes are committed in batches and by commit()/close(); a crash loses at most
/// the uncommitted batch. After an error writing or committing (a full disk, say),
/// every later call rethrows that error: open a new writer (crible-server does) and add
/// again what was not committed. A comment keeps the shard of its article: moving a comment to
/// another article (a new parent) in a sharded index leaves its old copy behind.
class CRIBLE_EXPORT IndexWriter {
 public:
  /// Opens or creates @p path. Throws IndexError if the database was built by an
  /// incompatible analyzer or is locked by another writer.
  static IndexWriter open(const std::filesystem::path& path, const IndexOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;  ///< Moves; the moved-from writer is unusable.
  /// Moves. The writer this one held is closed first, as by the destructor (its
  /// errors are swallowed: close() it yourself to see them).
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();  ///< Commits what is pending (errors are swallowed: call close()).

  /// Adds or replaces a document (by id). Throws InvalidArgument for a document without
  /// id or body, or an id over 200 bytes. Writing happens on the shards' threads: an
  /// error writing an earlier document (a full disk) is thrown by a later call.
  void add(Document document);
  /// Adds the documents of @p thread. A complete thread (a page's article and every
  /// comment it shows) replaces the one in the index: its comments that the page no
  /// longer shows are deleted, and the whole thread is committed at once, with what was
  /// added before it. Otherwise as add() for each document.
  void add(Thread thread);
  /// Deletes a document by id; false if there was none.
  bool remove(std::string_view id);
  /// Writes and commits everything added so far.
  void commit();
  /// Commits and releases the database; the writer is unusable afterwards.
  void close();

  /// What this writer has done so far. Documents are counted as add() takes them;
  /// sizes, commits and orphans are brought up to date by commit() and close().
  const IndexSummary& summary() const;

 private:
  class Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  void close_quietly() noexcept;
  std::unique_ptr<Impl> impl_;
};

/// What `crible stats` reports.
struct IndexStats {
  std::uint64_t documents = 0;                   ///< documents in the index
  std::map<std::string, std::uint64_t> by_type;  ///< "article", "comment"
  /// Documents with no date, by type ("article", "comment"): date filters and date
  /// sorting never find them.
  std::map<std::string, std::uint64_t> undated;
  std::uint64_t terms = 0;              ///< distinct terms
  std::uint64_t postings = 0;           ///< total term occurrences (document length sum)
  std::uint64_t disk_bytes = 0;         ///< as Index::disk_bytes()
  std::uint64_t stored_raw = 0;         ///< stored document bytes, decompressed
  std::uint64_t stored_compressed = 0;  ///< stored document bytes as kept (zstd)
  std::map<std::string, std::uint64_t> dictionaries;  ///< id -> bytes
  std::string schema;                                 ///< the schema the index records
};

/// How often an entity occurs in an index.
struct EntityCount {
  std::string id;               ///< the entity's id (Entity::id)
  std::uint64_t documents = 0;  ///< documents mentioning it
  std::uint64_t mentions = 0;   ///< mentions in all
};

/// Reads an index: a database directory, a single-file database or a stub file.
class CRIBLE_EXPORT Index {
 public:
  /// Opens @p path for reading. Throws IndexError when there is no index there, and
  /// ShardUnavailable when a remote shard does not answer (see ShardOptions).
  static Index open(const std::filesystem::path& path, const ShardOptions& shards = {});
  Index(Index&&) noexcept;             ///< Moves; the moved-from index is unusable.
  Index& operator=(Index&&) noexcept;  ///< Moves; the moved-from index is unusable.
  ~Index();                            ///< Closes the database.

  /// Makes the next reads see the latest committed changes.
  void reopen();

  /// The stored document with this id, decompressed.
  std::optional<Document> get(std::string_view id);
  /// Documents in the index.
  std::uint64_t size() const;
  /// What `crible stats` prints. Reads every term and stored document: slow on a
  /// big index.
  IndexStats stats();

  /// Calls @p visit with every stored document, in the index's internal order (Xapian
  /// document numbers: about the order documents were first added), not by Document::id.
  void for_each(const std::function<void(const Document&)>& visit);

  /// Entities by number of documents (then id). With @p with (an entity id), only
  /// documents mentioning it count, and it is left out: what appears alongside it.
  std::vector<EntityCount> entity_counts(std::string_view with = {});

  /// Xapian's consistency check plus crible's (schema present, every document
  /// decodes). Problems are appended to @p problems; true when there are none. Of a
  /// sharded index, every local shard gets Xapian's check; remote shards only crible's
  /// (Xapian's runs on their host: `crible check --db SHARD` there).
  static bool check(const std::filesystem::path& path, std::vector<std::string>& problems);

  /// The databases of an index on this machine: @p path itself for a single database,
  /// else the local shards its stub lists (remote ones left out).
  static std::vector<std::filesystem::path> local_databases(const std::filesystem::path& path);

  /// Bytes the index takes on disk (a directory's files, or a single file).
  static std::uint64_t disk_bytes(const std::filesystem::path& path);

  /// Writes a compacted single-file copy of the index at @p out; the shards of a
  /// sharded index are merged into it (their documents renumbered, interleaved).
  static void compact(const std::filesystem::path& path, const std::filesystem::path& out);

 private:
  class Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
