#include <nlohmann/json.hpp>

#include "crible/json.h"

namespace crible {

using Json = nlohmann::ordered_json;

namespace {
double ratio(std::uint64_t raw, std::uint64_t compressed) {
  return compressed ? static_cast<double>(raw) / static_cast<double>(compressed) : 0.0;
}
}  // namespace

std::string stats_to_json(const IndexStats& stats, int indent) {
  Json out;
  out["documents"] = stats.documents;
  out["by_type"] = stats.by_type;
  out["undated"] = stats.undated;
  out["terms"] = stats.terms;
  out["postings"] = stats.postings;
  out["disk_bytes"] = stats.disk_bytes;
  out["stored"] = {{"raw", stats.stored_raw},
                   {"compressed", stats.stored_compressed},
                   {"ratio", ratio(stats.stored_raw, stats.stored_compressed)}};
  out["dictionaries"] = stats.dictionaries;
  const Json schema = Json::parse(stats.schema, nullptr, false);
  out["schema"] = schema.is_discarded() ? Json(stats.schema) : schema;
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string summary_to_json(const IndexSummary& summary, const RunCounts& run, int indent) {
  Json out;
  out["documents"] = summary.documents;
  out["by_type"] = {{"article", summary.articles}, {"comment", summary.comments}};
  out["skipped"] = run.skipped;
  out["warnings"] = run.warnings;
  out["orphans"] = summary.orphans;
  out["elapsed_seconds"] = run.elapsed_seconds;
  out["text_bytes"] = summary.text_bytes;
  out["disk_bytes"] = run.disk_bytes;
  out["stored"] = {{"raw", summary.stored_raw},
                   {"compressed", summary.stored_compressed},
                   {"ratio", ratio(summary.stored_raw, summary.stored_compressed)}};
  out["dictionary"] = summary.dictionary;
  out["commits"] = summary.commits;
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

}  // namespace crible
