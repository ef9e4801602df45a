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

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
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
  void consider(const std::string& id, const Signature& signature, const std::string& other_id,
                const Signature& other, const std::string& cluster, Candidate& best) const;
  void look_in_run(const std::string& id, const Signature& signature, Candidate& best) const;
  void look_in_index(const std::string& id, const Signature& signature, Candidate& best);
  void read_index(const std::string& id, const Signature& signature, Candidate& best);

  struct Entry {
    std::string id, cluster;
    Signature signature;
  };
  std::mutex mutex_;
  double threshold_;
  std::optional<Xapian::Database> index_;  // before the run; none when empty
  std::vector<Entry> run_;                 // this run's signed documents
  // Band key -> the run_ entries holding it, the kMaxPerBand newest: a band that
  // boilerplate gives thousands of articles would otherwise make each new one compare
  // with all of them (quadratic); real near-duplicates share several bands.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> bands_;
};

}  // namespace crible::dedupe
