// DatabaseWriter: documents in, batches of Xapian documents out, analysed on worker
// threads and written by one thread in input order.

#include "index/database_writer.h"

#include <xapian.h>

#include <algorithm>
#include <future>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "crible/entities.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/json.h"
#include "index/doc_store.h"
#include "index/document_builder.h"
#include "index/lists.h"
#include "index/schema.h"
#include "index/schema_record.h"
#include "index/xapian_errors.h"

namespace crible::index {

class DatabaseWriter::Impl {
 public:
  Impl(const std::filesystem::path& path, const IndexOptions& options, unsigned threads)
      : path_(path),
        options_(options),
        threads_(std::max(1u, threads)),
        analyzer_(Analyzer::create(options.analyzer)),
        gazetteer_(load_gazetteer(options, analyzer_)),
        database_(open_database(path)) {
    check_schema();
  }

  void add(Document document) {
    pending_bytes_ += document.title.size() + document.body.size();
    pending_.push_back(std::move(document));
    if (pending_.size() >= options_.batch_documents || pending_bytes_ >= options_.batch_bytes)
      submit_pending(true);
  }

  Dictionary newest_dictionary() const {
    return translate_xapian([&] {
      Dictionary dictionary;
      const std::string id = database_.get_metadata(std::string(schema::kMetaCurrentDictionary));
      if (!id.empty()) {
        dictionary.bytes = database_.get_metadata(std::string(schema::kMetaDictionaryPrefix) + id);
        dictionary.id = static_cast<std::uint32_t>(std::stoul(id));
      }
      return dictionary;
    });
  }

  void use_dictionary(const Dictionary& dictionary) {
    translate_xapian([&] {
      if (dictionary.id != 0) {
        const std::string id = std::to_string(dictionary.id);
        database_.set_metadata(std::string(schema::kMetaDictionaryPrefix) + id, dictionary.bytes);
        database_.set_metadata(std::string(schema::kMetaCurrentDictionary), id);
        // Durable before any document compressed with it: in a sharded index another
        // shard may commit such documents while this one is killed before its next commit.
        database_.commit();
      }
    });
    summary_.dictionary = dictionary.id ? std::to_string(dictionary.id) : "";
    compressor_.emplace(dictionary, options_.compression_level);
  }
  void use_clusterer(std::shared_ptr<dedupe::Clusterer> clusterer) {
    clusterer_ = std::move(clusterer);
  }

  bool remove(std::string_view id) {
    write_pending();
    const std::string term = std::string(schema::kId) + std::string(id);
    return translate_xapian([&] {
      if (!database_.term_exists(term)) return false;
      database_.delete_document(term);
      return true;
    });
  }

  // The thread joins the pending batch whole (a batch is never cut inside it), so its
  // documents and the deletion of its stale members land in the same commit.
  void replace_thread(std::vector<Document> documents) {
    ReplacedThread thread;
    thread.article = documents.front().id;
    for (Document& document : documents) {
      thread.kept.insert(std::string(schema::kId) + document.id);
      pending_bytes_ += document.title.size() + document.body.size();
      pending_.push_back(std::move(document));
    }
    thread.end = pending_.size();
    pending_threads_.push_back(std::move(thread));
    if (pending_.size() >= options_.batch_documents || pending_bytes_ >= options_.batch_bytes)
      submit_pending(true);
  }

  void commit() {
    write_pending();
    translate_xapian([&] { database_.commit(); });
    ++summary_.commits;
  }

  void close() {
    if (closed_) return;
    commit();
    count_orphans();
    translate_xapian([&] { database_.close(); });
    closed_ = true;
  }

  bool closed() const { return closed_; }
  const IndexSummary& summary() const { return summary_; }

 private:
  static Xapian::WritableDatabase open_database(const std::filesystem::path& path) {
    return translate_xapian([&] {
      try {
        return Xapian::WritableDatabase(path.string(), Xapian::DB_CREATE_OR_OPEN);
      } catch (const Xapian::DatabaseLockError& e) {
        // Xapian says why: another writer, or no permission to create the lock file.
        throw IndexError("index '" + path.string() + "' cannot be locked for writing (" +
                         describe(e) +
                         "): another writer has it open, or this user cannot write it");
      }
    });
  }

  static std::optional<Gazetteer> load_gazetteer(const IndexOptions& options,
                                                 const Analyzer& analyzer) {
    if (!options.entities) return std::nullopt;
    return Gazetteer::open(options.entities_file, analyzer);
  }

