#pragma once
// Near-duplicate clusters, assigned at index time: a document joins the cluster of
// the most similar document indexed before it (this run's, or the index's), when that
// similarity reaches the threshold; else it starts a cluster named by its own id.
// Candidates are the documents sharing a band term with it (dedupe/signature.h).
//
// One clusterer serves every shard of a run, so that a wire story and its republication
// cluster together whichever shards their threads went to. Clusters are never merged
// afterwards: a document that would link two clusters joins the closer one.

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dedupe/signature.h"

namespace crible::dedupe {

class Clusterer {
 public:
  // @p existing: the index's databases as they are before the run (read, never
  // written); @p threshold: the similarity a candidate needs (0 < threshold <= 1).
  Clusterer(const std::vector<std::filesystem::path>& existing, double threshold);

  // The cluster key of document @p id: thread-safe, in the order documents are written.
  std::string assign(const std::string& id, const Signature& signature);

 private:
  struct Candidate {
    double similarity = 0;
    std::string cluster;
  };
  void consider(std::string_view id, const Signature& signature, std::string_view other_id,
                const Signature& other, std::string_view cluster, Candidate& best) const;
  void look_in_run(const std::string& id, const Signature& signature, Candidate& best) const;
  void look_in_index(const std::string& id, const Signature& signature, Candidate& best);
  void read_index(const std::string& id, const Signature& signature, Candidate& best);

  // Everything below grows by doubling, with no allocation per document: the run's
  // table lives as long as the run, and one small allocation per article and band
  // (as an unordered_map of vectors made) fragmented the heap under the writer
  // thread's batches; freeing them took 6 % of its time on the 150M corpus.
  static constexpr std::uint32_t kNone = UINT32_MAX;
  struct Entry {
    std::size_t id = 0, cluster = 0;  // offsets in text_
    std::uint32_t id_size = 0, cluster_size = 0;
  };
  std::string_view text(std::size_t offset, std::uint32_t size) const {
    return std::string_view(text_).substr(offset, size);
  }
  // Band key -> the newest run entry holding it (open addressing, linear probing).
  class NewestByKey {
   public:
    std::uint32_t find(std::uint64_t key) const;
    // Makes @p entry the newest for @p key; returns the one it follows (or kNone).
    std::uint32_t exchange(std::uint64_t key, std::uint32_t entry);

   private:
    std::size_t slot(std::uint64_t key) const;
    void grow();
    std::vector<std::uint64_t> keys_;  // kEmpty where free
    std::vector<std::uint32_t> entries_;
    std::size_t used_ = 0;
  };

  std::mutex mutex_;
  double threshold_;
  std::optional<Xapian::Database> index_;  // before the run; none when empty
  // This run's signed documents, in order: ids and clusters as text_ ranges.
  std::vector<Entry> entries_;
  std::vector<Signature> signatures_;
  std::string text_;
  // Per entry and band: the previous entry with the same band key (kNone at the end of
  // the chain). look_in_run() walks at most kMaxPerBand of a chain, the newest first:
  // a band that boilerplate gives thousands of articles would otherwise make each new
  // one compare with all of them (quadratic); real near-duplicates share several bands.
  std::vector<std::uint32_t> previous_;
  NewestByKey newest_;
};

}  // namespace crible::dedupe
