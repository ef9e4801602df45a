#pragma once
// A DatabaseWriter on a thread of its own, fed through a bounded queue: the shards of
// an index are written in parallel (Xapian's writing is single-threaded per database,
// and CPU-bound). Calls are made from one thread, the IndexWriter's.

#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>

#include "index/database_writer.h"

namespace crible::index {

class ShardWriter {
 public:
  explicit ShardWriter(std::unique_ptr<DatabaseWriter> writer);
  ~ShardWriter();  // finishes the queued work, then stops the thread (no commit)
  ShardWriter(const ShardWriter&) = delete;
  ShardWriter& operator=(const ShardWriter&) = delete;

  // Queues @p document; waits while the queue is full. Rethrows the error that stopped
  // an earlier document of this shard: nothing is written after one.
  void add(Document document);
  // Queues a page's whole thread, as add() does (DatabaseWriter::replace_thread).
  void replace_thread(std::vector<Document> documents);

  // Runs @p task on the writer's thread after the queued work; the future gives its
  // result, or the earlier error. A task that fails stops the shard as a document does
  // (later calls rethrow its error, not some consequence of it), even when nobody
  // waits for its future.
  template <typename Result>
  std::future<Result> submit(std::function<Result(DatabaseWriter&)> task) {
    auto promise = std::make_shared<std::promise<Result>>();
    std::future<Result> result = promise->get_future();
    post(
        [promise, task = std::move(task)](DatabaseWriter& writer, std::exception_ptr failure) {
          try {
            if (failure) std::rethrow_exception(failure);
            if constexpr (std::is_void_v<Result>) {
              task(writer);
              promise->set_value();
            } else {
              promise->set_value(task(writer));
            }
          } catch (...) {
            promise->set_exception(std::current_exception());
            throw;  // to loop(), which keeps it as the shard's failure
          }
        },
        0);
    return result;
  }

 private:
  // A task gets the error that stopped the shard, if any.
  using Task = std::function<void(DatabaseWriter&, std::exception_ptr)>;
  void post(Task task, std::size_t bytes);
  void loop();

  std::unique_ptr<DatabaseWriter> writer_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::pair<Task, std::size_t>> queue_;  // tasks and their document bytes
  std::size_t queued_bytes_ = 0;
  std::exception_ptr failure_;  // the first error: later documents are dropped
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace crible::index