  // Refuses an index whose terms another analyzer made: its terms would not match.
  void check_schema() {
    const std::string expected = schema_record(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr);
    translate_xapian([&] {
      if (database_.get_metadata(std::string(schema::kMetaSchema)).empty()) {
        if (database_.get_doccount() > 0)
          throw IndexError("'" + path_.string() + "' is a Xapian database but not a crible index");
        database_.set_metadata(std::string(schema::kMetaSchema), expected);
        database_.commit();  // a new index is a crible index from its first moment
      } else {
        require_schema(database_, expected, path_);
      }
    });
  }

  // A page's thread in a batch: its documents end before documents[end]; the thread's
  // indexed members not in kept are deleted once they are written.
  struct ReplacedThread {
    std::string article;
    std::unordered_set<std::string> kept;  // id terms
    std::size_t end = 0;
  };

  // A batch on its way: documents, then (once built) their Xapian documents.
  struct Batch {
    std::vector<Document> documents;
    std::vector<ReplacedThread> threads;  // in document order
    std::vector<Xapian::Document> built;
    std::uint64_t stored_raw = 0, stored_compressed = 0;
    SpellingWords spelling;  // words of the batch, for "did you mean"
    // Per document: for a comment whose article is not in the batch, the article's
    // entities (evidence, data/ENTITIES.md); then, once built, the entities found.
    std::vector<std::vector<std::string>> thread_entities, entities;
    std::vector<std::optional<dedupe::Signature>> signatures;  // once built
    // Folded word -> stems of its accented spellings (schema::kMetaAccentPrefix).
    std::map<std::string, std::set<std::string>> accent_stems;
    DisplayForms display_forms;  // folded word -> spellings (schema::kMetaDisplayPrefix)
  };

  // Analyses a batch on @p threads threads, each with its own analyzer and zstd
  // context. Runs while the writer thread writes the previous batch.
  // What one analysis thread keeps from batch to batch: its analyzer's word cache
  // stays warm, its zstd context allocated.
  struct Worker {
    DocumentBuilder builder;
    Compressor compressor;
  };

  // Analyses a batch on the workers, one thread each. Runs while the writer thread
  // writes the previous batch. Articles first, then comments: a comment reads its
  // article's entities as evidence, from this batch or (thread_entities) from before.
  static void build(Batch& batch, std::vector<std::unique_ptr<Worker>>& workers) {
    const std::size_t size = batch.documents.size();
    batch.built.resize(size);
    batch.entities.resize(size);
    batch.thread_entities.resize(size);
    batch.signatures.resize(size);
    std::unordered_map<std::string_view, std::size_t> articles;
    std::vector<std::size_t> first, second;
    for (std::size_t i = 0; i < size; ++i) {
      const Document& document = batch.documents[i];
      if (document.type == DocumentType::article) articles.emplace(document.id, i);
      (document.type == DocumentType::comment ? second : first).push_back(i);
    }
    std::vector<std::uint64_t> raw(size), compressed(size);
    std::vector<SpellingWords> spelling(workers.size());
    const auto build_one = [&](Worker& worker, std::size_t i, SpellingWords& words) {
      const Document& document = batch.documents[i];
      const std::string json = document_to_json(document);
      std::string stored = worker.compressor.compress(json);
      raw[i] = json.size();
      compressed[i] = stored.size();
      const auto article =
          document.type == DocumentType::comment ? articles.find(document.parent) : articles.end();
      const std::vector<std::string>& thread =
          article != articles.end() ? batch.entities[article->second] : batch.thread_entities[i];
      batch.built[i] = worker.builder.build(document, std::move(stored), thread);
      batch.entities[i] = worker.builder.entities();
      batch.signatures[i] = worker.builder.signature();
      add_spelling_words(batch.built[i], words);
    };
    for (const std::vector<std::size_t>* phase : {&first, &second})
      run_on_workers(*phase, workers, spelling, build_one);
    for (std::size_t i = 0; i < size; ++i) {
      batch.stored_raw += raw[i];
      batch.stored_compressed += compressed[i];
    }
    for (const std::unique_ptr<Worker>& worker : workers)
      for (auto& [word, stems] : worker->builder.take_accent_stems())
        batch.accent_stems[word].merge(stems);
    for (const std::unique_ptr<Worker>& worker : workers)
      for (auto& [word, forms] : worker->builder.take_display_forms()) {
        std::map<std::string, unsigned>& counts = batch.display_forms[word];
        for (const auto& [written, documents] : forms)
          counts[written] += documents;
      }
    batch.spelling = std::move(spelling[0]);
    for (std::size_t index = 1; index < spelling.size(); ++index)
      for (const auto& [word, count] : spelling[index])
        batch.spelling[word] += count;
  }

