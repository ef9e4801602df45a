// IndexWriter: validates documents, chooses the run's zstd dictionary, and routes
// each document to the shard of its thread, written by a ShardWriter of its own.

#include <algorithm>
#include <thread>

#include "crible/error.h"
#include "crible/index.h"
#include "crible/json.h"
#include "index/database_writer.h"
#include "index/schema.h"
#include "index/shard_writer.h"
#include "shards/layout.h"
#include "shards/routing.h"

namespace crible {

using namespace index;

// What Index::get could not give back is refused here, not at read time.
void validate(const Document& document) {
  if (document.id.empty()) throw InvalidArgument("a document needs an id");
  if (document.id.size() > kMaxDocumentIdBytes)
    throw InvalidArgument("document id longer than " + std::to_string(kMaxDocumentIdBytes) +
                          " bytes: '" + document.id.substr(0, 40) + "...'");
  if (document.body.empty()) throw InvalidArgument("document '" + document.id + "' has no body");
}

namespace {

// The thread a document belongs to: its article (as DocumentBuilder writes it).
std::string_view thread_of(const Document& document) {
  return document.type == DocumentType::comment && !document.parent.empty() ? document.parent
                                                                            : document.id;
}

// Waits for every future, then rethrows the first error (every shard gets to finish).
template <typename Result>
std::vector<Result> wait_all(std::vector<std::future<Result>>& futures) {
  std::vector<Result> results;
  std::exception_ptr error;
  for (auto& future : futures) {
    try {
      results.push_back(future.get());
    } catch (...) {
      if (!error) error = std::current_exception();
    }
  }
  if (error) std::rethrow_exception(error);
  return results;
}

}  // namespace

class IndexWriter::Impl {
 public:
  Impl(const std::filesystem::path& path, const IndexOptions& options) : options_(options) {
    const std::vector<std::filesystem::path> paths = shards::writable_shards(path, options.shards);
    // Cores are shared among the shards: each has a writing thread and analysis workers.
    const unsigned cores =
        options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
    const auto per_shard = std::max(1u, cores / static_cast<unsigned>(paths.size()));
    if (!(options.duplicate_similarity >= 0 && options.duplicate_similarity <= 1))
      throw InvalidArgument("duplicate similarity must be between 0 (off) and 1");
    std::vector<std::unique_ptr<DatabaseWriter>> writers;
    for (const std::filesystem::path& shard : paths)
      writers.push_back(std::make_unique<DatabaseWriter>(shard, options, per_shard));
    // Opened once every shard exists: what the index held before the run.
    const auto clusterer =
        options.duplicate_similarity > 0
            ? std::make_shared<dedupe::Clusterer>(paths, options.duplicate_similarity)
            : nullptr;
    for (std::unique_ptr<DatabaseWriter>& writer : writers) {
      writer->use_clusterer(clusterer);
      if (shards_.empty()) newest_ = writer->newest_dictionary();
      shards_.push_back(std::make_unique<ShardWriter>(std::move(writer)));
    }
  }

  void add(Document document) {
    validate(document);
    ++summary_.documents;
    (document.type == DocumentType::article ? summary_.articles : summary_.comments) += 1;
    summary_.text_bytes += document.title.size() + document.body.size();
    if (!dictionary_chosen_) {
      ++sample_documents_;
      samples_.push_back(Thread{{std::move(document)}, false});
      if (sample_documents_ >= options_.dictionary_samples) choose_dictionary();
      return;
    }
    route(std::move(document));
  }

  void add(Thread thread) {
    if (!thread.complete || thread.documents.empty()) {
      for (Document& document : thread.documents)
        add(std::move(document));
      return;
    }
    for (const Document& document : thread.documents)
      validate(document);
    for (const Document& document : thread.documents) {
      ++summary_.documents;
      (document.type == DocumentType::article ? summary_.articles : summary_.comments) += 1;
      summary_.text_bytes += document.title.size() + document.body.size();
    }
    if (!dictionary_chosen_) {
      sample_documents_ += thread.documents.size();
      samples_.push_back(std::move(thread));
      if (sample_documents_ >= options_.dictionary_samples) choose_dictionary();
      return;
    }
    route(std::move(thread));
  }

  bool remove(std::string_view id) {
    // No such document can exist (and Xapian would refuse the key, stopping the shards).
    if (id.empty() || id.size() > kMaxDocumentIdBytes) return false;
    choose_dictionary();
    const std::string key(id);
    const std::vector<bool> removed =
        on_every_shard<bool>([key](DatabaseWriter& writer) { return writer.remove(key); });
    return std::find(removed.begin(), removed.end(), true) != removed.end();
  }

