// Index: reading stored documents, statistics, checks and compaction.

#include <xapian.h>

#include <algorithm>
#include <map>
#include <sstream>

#include "crible/error.h"
#include "crible/index.h"
#include "crible/json.h"
#include "index/doc_store.h"
#include "index/schema.h"
#include "index/xapian_errors.h"

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
  explicit Impl(const std::filesystem::path& path) : path_(path) {
    translate_xapian([&] {
      if (!std::filesystem::exists(path)) throw IndexError("no index at '" + path.string() + "'");
      database_ = Xapian::Database(path.string());
      load_dictionaries(database_, decompressor_);
    });
  }

  std::optional<Document> get(std::string_view id) {
    return translate_xapian([&]() -> std::optional<Document> {
      const std::string term = std::string(schema::kId) + std::string(id);
      auto posting = database_.postlist_begin(term);
      if (posting == database_.postlist_end(term)) return std::nullopt;
      return decode(database_.get_document(*posting).get_data());
    });
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

  std::uint64_t size() const { return database_.get_doccount(); }

  IndexStats stats() {
    return translate_xapian([&] {
      IndexStats stats;
      stats.documents = database_.get_doccount();
      for (const char* type : {"article", "comment"})
        stats.by_type[type] = database_.get_termfreq(std::string(schema::kType) + type);
      for (auto term = database_.allterms_begin(); term != database_.allterms_end(); ++term)
        ++stats.terms;
      stats.postings = database_.get_total_length();
      stats.disk_bytes = index::disk_usage(path_);
      for (auto posting = database_.postlist_begin(""); posting != database_.postlist_end("");
           ++posting) {
        const std::string data = database_.get_document(*posting).get_data();
        stats.stored_compressed += data.size();
        stats.stored_raw += Decompressor::content_size(data);
      }
      const std::string prefix(schema::kMetaDictionaryPrefix);
      for (auto key = database_.metadata_keys_begin(prefix);
           key != database_.metadata_keys_end(prefix); ++key)
        stats.dictionaries[(*key).substr(prefix.size())] = database_.get_metadata(*key).size();
      stats.schema = database_.get_metadata(std::string(schema::kMetaSchema));
      return stats;
    });
  }

  void for_each(const std::function<void(const Document&)>& visit) {
    translate_xapian([&] {
      for (auto posting = database_.postlist_begin(""); posting != database_.postlist_end("");
           ++posting)
        visit(decode(database_.get_document(*posting).get_data()));
    });
  }

  std::vector<EntityCount> entity_counts(std::string_view with) {
    return translate_xapian([&] {
      const std::string prefix(schema::kEntity);
      std::map<std::string, EntityCount> counts;
      if (with.empty()) {
        for (auto term = database_.allterms_begin(prefix); term != database_.allterms_end(prefix);
             ++term)
          counts[*term] = {(*term).substr(prefix.size()), term.get_termfreq(),
                           database_.get_collection_freq(*term)};
      } else {
        const std::string anchor = prefix + std::string(with);
        for (auto posting = database_.postlist_begin(anchor);
             posting != database_.postlist_end(anchor); ++posting) {
          auto term = database_.termlist_begin(*posting);
          for (term.skip_to(prefix);
               term != database_.termlist_end(*posting) && (*term).rfind(prefix, 0) == 0; ++term) {
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
      if (database_.get_metadata(std::string(schema::kMetaSchema)).empty())
        problems.push_back("no crible schema in the index metadata");
      for (auto posting = database_.postlist_begin(""); posting != database_.postlist_end("");
           ++posting) {
        try {
          const Document document = decode(database_.get_document(*posting).get_data());
          if (!database_.term_exists(std::string(schema::kId) + document.id))
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
  Xapian::Database database_;
  Decompressor decompressor_;
};

Index Index::open(const std::filesystem::path& path) {
  return Index(std::make_unique<Impl>(path));
}
Index::Index(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

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

bool Index::check(const std::filesystem::path& path, std::vector<std::string>& problems) {
  const std::size_t before = problems.size();
  try {
    std::ostringstream report;
    const std::size_t errors = Xapian::Database::check(path.string(), 0, &report);
    if (errors > 0)
      problems.push_back("xapian-check: " + std::to_string(errors) + " errors: " + report.str());
  } catch (const Xapian::Error& e) {
    problems.push_back(std::string("xapian-check: ") + e.get_type() + ": " + e.get_msg());
    return false;
  }
  try {
    Index index = open(path);
    index.impl_->check_documents(problems);
  } catch (const Error& e) {
    problems.push_back(e.what());
  }
  return problems.size() == before;
}

std::uint64_t Index::disk_bytes(const std::filesystem::path& path) {
  return index::disk_usage(path);
}

void Index::compact(const std::filesystem::path& path, const std::filesystem::path& out) {
  translate_xapian([&] {
    Xapian::Database database(path.string());
    database.compact(out.string(), Xapian::DBCOMPACT_SINGLE_FILE);
  });
}

}  // namespace crible
