// Index: reading stored documents, statistics, checks and compaction.

#include <xapian.h>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

#include "crible/error.h"
#include "crible/index.h"
#include "crible/json.h"
#include "index/doc_store.h"
#include "index/lists.h"
#include "index/schema.h"
#include "index/xapian_errors.h"
#include "shards/shard_set.h"
#include "shards/stub_file.h"

namespace crible {

using namespace index;

namespace index {
std::uint64_t disk_usage(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error)) return std::filesystem::file_size(path, error);
  std::uint64_t total = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error))
    if (entry.is_regular_file(error)) total += entry.file_size(error);
  return total;
}
}  // namespace index

class Index::Impl {
 public:
  Impl(const std::filesystem::path& path, const ShardOptions& options)
      : path_(path), shards_(path, options) {
    translate_xapian([&] { load_dictionaries(database(), decompressor_); });
  }

  void reopen() {
    shards_.reopen();
    translate_xapian([&] { load_dictionaries(database(), decompressor_); });
  }

  // A document not found while shards are missing may be on one of them.
  std::optional<Document> get(std::string_view id) {
    if (id.empty() || id.size() > kMaxDocumentIdBytes) return std::nullopt;  // none can exist
    const std::string term = std::string(schema::kId) + std::string(id);
    const std::string data = translate_xapian([&] {
      return shards_.run([&](const Xapian::Database& database) {
        auto posting = database.postlist_begin(term);
        return posting == database.postlist_end(term) ? std::string()
                                                      : database.get_document(*posting).get_data();
      });
    });
    if (!data.empty()) return decode(data);
    if (const auto missing = shards_.missing(); !missing.empty())
      throw ShardUnavailable(missing.front(),
                             "document '" + std::string(id) + "' is not on the shards that answer");
    return std::nullopt;
  }

  const Xapian::Database& database() const { return shards_.database(); }

  // What reads the whole index would silently miss a shard's part.
  void require_every_shard() {
    shards_.refresh();
    if (const auto missing = shards_.missing(); !missing.empty())
      throw ShardUnavailable(missing.front(), "this reads the whole index, every shard");
  }

  Document decode(const std::string& data) {
    try {
      return document_from_json(decompressor_.decompress(data));
    } catch (const IndexError&) {
      throw;
    } catch (const Error& e) {
      throw IndexError(std::string("stored document is not valid: ") + e.what());
    }
  }

  std::uint64_t size() const { return database().get_doccount(); }

  // Documents indexing @p term that have no date value.
  static std::uint64_t count_undated(const Xapian::Database& db, const std::string& term) {
    std::uint64_t undated = 0;
    for (auto posting = db.postlist_begin(term); posting != db.postlist_end(term); ++posting)
      if (db.get_document(*posting).get_value(schema::kSlotDate).empty()) ++undated;
    return undated;
  }

  IndexStats stats() {
    require_every_shard();
    return translate_xapian([&] {
      const Xapian::Database& db = database();
      IndexStats stats;
      stats.documents = db.get_doccount();
      for (const char* type : {"article", "comment"}) {
        const std::string term = std::string(schema::kType) + type;
        stats.by_type[type] = db.get_termfreq(term);
        stats.undated[type] = count_undated(db, term);
      }
      for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term)
        ++stats.terms;
      stats.postings = db.get_total_length();
      stats.disk_bytes = index::disk_usage(path_);
      for (auto posting = db.postlist_begin(""); posting != db.postlist_end(""); ++posting) {
        const std::string data = db.get_document(*posting).get_data();
        stats.stored_compressed += data.size();
        stats.stored_raw += Decompressor::content_size(data);
      }
      const std::string prefix(schema::kMetaDictionaryPrefix);
      for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key)
        stats.dictionaries[(*key).substr(prefix.size())] = db.get_metadata(*key).size();
      stats.schema = db.get_metadata(std::string(schema::kMetaSchema));
      return stats;
    });
  }

  void for_each(const std::function<void(const Document&)>& visit) {
    require_every_shard();
    translate_xapian([&] {
      const Xapian::Database& db = database();
      for (auto posting = db.postlist_begin(""); posting != db.postlist_end(""); ++posting)
        visit(decode(db.get_document(*posting).get_data()));
    });
  }

  std::vector<EntityCount> entity_counts(std::string_view with) {
    require_every_shard();
    return translate_xapian([&] {
      const Xapian::Database& db = database();
      const std::string prefix(schema::kEntity);
      std::map<std::string, EntityCount> counts;
      if (with.empty()) {
        for (auto term = db.allterms_begin(prefix); term != db.allterms_end(prefix); ++term)
          counts[*term] = {(*term).substr(prefix.size()), term.get_termfreq(),
                           db.get_collection_freq(*term)};
      } else {
        const std::string anchor = prefix + std::string(with);
        for (auto posting = db.postlist_begin(anchor); posting != db.postlist_end(anchor);
             ++posting) {
          auto term = db.termlist_begin(*posting);
          for (term.skip_to(prefix);
               term != db.termlist_end(*posting) && (*term).rfind(prefix, 0) == 0; ++term) {
            if (*term == anchor) continue;
            EntityCount& count = counts[*term];
            count.id = (*term).substr(prefix.size());
            ++count.documents;
            count.mentions += term.get_wdf();
          }
        }
      }
      std::vector<EntityCount> sorted;
      for (auto& [term, count] : counts)
        sorted.push_back(std::move(count));
      std::stable_sort(
          sorted.begin(), sorted.end(),
          [](const EntityCount& a, const EntityCount& b) { return a.documents > b.documents; });
      return sorted;
    });
  }

  // crible's own checks: schema present, every stored document decodes and has its id term.
  void check_documents(std::vector<std::string>& problems) {
    translate_xapian([&] {
      const Xapian::Database& db = database();
      if (db.get_metadata(std::string(schema::kMetaSchema)).empty())
        problems.push_back("no crible schema in the index metadata");
      for (auto posting = db.postlist_begin(""); posting != db.postlist_end(""); ++posting) {
        try {
          const Document document = decode(db.get_document(*posting).get_data());
          if (!db.term_exists(std::string(schema::kId) + document.id))
            problems.push_back("document " + std::to_string(*posting) + " (" + document.id +
                               ") has no id term");
        } catch (const Error& e) {
          problems.push_back("document " + std::to_string(*posting) + ": " + e.what());
        }
      }
    });
  }

 private:
  std::filesystem::path path_;
  shards::ShardSet shards_;
  Decompressor decompressor_;
};

