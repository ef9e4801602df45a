#include "corpus.h"

#include <cstdlib>
#include <nlohmann/json.hpp>

#include "ingest/line_reader.h"

namespace crible::bench {

std::vector<std::string> read_bodies(const std::string& path, std::size_t max_bytes) {
  ingest::LineReader reader(path, std::size_t{64} << 20);
  std::vector<std::string> bodies;
  std::size_t total = 0;
  ingest::LineReader::Line line;
  while (reader.next(line)) {
    const auto json = nlohmann::json::parse(line.text, nullptr, false);
    if (!json.is_object() || !json.contains("body") || !json["body"].is_string()) continue;
    bodies.push_back(json["body"].get<std::string>());
    total += bodies.back().size();
    if (max_bytes && total >= max_bytes) break;
  }
  return bodies;
}

std::string default_corpus() {
  if (const char* path = std::getenv("CRIBLE_CORPUS")) return path;
  return std::string(CRIBLE_SHARED_DIR) + "/corpus/fr-news-20M.jsonl.zst";
}

}  // namespace crible::bench
