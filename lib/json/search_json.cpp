#include <nlohmann/json.hpp>

#include "crible/json.h"

namespace crible {

using Json = nlohmann::ordered_json;

namespace {

Json hit_to_json(const Hit& hit, const SearchOptions& options) {
  Json out;
  out["id"] = hit.id;
  out["type"] = to_string(hit.type);
  out["parent"] = hit.parent.empty() ? Json(nullptr) : Json(hit.parent);
  out["score"] = hit.score;
  out["rank"] = hit.rank;
  out["title"] = hit.title;
  out["date"] = hit.date.empty() ? Json(nullptr) : Json(hit.date);
  if (!hit.author.empty()) out["author"] = hit.author;
  if (!hit.url.empty()) out["url"] = hit.url;
  if (options.snippets) {
    out["snippet"] = hit.snippet.html();
    out["snippet_text"] = hit.snippet.text;
    Json highlights = Json::array();
    for (const Highlight& highlight : hit.snippet.highlights)
      highlights.push_back({highlight.start, highlight.end});
    out["highlights"] = std::move(highlights);
  }
  out["entities"] = hit.entities;
  if (options.threads) out["thread"] = {{"article", hit.thread}, {"matches", hit.thread_matches}};
  out["cluster"] = {{"key", hit.cluster}, {"duplicates", hit.duplicates}};
  if (hit.near_duplicate) out["near_duplicate"] = true;
  return out;
}

Json facet_to_json(const FacetCount& facet) {
  return {{"id", facet.id},
          {"name", facet.name},
          {"type", to_string(facet.type)},
          {"count", facet.count}};
}

// {"key", "start", "count", "entities" (when split)}.
Json buckets_to_json(const std::vector<HistogramBucket>& buckets, bool split) {
  Json out = Json::array();
  for (const HistogramBucket& bucket : buckets) {
    Json item{{"key", bucket.key}, {"start", bucket.start}, {"count", bucket.count}};
    if (split) {
      Json entities = Json::array();
      for (const FacetCount& facet : bucket.entities)
        entities.push_back(facet_to_json(facet));
      item["entities"] = std::move(entities);
    }
    out.push_back(std::move(item));
  }
  return out;
}

// Always "partial" (clients test one field); the missing shards when there are some.
void add_partial(Json& out, bool partial, const std::vector<std::string>& missing) {
  out["partial"] = partial;
  if (partial) out["missing_shards"] = missing;
}

}  // namespace

std::string results_to_json(const SearchResults& results, const SearchOptions& options,
                            int indent) {
  Json out;
  out["query"] = results.query;
  // Elasticsearch's shape: a count and whether it is exact ("eq") or a lower bound.
  out["total"] = {{"value", results.total},
                  {"relation", std::string(to_string(results.total_relation))}};
  out["offset"] = results.offset;
  if (options.dedupe) out["dedupe"] = true;
  Json hits = Json::array();
  for (const Hit& hit : results.hits)
    hits.push_back(hit_to_json(hit, options));
  out["hits"] = std::move(hits);
  if (options.facets) {
    Json entities = Json::array();
    for (const FacetCount& facet : results.facets)
      entities.push_back(facet_to_json(facet));
    out["facets"] = {{"entity", std::move(entities)},
                     {"counting", to_string(results.facet_counting)}};
  }
  if (options.histogram != HistogramInterval::none)
    out["histogram"] = {
        {"interval", to_string(options.histogram)},
        {"counting", to_string(results.histogram_counting)},
        {"buckets", buckets_to_json(results.histogram, options.histogram_entities > 0)}};
  if (!results.note.empty()) out["note"] = results.note;
  if (!results.suggestion.empty()) out["suggestion"] = results.suggestion;
  add_partial(out, results.partial, results.missing_shards);
  out["parsed"] = results.parsed;
  out["query_language"] = {{"code", results.language}, {"source", results.language_source}};
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string parsed_query_to_json(const ParsedQuery& parsed, int indent) {
  Json out;
  out["query"] = parsed.query;
  out["parsed"] = parsed.description;
  if (!parsed.note.empty()) out["note"] = parsed.note;
  out["nothing_to_search"] = parsed.nothing_to_search;
  out["query_language"] = {{"code", parsed.language}, {"source", parsed.language_source}};
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string entities_to_json(const EntityList& list, int indent) {
  const std::string count(to_string(list.counting));
  Json entities = Json::array();
  for (const FacetCount& facet : list.entities)
    entities.push_back({{"id", facet.id},
                        {"name", facet.name},
                        {"type", to_string(facet.type)},
                        {count, facet.count}});
  Json out;
  out["query"] = list.query;
  if (!list.with.empty()) out["with"] = list.with;
  out["matches"] = list.matches;
  out["entities"] = std::move(entities);
  add_partial(out, list.partial, list.missing_shards);
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string timeline_to_json(const EntityTimeline& timeline, int indent) {
  Json out;
  out["entity"] = {{"id", timeline.entity.id},
                   {"name", timeline.entity.name},
                   {"type", to_string(timeline.entity.type)}};
  out["query"] = timeline.query;
  out["interval"] = to_string(timeline.interval);
  out["counting"] = to_string(timeline.counting);
  out["matches"] = timeline.entity.count;
  out["buckets"] = buckets_to_json(timeline.buckets, false);
  add_partial(out, timeline.partial, timeline.missing_shards);
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string trends_to_json(const TrendList& list, int indent) {
  Json entities = Json::array();
  for (const Trend& trend : list.entities)
    entities.push_back({{"id", trend.entity.id},
                        {"name", trend.entity.name},
                        {"type", to_string(trend.entity.type)},
                        {"window", trend.entity.count},
                        {"baseline", trend.baseline},
                        {"score", trend.score}});
  Json out;
  out["query"] = list.query;
  out["window"] = {{"start", list.window_start.empty() ? Json(nullptr) : Json(list.window_start)},
                   {"end", list.window_end.empty() ? Json(nullptr) : Json(list.window_end)},
                   {"documents", list.window_documents}};
  out["baseline"] = {
      {"start", list.baseline_start.empty() ? Json(nullptr) : Json(list.baseline_start)},
      {"documents", list.baseline_documents}};
  out["entities"] = std::move(entities);
  add_partial(out, list.partial, list.missing_shards);
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string duplicates_to_json(const DuplicateClusters& clusters, int indent) {
  SearchOptions shown;
  shown.snippets = false;
  Json items = Json::array();
  for (const DuplicateCluster& cluster : clusters.clusters) {
    Json members = Json::array();
    for (const Hit& hit : cluster.members)
      members.push_back(hit_to_json(hit, shown));
    items.push_back(
        {{"key", cluster.key}, {"size", cluster.size}, {"members", std::move(members)}});
  }
  Json out;
  out["total"] = clusters.total;
  out["documents"] = clusters.documents;
  out["clusters"] = std::move(items);
  add_partial(out, clusters.partial, clusters.missing_shards);
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string suggestions_to_json(const Suggestions& suggestions, int indent) {
  Json items = Json::array();
  for (const Suggestion& suggestion : suggestions.suggestions) {
    Json item{{"kind", to_string(suggestion.kind)},
              {"text", suggestion.text},
              {"query", suggestion.query},
              {"documents", suggestion.documents},
              {"typos", suggestion.typos}};
    if (suggestion.kind == SuggestionKind::entity)
      item["entity"] = {{"id", suggestion.entity}, {"type", to_string(suggestion.entity_type)}};
    items.push_back(std::move(item));
  }
  Json out;
  out["query"] = suggestions.query;
  out["prefix"] = suggestions.prefix;
  out["suggestions"] = std::move(items);
  add_partial(out, suggestions.partial, suggestions.missing_shards);
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace crible