Index Index::open(const std::filesystem::path& path, const ShardOptions& shards) {
  return Index(std::make_unique<Impl>(path, shards));
}
Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

void Index::reopen() {
  impl_->reopen();
}
std::optional<Document> Index::get(std::string_view id) {
  return impl_->get(id);
}
std::uint64_t Index::size() const {
  return impl_->size();
}
IndexStats Index::stats() {
  return impl_->stats();
}
void Index::for_each(const std::function<void(const Document&)>& visit) {
  impl_->for_each(visit);
}
std::vector<EntityCount> Index::entity_counts(std::string_view with) {
  return impl_->entity_counts(with);
}

namespace {

// Xapian's structural check of one database; false when it cannot even run.
bool check_database(const std::filesystem::path& path, std::vector<std::string>& problems) {
  try {
    std::ostringstream report;
    const std::size_t errors = Xapian::Database::check(path.string(), 0, &report);
    if (errors > 0)
      problems.push_back("xapian-check " + path.string() + ": " + std::to_string(errors) +
                         " errors: " + report.str());
    return true;
  } catch (const Xapian::Error& e) {
    problems.push_back("xapian-check " + path.string() + ": " + e.get_type() + ": " + describe(e));
    return false;
  }
}

}  // namespace

bool Index::check(const std::filesystem::path& path, std::vector<std::string>& problems) {
  const std::size_t before = problems.size();
  // Each local shard of a stub is checked on its own (Xapian's check takes one
  // database); a remote one can only be checked on its host.
  bool checkable = true;
  try {
    for (const std::filesystem::path& database : local_databases(path))
      checkable &= check_database(database, problems);
  } catch (const Error& e) {
    problems.push_back(e.what());
    return false;
  }
  if (!checkable) return false;
  try {
    Index index = open(path);
    index.impl_->check_documents(problems);
  } catch (const Error& e) {
    problems.push_back(e.what());
  }
  return problems.size() == before;
}

std::vector<std::filesystem::path> Index::local_databases(const std::filesystem::path& path) {
  const auto stub = shards::stub_of(path);
  if (!stub) return {path};
  std::vector<std::filesystem::path> databases;
  for (const shards::ShardLocation& shard : shards::read_stub(*stub))
    if (shard.kind == shards::ShardLocation::Kind::local) databases.push_back(shard.path);
  return databases;
}

std::uint64_t Index::disk_bytes(const std::filesystem::path& path) {
  return index::disk_usage(path);
}

namespace {

// Merging shards, each key of user metadata is kept from the first shard (Xapian's
// default) but the accent table's, whose stems are the union of every shard's: a
// shard holds the accented spellings of its own documents only.
class MetadataMerger : public Xapian::Compactor {
 public:
  std::string resolve_duplicate_metadata(const std::string& key, size_t count,
                                         const std::string tags[]) override {
    if (key.rfind(schema::kMetaAccentPrefix, 0) != 0) return tags[0];
    std::set<std::string> stems;
    for (size_t i = 0; i < count; ++i)
      for (std::string& stem : split_list(tags[i], schema::kAccentSeparator))
        stems.insert(std::move(stem));
    return join_list(stems, schema::kAccentSeparator);
  }
};

}  // namespace

void Index::compact(const std::filesystem::path& path, const std::filesystem::path& out) {
  translate_xapian([&] {
    Xapian::Database database(path.string());
    MetadataMerger merger;
    database.compact(out.string(), Xapian::DBCOMPACT_SINGLE_FILE, 0, merger);
  });
}

}  // namespace crible
