#include "index/shard_writer.h"

namespace crible::index {
namespace {

// The queue holds at most this many tasks and document bytes: enough to keep the
// writer busy, little enough to bound memory (the writer's batches come on top).
constexpr std::size_t kMaxQueuedTasks = 1024;
constexpr std::size_t kMaxQueuedBytes = std::size_t{64} << 20;

}  // namespace

ShardWriter::ShardWriter(std::unique_ptr<DatabaseWriter> writer)
    : writer_(std::move(writer)), thread_([this] { loop(); }) {}

ShardWriter::~ShardWriter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

void ShardWriter::add(Document document) {
  {
    std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
  }
  const std::size_t bytes = document.title.size() + document.body.size();
  post(
      [document = std::move(document)](DatabaseWriter& writer, std::exception_ptr failure) mutable {
        if (!failure) writer.add(std::move(document));
      },
      bytes);
}

void ShardWriter::replace_thread(std::vector<Document> documents) {
  {
    std::lock_guard lock(mutex_);
    if (failure_) std::rethrow_exception(failure_);
  }
  std::size_t bytes = 0;
  for (const Document& document : documents)
    bytes += document.title.size() + document.body.size();
  post(
      [documents = std::move(documents)](DatabaseWriter& writer,
                                         std::exception_ptr failure) mutable {
        if (!failure) writer.replace_thread(std::move(documents));
      },
      bytes);
}

void ShardWriter::post(Task task, std::size_t bytes) {
  std::unique_lock lock(mutex_);
  // A document larger than the whole budget still goes, alone.
  changed_.wait(lock, [&] {
    return queue_.empty() ||
           (queue_.size() < kMaxQueuedTasks && queued_bytes_ + bytes <= kMaxQueuedBytes);
  });
  queue_.emplace_back(std::move(task), bytes);
  queued_bytes_ += bytes;
  lock.unlock();
  changed_.notify_all();
}

void ShardWriter::loop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and everything queued is done
    auto [task, bytes] = std::move(queue_.front());
    queue_.pop_front();
    queued_bytes_ -= bytes;
    const std::exception_ptr failure = failure_;
    lock.unlock();
    changed_.notify_all();
    try {
      task(*writer_, failure);
    } catch (...) {
      lock.lock();
      if (!failure_) failure_ = std::current_exception();
      continue;
    }
    lock.lock();
  }
}

}  // namespace crible::index
