#include "index_service.h"

#include <spdlog/spdlog.h>

#include "crible/error.h"

namespace crible::server {
namespace {

std::string what_of(const std::exception_ptr& error) {
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    return e.what();
  } catch (...) {
    return "an error that is not a std::exception";
  }
}

std::unique_ptr<IndexWriter> open_writer(const ServerConfig& config) {
  IndexOptions options;
  options.entities_file = config.entities_file;
  return std::make_unique<IndexWriter>(IndexWriter::open(config.db, options));
}

}  // namespace

IndexService::IndexService(const ServerConfig& config, unsigned workers, bool writable,
                           Metrics& metrics)
    : config_(config), metrics_(metrics), writable_(writable) {
  readers_.resize(workers);
  try {
    for (Slot& slot : readers_)
      slot.reader = open_reader();
  } catch (const ShardUnavailable& e) {
    // Started all the same: requests answer 503 (and /readyz "not ready") until the
    // shard answers, as when it goes down later. The workers not opened yet are not
    // tried now (a hung shard would cost each its probe). Other errors stop the start.
    spdlog::warn("starting without an open index: {}", e.what());
    for (Slot& slot : readers_)
      if (!slot.reader) {
        slot.failed_at = std::chrono::steady_clock::now();
        slot.failure = std::current_exception();
      }
  }
  if (readers_.front().reader)
    metrics_.set_documents(static_cast<double>(readers_.front().reader->searcher.size()));
  if (writable) {
    writer_ = open_writer(config);
    writer_thread_ = std::thread([this] { write_loop(); });
  }
}

IndexService::~IndexService() {
  try {
    close();
  } catch (const std::exception& e) {
    spdlog::error("closing the index: {}", e.what());
  }
}

std::unique_ptr<IndexService::Reader> IndexService::open_reader() const {
  SearcherOptions options;
  options.entities_file = config_.entities_file;
  options.shards = config_.shards;
  options.max_query_bytes = config_.limits.max_query_bytes;  // q, in_thread_of, entities
  options.max_query_terms = config_.limits.max_query_terms;
  return std::make_unique<Reader>(
      Reader{Searcher::open(config_.db, options), Index::open(config_.db, config_.shards), 0});
}

IndexService::Reader& IndexService::reader(unsigned worker) {
  Slot& slot = readers_.at(worker);
  if (!slot.reader) {
    // Not opened yet (a shard was down): tried again at most once a second, as the
    // shards themselves are, so that a dead shard fails requests fast.
    const auto now = std::chrono::steady_clock::now();
    if (now - slot.failed_at < std::chrono::seconds(1)) std::rethrow_exception(slot.failure);
    const std::uint64_t generation = generation_.load();  // what it will see, or newer
    try {
      slot.reader = open_reader();
    } catch (const Error&) {
      slot.failed_at = now;
      slot.failure = std::current_exception();
      throw;
    }
    slot.reader->generation = generation;
    spdlog::info("index opened for worker {}", worker);
  }
  Reader& reader = *slot.reader;
  const std::uint64_t now = generation_.load();
  if (reader.generation != now) {
    reader.searcher.reopen();
    reader.index.reopen();
    reader.generation = now;
    metrics_.reopened();
  }
  return reader;
}

IndexService::Reader& IndexService::refreshed(unsigned worker) {
  if (Reader* open = readers_.at(worker).reader.get())
    open->generation = ~std::uint64_t{0};  // differs from any commit count
  return reader(worker);
}

std::future<bool> IndexService::submit(Job job) {
  std::future<bool> done = job.done.get_future();
  {
    std::lock_guard lock(mutex_);
    if (!writable_ || closing_) throw InvalidArgument("this server does not accept writes now");
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return done;
}

void IndexService::add(std::vector<Thread> threads) {
  // Refused here, alone, rather than in the writer, where it would fail a whole batch.
  for (const Thread& thread : threads)
    for (const Document& document : thread.documents)
      validate(document);
  Job job;
  job.threads = std::move(threads);
  submit(std::move(job)).get();
}

bool IndexService::remove(const std::string& id) {
  Job job;
  job.remove = id;
  return submit(std::move(job)).get();
}

// Takes every job waiting, applies them, commits once: concurrent requests share a
// commit, and each request's answer comes after its documents are on disk.
void IndexService::write_loop() {
  for (;;) {
    std::deque<Job> batch;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return closing_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // closing, nothing left
      batch.swap(jobs_);
    }
    write(batch);
  }
}

void IndexService::write(std::deque<Job>& batch) {
  std::vector<bool> results(batch.size(), true);
  std::exception_ptr error;
  try {
    if (!writer_) writer_ = open_writer(config_);
    for (std::size_t i = 0; i < batch.size(); ++i) {
      for (Thread& thread : batch[i].threads)
        writer_->add(std::move(thread));
      if (batch[i].threads.empty()) results[i] = writer_->remove(batch[i].remove);
    }
    writer_->commit();
    generation_.fetch_add(1);
    metrics_.committed();
  } catch (...) {
    // Documents were validated before they joined the batch: this is the writer's
    // failure (a full disk), and a writer that failed keeps failing.
    const std::string reason = what_of(std::current_exception());
    spdlog::error("write of {} request(s) failed: {}", batch.size(), reason);
    metrics_.write_failed();
    writer_.reset();  // its destructor swallows the same error again
    try {
      writer_ = open_writer(config_);  // at once, so that the server keeps the write lock
    } catch (const std::exception& e) {
      spdlog::error("the writer cannot be opened again yet (the next write tries): {}", e.what());
    }
    generation_.fetch_add(1);  // whatever got committed is visible: readers reopen
    error = std::make_exception_ptr(WriteFailed(reason));
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (error)
      batch[i].done.set_exception(error);
    else
      batch[i].done.set_value(results[i]);
  }
}

void IndexService::close() {
  {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closing_ = true;
  }
  wake_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  if (writer_) writer_->close();
}

}  // namespace crible::server
