#pragma once
/// @file
/// Building, updating and inspecting crible indexes (Xapian databases).

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

/// Writes documents into a database (created if missing). One writer per database:
/// a second one fails with IndexError ("locked"). Documents are analysed on several
/// threads and written in input order; a document whose id exists replaces it.
/// Changes are committed in batches and by commit()/close(); a crash loses at most
/// the uncommitted batch.
class CRIBLE_EXPORT IndexWriter {
 public:
  /// Opens or creates @p path. Throws IndexError if the database was built by an
  /// incompatible analyzer or is locked by another writer.
  static IndexWriter open(const std::filesystem::path& path, const IndexOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;  ///< Moves; the moved-from writer is unusable.
  /// Moves. The writer this one held is dropped without a commit (its pending
  /// documents are lost): close() it first.
  IndexWriter& operator=(IndexWriter&&) noexcept;
  ~IndexWriter();  ///< Commits what is pending (errors are swallowed: call close()).

  /// Adds or replaces a document (by id).
  void add(Document document);
  /// Deletes a document by id; false if there was none.
  bool remove(std::string_view id);
  /// Writes and commits everything added so far.
  void commit();
  /// Commits and releases the database; the writer is unusable afterwards.
  void close();

  /// What this writer has done so far (orphans are counted by close()).
  const IndexSummary& summary() const;

 private:
  class Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// What `crible stats` reports.
struct IndexStats {
  std::uint64_t documents = 0;                   ///< documents in the index
  std::map<std::string, std::uint64_t> by_type;  ///< "article", "comment"
  std::uint64_t terms = 0;                       ///< distinct terms
  std::uint64_t postings = 0;                    ///< total term occurrences (document length sum)
  std::uint64_t disk_bytes = 0;                  ///< as Index::disk_bytes()
  std::uint64_t stored_raw = 0;                  ///< stored document bytes, decompressed
  std::uint64_t stored_compressed = 0;           ///< stored document bytes as kept (zstd)
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
  /// Opens @p path for reading. Throws IndexError when there is no index there.
  static Index open(const std::filesystem::path& path);
  Index(Index&&) noexcept;             ///< Moves; the moved-from index is unusable.
  Index& operator=(Index&&) noexcept;  ///< Moves; the moved-from index is unusable.
  ~Index();                            ///< Closes the database.

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
  /// decodes). Problems are appended to @p problems; true when there are none.
  static bool check(const std::filesystem::path& path, std::vector<std::string>& problems);

  /// Bytes the index takes on disk (a directory's files, or a single file).
  static std::uint64_t disk_bytes(const std::filesystem::path& path);

  /// Writes a compacted single-file copy of the index at @p out.
  static void compact(const std::filesystem::path& path, const std::filesystem::path& out);

 private:
  class Impl;
  explicit Index(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
