#include "dedupe/clusterer.h"

#include "index/schema.h"
#include "index/xapian_errors.h"

namespace crible::dedupe {
namespace {

constexpr int kAttempts = 5;  // reopenings of the reader before giving up
// Candidates looked at per band, in the run's table and per band term of the index.
constexpr std::size_t kMaxPerBand = 64;

// A band's rows as one integer, the band's number above them: equal keys, equal terms.
std::uint64_t band_key(const Signature& signature, std::size_t band) {
  std::uint64_t key = band;
  for (std::size_t row = 0; row < kRowsPerBand; ++row)
    key = (key << 16) | signature[band * kRowsPerBand + row];
  return key;
}

}  // namespace

Clusterer::Clusterer(const std::vector<std::filesystem::path>& existing, double threshold)
    : threshold_(threshold) {
  index::translate_xapian([&] {
    Xapian::Database database;
    for (const std::filesystem::path& path : existing)
      database.add_database(Xapian::Database(path.string()));
    if (database.get_doccount() > 0) index_ = std::move(database);
  });
}

std::string Clusterer::assign(const std::string& id, const Signature& signature) {
  std::lock_guard lock(mutex_);
  Candidate best;
  look_in_run(id, signature, best);
  look_in_index(id, signature, best);
  std::string cluster = best.cluster.empty() ? id : best.cluster;
  const auto entry = static_cast<std::uint32_t>(run_.size());
  run_.push_back(Entry{id, cluster, signature});
  for (std::size_t band = 0; band < kBands; ++band) {
    std::vector<std::uint32_t>& entries = bands_[band_key(signature, band)];
    if (entries.size() == kMaxPerBand) entries.erase(entries.begin());
    entries.push_back(entry);
  }
  return cluster;
}

void Clusterer::consider(const std::string& id, const Signature& signature,
                         const std::string& other_id, const Signature& other,
                         const std::string& cluster, Candidate& best) const {
  if (other_id == id || cluster.empty()) return;  // its own earlier version
  const double score = similarity(signature, other);
  // Ties go to the smaller key, whatever order the candidates came in.
  if (score >= threshold_ &&
      (score > best.similarity || (score == best.similarity && cluster < best.cluster)))
    best = Candidate{score, cluster};
}

void Clusterer::look_in_run(const std::string& id, const Signature& signature,
                            Candidate& best) const {
  for (std::size_t band = 0; band < kBands; ++band) {
    const auto found = bands_.find(band_key(signature, band));
    if (found == bands_.end()) continue;
    for (const std::uint32_t index : found->second) {
      const Entry& entry = run_[index];
      consider(id, signature, entry.id, entry.signature, entry.cluster, best);
    }
  }
}

void Clusterer::look_in_index(const std::string& id, const Signature& signature, Candidate& best) {
  if (!index_) return;
  // The run's writers commit under this reader: once its revision is gone, it reads
  // the newest (this run's documents then show up twice, with the same clusters).
  for (int attempt = 1;; ++attempt) {
    try {
      Candidate found = best;
      read_index(id, signature, found);
      best = std::move(found);
      return;
    } catch (const Xapian::DatabaseModifiedError& e) {
      if (attempt == kAttempts)
        throw IndexError("near-duplicates: the index kept changing under its reader: " +
                         index::describe(e));
      index::translate_xapian([&] { index_->reopen(); });
    } catch (const Xapian::Error& e) {
      throw IndexError("near-duplicates: " + std::string(e.get_type()) + ": " + index::describe(e));
    }
  }
}

void Clusterer::read_index(const std::string& id, const Signature& signature, Candidate& best) {
  for (const std::string& term : band_terms(signature, schema::kBand)) {
    std::size_t read = 0;
    for (auto posting = index_->postlist_begin(term);
         posting != index_->postlist_end(term) && read < kMaxPerBand; ++posting, ++read) {
      const Xapian::Document document = index_->get_document(*posting);
      const std::optional<Signature> other = decode(document.get_value(schema::kSlotSignature));
      if (!other) continue;
      auto id_term = document.termlist_begin();
      id_term.skip_to(std::string(schema::kId));
      if (id_term == document.termlist_end() || !(*id_term).starts_with(schema::kId)) continue;
      const std::string other_id = (*id_term).substr(schema::kId.size());
      consider(id, signature, other_id, *other, document.get_value(schema::kSlotCluster), best);
    }
  }
}

}  // namespace crible::dedupe
