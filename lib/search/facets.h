#pragma once
// Entity facets with Xapian's built-in ValueCountMatchSpy, one per entity slot
// (schema.h): the only kind of match spy that stock xapian-tcpsrv can run, so
// facets stay exact across remote shards.

#include <xapian.h>

#include <memory>
#include <vector>

#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

// How many entity slots the index uses: a document's k-th entity is in slot k, so
// the first slot no document uses ends the range.
unsigned used_entity_slots(const Xapian::Database& database);

class EntityFacets {
 public:
  EntityFacets(unsigned slots, FacetCounting counting);
  // The spies stay owned here; keep this object alive until get_mset() returns.
  void attach(Xapian::Enquire& enquire);
  // Entities by count (then id), at most @p limit; names and types from @p gazetteer
  // (the id itself when it has none).
  std::vector<FacetCount> counts(const Gazetteer* gazetteer, std::size_t limit) const;

 private:
  FacetCounting counting_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
};

}  // namespace crible::search
