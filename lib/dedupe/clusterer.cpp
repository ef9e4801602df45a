#include "dedupe/clusterer.h"

#include <utility>

#include "index/schema.h"
#include "index/xapian_errors.h"

namespace crible::dedupe {
namespace {

constexpr int kAttempts = 5;  // reopenings of the reader before giving up
// Candidates looked at per band, in the run's table and per band term of the index.
constexpr std::size_t kMaxPerBand = 64;
// Band keys hold the band's number above 32 bits of rows: never this.
constexpr std::uint64_t kEmpty = ~std::uint64_t{0};

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
  const auto entry = static_cast<std::uint32_t>(entries_.size());
  if (entry == kNone)
    throw IndexError("near-duplicates: more than 4 294 967 294 articles in one run");
  Entry added{text_.size(), text_.size(), static_cast<std::uint32_t>(id.size()),
              static_cast<std::uint32_t>(id.size())};
  text_ += id;
  if (!best.cluster.empty()) {
    added.cluster = text_.size();
    added.cluster_size = static_cast<std::uint32_t>(best.cluster.size());
    text_ += best.cluster;
  }
  entries_.push_back(added);
  signatures_.push_back(signature);
  for (std::size_t band = 0; band < kBands; ++band)
    previous_.push_back(newest_.exchange(band_key(signature, band), entry));
  return best.cluster.empty() ? id : best.cluster;
}

void Clusterer::consider(std::string_view id, const Signature& signature, std::string_view other_id,
                         const Signature& other, std::string_view cluster, Candidate& best) const {
  if (other_id == id || cluster.empty()) return;  // its own earlier version
  const double score = similarity(signature, other);
  // Ties go to the smaller key, whatever order the candidates came in.
  if (score >= threshold_ &&
      (score > best.similarity || (score == best.similarity && cluster < best.cluster)))
    best = Candidate{score, std::string(cluster)};
}

void Clusterer::look_in_run(const std::string& id, const Signature& signature,
                            Candidate& best) const {
  for (std::size_t band = 0; band < kBands; ++band) {
    std::uint32_t entry = newest_.find(band_key(signature, band));
    for (std::size_t seen = 0; entry != kNone && seen < kMaxPerBand; ++seen) {
      const Entry& other = entries_[entry];
      consider(id, signature, text(other.id, other.id_size), signatures_[entry],
               text(other.cluster, other.cluster_size), best);
      entry = previous_[entry * kBands + band];
    }
  }
}

std::size_t Clusterer::NewestByKey::slot(std::uint64_t key) const {
  // Multiplicative hashing (bits 20 and up of key times 2^64/phi): the rows are
  // MinHash minimums, already uniform, but the band number sits in the high bits.
  const std::size_t mask = keys_.size() - 1;
  std::size_t at = static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ULL) >> 20) & mask;
  while (keys_[at] != kEmpty && keys_[at] != key)
    at = (at + 1) & mask;
  return at;
}

std::uint32_t Clusterer::NewestByKey::find(std::uint64_t key) const {
  if (keys_.empty()) return kNone;
  const std::size_t at = slot(key);
  return keys_[at] == key ? entries_[at] : kNone;
}

std::uint32_t Clusterer::NewestByKey::exchange(std::uint64_t key, std::uint32_t entry) {
  if (2 * (used_ + 1) > keys_.size()) grow();  // at most half full: short probes
  const std::size_t at = slot(key);
  if (keys_[at] == kEmpty) {
    keys_[at] = key;
    entries_[at] = kNone;
    ++used_;
  }
  return std::exchange(entries_[at], entry);
}

void Clusterer::NewestByKey::grow() {
  std::vector<std::uint64_t> keys(std::max<std::size_t>(1024, 2 * keys_.size()), kEmpty);
  std::vector<std::uint32_t> entries(keys.size(), kNone);
  keys.swap(keys_);
  entries.swap(entries_);
  for (std::size_t old = 0; old < keys.size(); ++old)
    if (keys[old] != kEmpty) {
      const std::size_t at = slot(keys[old]);
      keys_[at] = keys[old];
      entries_[at] = entries[old];
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
