#pragma once
// The index as the server shares it: one Searcher (and Index, for documents by id)
// per worker thread, reopened when a write has been committed; one writer thread that
// batches the writes of concurrent requests into one commit.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "config.h"
#include "crible/document.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/search.h"
#include "metrics.h"

namespace crible::server {

// A write that could not be committed (a full disk, say): some or all of its
// documents are not stored. Posting them again is safe (ids replace).
class WriteFailed : public Error {
 public:
  using Error::Error;
};

class IndexService {
 public:
  // Opens the index (which must exist) for @p workers readers; with @p writable, also
  // its writer (the server then holds the index's write lock).
  IndexService(const ServerConfig& config, unsigned workers, bool writable, Metrics& metrics);
  ~IndexService();  // commits what is pending and closes

  struct Reader {
    Searcher searcher;
    Index index;
    std::uint64_t generation = 0;
  };
  // The worker's reader, reopened first when a commit happened since its last use.
  // Throws ShardUnavailable while a shard the index needs does not answer (the server
  // may have started without it).
  Reader& reader(unsigned worker);
  // The worker's reader reopened now (after a DatabaseModifiedError, say).
  Reader& refreshed(unsigned worker);

  // Adds or replaces documents, read together as threads (a page's thread replaces
  // the indexed one: IndexWriter::add(Thread)); returns once they are committed.
  // Throws InvalidArgument for a document no index can hold (before any is written),
  // and WriteFailed when the commit fails (the writer is then opened again).
  void add(std::vector<Thread> threads);
  // Deletes a document; false if there was none. Returns once committed (WriteFailed
  // as add).
  bool remove(const std::string& id);

  // Commits pending writes and stops the writer thread (no more writes accepted).
  void close();

 private:
  struct Job {
    std::vector<Thread> threads;
    std::string remove;  // an id to delete, when threads is empty
    std::promise<bool> done;
  };
  void write_loop();
  void write(std::deque<Job>& batch);
  std::future<bool> submit(Job job);

  // A worker's reader, or why it could not be opened yet and when that was tried.
  struct Slot {
    std::unique_ptr<Reader> reader;
    std::chrono::steady_clock::time_point failed_at;
    std::exception_ptr failure;  // the ShardUnavailable
  };
  std::unique_ptr<Reader> open_reader() const;

  const ServerConfig& config_;
  Metrics& metrics_;
  std::vector<Slot> readers_;                 // one per worker
  std::atomic<std::uint64_t> generation_{0};  // commits so far

  const bool writable_;
  // Opened again at once after a failed commit (a writer that failed keeps failing);
  // null only when that failed too, until the next batch opens it.
  std::unique_ptr<IndexWriter> writer_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool closing_ = false;
  std::thread writer_thread_;
};

}  // namespace crible::server
