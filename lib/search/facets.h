#pragma once
// Entity facets with Xapian's built-in ValueCountMatchSpy on the document's entity
// list (schema.h): the only kind of match spy that stock xapian-tcpsrv can run, so
// facets stay exact across remote shards.

#include <xapian.h>

#include <string>
#include <string_view>
#include <vector>

#include "crible/entities.h"
#include "crible/search.h"

namespace crible::search {

// The ids of an entity list value ("microsoft tiktok"), most mentioned first.
std::vector<std::string> split_entities(std::string_view list);

class EntityFacets {
 public:
  explicit EntityFacets(FacetCounting counting);
  // The spy stays owned here; keep this object alive until get_mset() returns.
  void attach(Xapian::Enquire& enquire);
  // Entities by count (then id), at most @p limit; names and types from @p gazetteer
  // (the id itself when it has none).
  std::vector<FacetCount> counts(const Gazetteer* gazetteer, std::size_t limit) const;

 private:
  FacetCounting counting_;
  Xapian::ValueCountMatchSpy spy_;
};

}  // namespace crible::search
