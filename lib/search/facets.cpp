#include "search/facets.h"

#include <algorithm>
#include <map>
#include <set>

#include "index/lists.h"
#include "index/schema.h"

namespace crible::search {

Xapian::valueno slot_for(FacetCounting counting) {
  switch (counting) {
    case FacetCounting::articles:
      return schema::kSlotThreadEntities;
    case FacetCounting::clusters:
      return schema::kSlotClusterEntities;
    case FacetCounting::documents:
      break;
  }
  return schema::kSlotEntities;
}

std::vector<std::string> split_entities(std::string_view list) {
  return index::split_list(list, schema::kEntitySeparator);
}

void EntityCountSpy::operator()(const Xapian::Document& document, double) {
  const bool per_article = counting_ != FacetCounting::documents;  // per thread or cluster
  const std::string value = document.get_value(slot_for(counting_));
  std::string_view list = value;
  std::string_view thread;
  if (per_article) {
    const std::size_t separator = list.find(schema::kThreadSeparator);
    if (separator == std::string_view::npos) return;
    thread = list.substr(0, separator);
    list.remove_prefix(separator + 1);
  }
  while (!list.empty()) {
    const std::size_t end = list.find(schema::kEntitySeparator);
    const std::string_view id = list.substr(0, end);
    if (!per_article) {
      count(id);
    } else {
      key_.assign(id).append(1, schema::kEntitySeparator).append(thread);
      if (threads_.insert(key_).second) count(id);
    }
    if (end == std::string_view::npos) break;
    list.remove_prefix(end + 1);
  }
}

void EntityCountSpy::count(std::string_view id) {
  if (const auto found = totals_.find(id); found != totals_.end())
    ++found->second;
  else
    totals_.emplace(std::string(id), 1);
}

EntityFacets::EntityFacets(FacetCounting counting, bool builtin)
    : counting_(counting),
      builtin_(builtin),
      builtin_spy_(slot_for(counting)),
      local_spy_(counting) {}

void EntityFacets::attach(Xapian::Enquire& enquire) {
  if (builtin_)
    enquire.add_matchspy(&builtin_spy_);
  else
    enquire.add_matchspy(&local_spy_);
}

std::vector<FacetCount> EntityFacets::counts(const Gazetteer* gazetteer, std::size_t limit) const {
  std::map<std::string, std::uint64_t> totals;
  if (builtin_) {
    // The spy counts documents per distinct list: a document's count goes to each
    // entity of its list. Per article (cluster), each value is "<thread>\0<list>": a
    // thread (cluster) counts once per entity, however many of its documents matched.
    std::set<std::pair<std::string, std::string>> seen;  // (entity, thread)
    for (auto value = builtin_spy_.values_begin(); value != builtin_spy_.values_end(); ++value) {
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
  } else {
    totals.insert(local_spy_.totals().begin(), local_spy_.totals().end());
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