  // Runs @p work(worker, document index, its spelling words) over @p indices, one
  // thread per worker (fewer for a small batch); rethrows the first error.
  template <typename Work>
  static void run_on_workers(const std::vector<std::size_t>& indices,
                             std::vector<std::unique_ptr<Worker>>& workers,
                             std::vector<SpellingWords>& spelling, const Work& work) {
    const std::size_t size = indices.size();
    if (size == 0) return;
    const auto threads =
        static_cast<unsigned>(std::clamp<std::size_t>(size / 16, 1, workers.size()));
    std::vector<std::exception_ptr> errors(threads);
    const auto run = [&](unsigned index) {
      try {
        for (std::size_t k = index; k < size; k += threads)
          work(*workers[index], indices[k], spelling[index]);
      } catch (...) {
        errors[index] = std::current_exception();
      }
    };
    std::vector<std::thread> pool;
    for (unsigned index = 1; index < threads; ++index)
      pool.emplace_back(run, index);
    run(0);
    for (std::thread& thread : pool)
      thread.join();
    for (const std::exception_ptr& error : errors)
      if (error) std::rethrow_exception(error);
  }

  // The entities of article @p id for its comments: written in this run (remembered),
  // else read from the index; none when the article is not there (yet).
  std::vector<std::string> article_entities(const std::string& id) {
    if (const auto found = article_entities_.find(id); found != article_entities_.end())
      return found->second;
    return translate_xapian([&] {
      std::vector<std::string> ids;
      const Xapian::PostingIterator posting =
          database_.postlist_begin(std::string(schema::kId) + id);
      if (posting == database_.postlist_end(std::string(schema::kId) + id)) return ids;
      return split_list(database_.get_document(*posting).get_value(schema::kSlotEntities),
                        schema::kEntitySeparator);
    });
  }

  // Remembers the entities of @p batch's articles, for comments in later batches (which
  // may be built before this batch is written). Bounded: past the limit the memory is
  // dropped, and the index answers for what was written.
  void remember_articles(const Batch& batch) {
    if (article_entities_.size() > kRememberedArticles) article_entities_.clear();
    for (std::size_t i = 0; i < batch.documents.size(); ++i)
      if (batch.documents[i].type == DocumentType::article)
        article_entities_[batch.documents[i].id] = batch.entities[i];
  }

  // For the comments of @p batch whose article is not in it, that article's entities.
  void find_thread_entities(Batch& batch) {
    if (!gazetteer_) return;
    std::unordered_set<std::string_view> in_batch;
    for (const Document& document : batch.documents)
      if (document.type == DocumentType::article) in_batch.insert(document.id);
    batch.thread_entities.resize(batch.documents.size());
    for (std::size_t i = 0; i < batch.documents.size(); ++i) {
      const Document& document = batch.documents[i];
      if (document.type == DocumentType::comment && !document.parent.empty() &&
          !in_batch.count(document.parent))
        batch.thread_entities[i] = article_entities(document.parent);
    }
  }

  // Starts building the pending documents, then writes the batch built before
  // them: analysis of batch k overlaps Xapian's writing of batch k - 1.
  void submit_pending(bool commit_after) {
    if (pending_.empty()) return;
    if (!compressor_) throw std::logic_error("DatabaseWriter: use_dictionary() before add()");
    auto batch = std::make_unique<Batch>();
    batch->documents = std::move(pending_);
    pending_.clear();
    batch->threads = std::move(pending_threads_);
    pending_threads_.clear();
    pending_bytes_ = 0;
    // The writer keeps one core; analysis takes the others (at least one thread).
    // Workers are created once; one batch is built at a time, so they are free here.
    if (workers_.empty()) {
      const unsigned count = std::max(1u, threads_ - 1);
      for (unsigned i = 0; i < count; ++i)
        workers_.push_back(std::make_unique<Worker>(
            Worker{DocumentBuilder(analyzer_, gazetteer_ ? &*gazetteer_ : nullptr,
                                   options_.duplicate_similarity > 0),
                   Compressor(*compressor_)}));
    }
    // The workers build one batch at a time: the previous build must be over (its
    // batch is then written while this one builds).
    if (building_.valid()) building_.wait();
    if (in_flight_ && gazetteer_) remember_articles(*in_flight_);
    find_thread_entities(*batch);
    Batch* job = batch.get();
    std::future<void> building =
        std::async(std::launch::async, [this, job] { build(*job, workers_); });
    write_in_flight(commit_after);
    in_flight_ = std::move(batch);
    building_ = std::move(building);
  }

