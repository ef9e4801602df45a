#pragma once
// Entity facets: counts of the documents' entity lists (schema.h) over all matches.
// Remote shards (xapian-tcpsrv) run only Xapian's built-in match spies, so there the
// lists are counted by ValueCountMatchSpy, whose std::map of long, mostly distinct
// lists costs ~400 ns per match; a local database counts each list's entities in a
// small hash table instead, several times faster (bench/RESULTS.md). Same counts: a
// test compares them.

#include <xapian.h>

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

// The slot a facet counting reads: the entity lists alone, or after their thread or
// cluster (schema.h).
Xapian::valueno slot_for(FacetCounting counting);

// The ids of an entity list value ("microsoft tiktok"), most mentioned first.
std::vector<std::string> split_entities(std::string_view list);

// Per-entity totals, keyed by id; looked up by string_view without a copy.
struct IdHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view id) const { return std::hash<std::string_view>{}(id); }
};
using EntityTotals = std::unordered_map<std::string, std::uint64_t, IdHash, std::equal_to<>>;

// Counts entities straight from each matching document's list: a few lookups in a
// small hash table per match, no allocation once the entities are known. Cannot be
// serialised: local databases only.
class EntityCountSpy : public Xapian::MatchSpy {
 public:
  explicit EntityCountSpy(FacetCounting counting) : counting_(counting) {}
  void operator()(const Xapian::Document& document, double weight) override;
  const EntityTotals& totals() const { return totals_; }

 private:
  void count(std::string_view id);
  FacetCounting counting_;
  EntityTotals totals_;
  std::unordered_set<std::string> threads_;  // "<entity> <thread>" seen, per article
  std::string key_;                          // scratch
};

class EntityFacets {
 public:
  // @p builtin: count with ValueCountMatchSpy (remote shards need it).
  EntityFacets(FacetCounting counting, bool builtin);
  // The spy stays owned here; keep this object alive until get_mset() returns.
  void attach(Xapian::Enquire& enquire);
  // Entities by count (then id), at most @p limit; names and types from @p gazetteer
  // (the id itself when it has none).
  std::vector<FacetCount> counts(const Gazetteer* gazetteer, std::size_t limit) const;

 private:
  FacetCounting counting_;
  bool builtin_;
  Xapian::ValueCountMatchSpy builtin_spy_;
  EntityCountSpy local_spy_;
};

}  // namespace crible::search
