#include "search/facets.h"

#include <algorithm>
#include <map>
#include <set>

#include "index/schema.h"

namespace crible::search {

std::vector<std::string> split_entities(std::string_view list) {
  std::vector<std::string> ids;
  while (!list.empty()) {
    const std::size_t end = list.find(schema::kEntitySeparator);
    ids.emplace_back(list.substr(0, end));
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
  return ids;
}

EntityFacets::EntityFacets(FacetCounting counting)
    : counting_(counting),
      spy_(counting == FacetCounting::articles ? schema::kSlotThreadEntities
                                               : schema::kSlotEntities) {}

void EntityFacets::attach(Xapian::Enquire& enquire) {
  enquire.add_matchspy(&spy_);
}

std::vector<FacetCount> EntityFacets::counts(const Gazetteer* gazetteer, std::size_t limit) const {
  // The spy counts documents per distinct list: a document's count goes to each
  // entity of its list. Per article, each value is "<thread>\0<list>": a thread counts
  // once per entity, however many of its documents matched.
  std::map<std::string, std::uint64_t> totals;
  std::set<std::pair<std::string, std::string>> seen;  // (entity, thread), per article
  for (auto value = spy_.values_begin(); value != spy_.values_end(); ++value) {
    const std::string& key = *value;
    if (counting_ == FacetCounting::documents) {
      for (std::string& id : split_entities(key))
        totals[std::move(id)] += value.get_termfreq();
      continue;
    }
    const std::size_t separator = key.find(schema::kThreadSeparator);
    if (separator == std::string::npos) continue;
    const std::string thread = key.substr(0, separator);
    for (std::string& id : split_entities(std::string_view(key).substr(separator + 1)))
      if (seen.emplace(id, thread).second) ++totals[std::move(id)];
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