  // Waits for the batch being built, then writes it.
  void write_in_flight(bool commit_after) {
    if (!in_flight_) return;
    std::unique_ptr<Batch> batch = std::move(in_flight_);
    translate_xapian([&] { building_.get(); });  // rethrows a build error, as crible's
    summary_.stored_raw += batch->stored_raw;
    summary_.stored_compressed += batch->stored_compressed;
    translate_xapian([&] {
      auto thread = batch->threads.begin();
      for (std::size_t i = 0; i < batch->documents.size(); ++i) {
        const Document& document = batch->documents[i];
        add_cluster(batch->built[i], document.id, batch->signatures[i]);
        database_.replace_document(std::string(schema::kId) + document.id, batch->built[i]);
        note_written(document);
        // A thread's stale members go right after its documents: a later thread of the
        // same article in this batch then decides what stays.
        for (; thread != batch->threads.end() && thread->end == i + 1; ++thread)
          for (const std::string& stale :
               stale_members(std::string(schema::kThread) + thread->article, thread->kept))
            database_.delete_document(stale);
      }
      // A comment whose article is not in the index (yet: it may come later in the run)
      // is looked at again by close(). Only those are kept, so memory does not grow
      // with the run.
      for (const Document& document : batch->documents)
        if (document.type == DocumentType::comment && !has_article(document.parent))
          unresolved_parents_.push_back(document.parent);
      // Spelling frequencies only grow: a replaced or deleted document's words stay
      // (as in Omega); suggestions weigh them by frequency.
      for (const auto& [word, count] : batch->spelling)
        database_.add_spelling(word, count);
      write_accent_stems(batch->accent_stems);
      write_display_forms(batch->display_forms);
      if (commit_after) {
        database_.commit();
        ++summary_.commits;
      }
    });
  }

  // The document's near-duplicate cluster (schema.h): assigned in the order documents
  // are written, so that a republication joins the story indexed before it.
  void add_cluster(Xapian::Document& built, const std::string& id,
                   const std::optional<dedupe::Signature>& signature) {
    const std::string cluster = signature && clusterer_ ? clusterer_->assign(id, *signature) : id;
    built.add_value(schema::kSlotCluster, cluster);
    if (signature) built.add_boolean_term(fit_term(std::string(schema::kCluster) + cluster));
    const std::string entities = built.get_value(schema::kSlotEntities);
    if (!entities.empty())
      built.add_value(schema::kSlotClusterEntities, cluster + schema::kThreadSeparator + entities);
  }

  // Adds @p stems to the accent table of the database (schema::kMetaAccentPrefix),
  // writing only the words whose entry grows; entries already read or written are
  // remembered for the run.
  void write_accent_stems(const std::map<std::string, std::set<std::string>>& stems) {
    for (const auto& [word, more] : stems) {
      auto [entry, added] = accent_table_.try_emplace(word);
      std::set<std::string>& known = entry->second;
      if (added) {
        for (std::string& stem :
             split_list(database_.get_metadata(std::string(schema::kMetaAccentPrefix) + word),
                        schema::kAccentSeparator))
          known.insert(std::move(stem));
      }
      const std::size_t before = known.size();
      known.insert(more.begin(), more.end());
      if (known.size() == before) continue;  // nothing new for this word
      database_.set_metadata(std::string(schema::kMetaAccentPrefix) + word,
                             join_list(known, schema::kAccentSeparator));
    }
  }

  // Adds the batch's spellings to the display table (schema::kMetaDisplayPrefix): per
  // word, the documents writing each spelling, summed over batches (and, by searchers,
  // over shards), so that the choice is the same however the index is cut. Counts only
  // grow, as the spelling table's.
  void write_display_forms(const DisplayForms& forms) {
    for (const auto& [word, counts] : forms) {
      auto [entry, added] = display_table_.try_emplace(word);
      SpellingCounts& known = entry->second;
      if (added)
        known = decode_spellings(
            database_.get_metadata(std::string(schema::kMetaDisplayPrefix) + word));
      for (const auto& [spelling, documents] : counts)
        known[spelling] += documents;
      keep_most_written(known, kDisplaySpellings);
      database_.set_metadata(std::string(schema::kMetaDisplayPrefix) + word,
                             encode_spellings(known));
    }
  }

