#include "search/facets.h"

#include <algorithm>
#include <map>
#include <set>

#include "index/schema.h"

namespace crible::search {

unsigned used_entity_slots(const Xapian::Database& database) {
  unsigned slots = 0;
  while (slots < schema::kMaxEntitySlots &&
         database.get_value_freq(schema::kSlotEntity + slots) > 0)
    ++slots;
  return slots;
}

EntityFacets::EntityFacets(unsigned slots, FacetCounting counting) : counting_(counting) {
  // Per article: the slots hold "<entity>\0<thread>", so each distinct value is one
  // thread mentioning the entity.
  const unsigned first =
      counting == FacetCounting::articles ? schema::kSlotEntityThread : schema::kSlotEntity;
  for (unsigned rank = 0; rank < slots; ++rank)
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(first + rank));
}

void EntityFacets::attach(Xapian::Enquire& enquire) {
  for (const auto& spy : spies_)
    enquire.add_matchspy(spy.get());
}

std::vector<FacetCount> EntityFacets::counts(const Gazetteer* gazetteer, std::size_t limit) const {
  std::map<std::string, std::uint64_t> totals;
  std::set<std::string> threads;  // per article: (entity, thread) pairs seen in any slot
  for (const auto& spy : spies_) {
    for (auto value = spy->values_begin(); value != spy->values_end(); ++value) {
      const std::string& key = *value;
      if (counting_ == FacetCounting::documents)
        totals[key] += value.get_termfreq();
      else if (threads.insert(key).second)
        ++totals[key.substr(0, key.find(schema::kEntityThreadSeparator))];
    }
  }
  std::vector<FacetCount> out;
  for (const auto& [id, count] : totals) {
    FacetCount facet{id, id, EntityType::org, count};
    if (const Entity* entity = gazetteer ? gazetteer->find(id) : nullptr) {
      facet.name = entity->name;
      facet.type = entity->type;
    }
    out.push_back(std::move(facet));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
  if (out.size() > limit) out.resize(limit);
  return out;
}

}  // namespace crible::search