  void commit() {
    choose_dictionary();
    on_every_shard<bool>([](DatabaseWriter& writer) {
      writer.commit();
      return true;
    });
    update_summary();
  }

  void close() {
    if (closed_) return;
    choose_dictionary();
    on_every_shard<bool>([](DatabaseWriter& writer) {
      writer.close();
      return true;
    });
    update_summary();
    closed_ = true;
  }

  bool closed() const { return closed_; }
  const IndexSummary& summary() const { return summary_; }

 private:
  // The first documents of a run decide the dictionary of every shard: trained on
  // them when there are enough, else the newest one in the index, else none. The same
  // in every shard, because a sharded index's metadata is read from its first shard.
  void choose_dictionary() {
    if (dictionary_chosen_ || samples_.empty()) return;  // nothing to compress yet
    dictionary_chosen_ = true;
    Dictionary dictionary;
    if (sample_documents_ >= options_.dictionary_min_documents) {
      std::vector<std::string> texts;
      for (const Thread& sample : samples_)
        for (const Document& document : sample.documents)
          texts.push_back(document_to_json(document));
      dictionary = train_dictionary(texts, options_.dictionary_bytes);
    }
    if (dictionary.id == 0) dictionary = newest_;
    // Every shard has it committed before any shard writes a document that needs it
    // (a kill -9 between two shards' commits must not leave a document unreadable).
    on_every_shard<bool>([dictionary](DatabaseWriter& writer) {
      writer.use_dictionary(dictionary);
      return true;
    });
    for (Thread& sample : samples_) {
      if (sample.complete)
        route(std::move(sample));
      else
        route(std::move(sample.documents.front()));
    }
    samples_.clear();
    samples_.shrink_to_fit();
  }

  void route(Document document) {
    shards_[shards::shard_of(thread_of(document), shards_.size())]->add(std::move(document));
  }

  // A page's thread goes whole to its article's shard, which replaces the indexed one.
  void route(Thread thread) {
    const std::size_t shard = shards::shard_of(thread.documents.front().id, shards_.size());
    shards_[shard]->replace_thread(std::move(thread.documents));
  }

  template <typename Result>
  std::vector<Result> on_every_shard(std::function<Result(DatabaseWriter&)> task) {
    std::vector<std::future<Result>> futures;
    for (auto& shard : shards_)
      futures.push_back(shard->submit<Result>(task));
    return wait_all(futures);
  }

  // The shards' own counts, now that they have written everything added.
  void update_summary() {
    const std::vector<IndexSummary> parts =
        on_every_shard<IndexSummary>([](DatabaseWriter& writer) { return writer.summary(); });
    IndexSummary total;
    for (const IndexSummary& part : parts) {
      total.documents += part.documents;
      total.articles += part.articles;
      total.comments += part.comments;
      total.orphans += part.orphans;
      total.text_bytes += part.text_bytes;
      total.stored_raw += part.stored_raw;
      total.stored_compressed += part.stored_compressed;
      total.commits = std::max(total.commits, part.commits);
    }
    total.dictionary = parts.front().dictionary;
    summary_ = std::move(total);
  }

  IndexOptions options_;
  std::vector<std::unique_ptr<ShardWriter>> shards_;  // in routing order
  Dictionary newest_;                                 // the index's, when the run began
  // The run's first documents (alone, or pages' whole threads), until the dictionary is
  // chosen.
  std::vector<Thread> samples_;
  std::size_t sample_documents_ = 0;
  bool dictionary_chosen_ = false;
  IndexSummary summary_;
  bool closed_ = false;
};

IndexWriter IndexWriter::open(const std::filesystem::path& path, const IndexOptions& options) {
  return IndexWriter(std::make_unique<Impl>(path, options));
}

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;

IndexWriter& IndexWriter::operator=(IndexWriter&& other) noexcept {
  if (this != &other) {
    close_quietly();
    impl_ = std::move(other.impl_);
  }
  return *this;
}

IndexWriter::~IndexWriter() {
  close_quietly();
}

void IndexWriter::close_quietly() noexcept {
  if (!impl_ || impl_->closed()) return;
  try {
    impl_->close();
  } catch (...) {  // a destructor must not throw; close() reports errors
  }
}

void IndexWriter::add(Thread thread) {
  impl_->add(std::move(thread));
}
void IndexWriter::add(Document document) {
  impl_->add(std::move(document));
}
bool IndexWriter::remove(std::string_view id) {
  return impl_->remove(id);
}
void IndexWriter::commit() {
  impl_->commit();
}
void IndexWriter::close() {
  impl_->close();
}
const IndexSummary& IndexWriter::summary() const {
  return impl_->summary();
}

}  // namespace crible