  // The id terms of the documents indexed under @p thread_term that are not in @p kept.
  std::vector<std::string> stale_members(const std::string& thread_term,
                                         const std::unordered_set<std::string>& kept) {
    std::vector<std::string> stale;
    for (auto posting = database_.postlist_begin(thread_term);
         posting != database_.postlist_end(thread_term); ++posting) {
      auto term = database_.termlist_begin(*posting);
      term.skip_to(std::string(schema::kId));
      if (term == database_.termlist_end(*posting) || !(*term).starts_with(schema::kId)) continue;
      if (!kept.contains(*term)) stale.push_back(*term);
    }
    return stale;
  }

  // Everything added so far, written (not committed).
  void write_pending() {
    submit_pending(false);
    write_in_flight(false);
  }

  void note_written(const Document& document) {
    ++summary_.documents;
    summary_.text_bytes += document.title.size() + document.body.size();
    ++(document.type == DocumentType::article ? summary_.articles : summary_.comments);
  }

  // The index holds every article written so far (this run's too, committed or not).
  bool has_article(const std::string& id) const {
    return !id.empty() && database_.term_exists(std::string(schema::kId) + id);
  }

  // A comment is an orphan when its article is neither in this run nor in the index.
  void count_orphans() {
    translate_xapian([&] {
      for (const std::string& parent : unresolved_parents_)
        if (!has_article(parent)) ++summary_.orphans;
    });
    unresolved_parents_.clear();
  }

  std::filesystem::path path_;
  IndexOptions options_;
  std::shared_ptr<dedupe::Clusterer> clusterer_;
  unsigned threads_;
  Analyzer analyzer_;
  std::optional<Gazetteer> gazetteer_;
  Xapian::WritableDatabase database_;
  std::optional<Compressor> compressor_;
  std::vector<Document> pending_;
  std::vector<ReplacedThread> pending_threads_;  // threads among pending_
  std::size_t pending_bytes_ = 0;
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<Batch> in_flight_;  // being built while the previous one is written
  std::future<void> building_;
  std::vector<std::string> unresolved_parents_;  // of comments written before their article
  // Article id -> its entities, for comments of later batches (remember_articles).
  static constexpr std::size_t kRememberedArticles = 100000;
  std::unordered_map<std::string, std::vector<std::string>> article_entities_;
  std::unordered_map<std::string, std::set<std::string>> accent_table_;  // as stored
  // Word -> its spellings' document counts, as stored (write_display_forms).
  std::unordered_map<std::string, SpellingCounts> display_table_;
  // Spellings kept per word: "économie", "Économie", "ECONOMIE" and one more.
  static constexpr std::size_t kDisplaySpellings = 4;
  IndexSummary summary_;
  bool closed_ = false;
};

DatabaseWriter::DatabaseWriter(const std::filesystem::path& path, const IndexOptions& options,
                               unsigned threads)
    : impl_(std::make_unique<Impl>(path, options, threads)) {}
DatabaseWriter::~DatabaseWriter() = default;

Dictionary DatabaseWriter::newest_dictionary() const {
  return impl_->newest_dictionary();
}
void DatabaseWriter::use_dictionary(const Dictionary& dictionary) {
  impl_->use_dictionary(dictionary);
}
void DatabaseWriter::add(Document document) {
  impl_->add(std::move(document));
}
bool DatabaseWriter::remove(std::string_view id) {
  return impl_->remove(id);
}
void DatabaseWriter::replace_thread(std::vector<Document> documents) {
  impl_->replace_thread(std::move(documents));
}
void DatabaseWriter::use_clusterer(std::shared_ptr<dedupe::Clusterer> clusterer) {
  impl_->use_clusterer(std::move(clusterer));
}

void DatabaseWriter::commit() {
  impl_->commit();
}
void DatabaseWriter::close() {
  impl_->close();
}
bool DatabaseWriter::closed() const {
  return impl_->closed();
}
const IndexSummary& DatabaseWriter::summary() const {
  return impl_->summary();
}

}  // namespace crible::index
