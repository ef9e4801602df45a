// Entity search quality on the labelled set tests/data/entities-eval.jsonl: for each
// labelled entity, the documents `entity:<id>` returns (its XE term) against the
// labels, next to a plain keyword search for the entity's name on the same index.
// Goal (entities issue): precision and recall >= 0.98 for every entity, and no
// document with a hard negative returning the entity it imitates.

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "crible/entities.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "entity_eval.h"

using crible::bench::ids_of;
using crible::bench::keyword_ids;
using crible::bench::score;
using crible::bench::Score;

int main(int argc, char** argv) {
  const std::string labels =
      argc > 1 ? argv[1] : std::string(CRIBLE_SOURCE_DIR) + "/tests/data/entities-eval.jsonl";
  const std::filesystem::path db_path =
      std::filesystem::temp_directory_path() / "crible-entity-quality";
  std::filesystem::remove_all(db_path);

  std::map<std::string, std::set<std::string>> expected;      // entity -> documents
  std::map<std::string, std::vector<std::string>> negatives;  // document -> negative cases
  std::vector<crible::Document> documents;
  {
    std::ifstream in(labels);
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const auto json = nlohmann::json::parse(line);
      crible::Document document = crible::document_from_json(line);
      for (const auto& id : json["entities"])
        expected[id.get<std::string>()].insert(document.id);
      for (const auto& negative : json["negatives"])
        negatives[document.id].push_back(negative.get<std::string>());
      documents.push_back(std::move(document));
    }
  }
  {
    crible::IndexWriter writer = crible::IndexWriter::open(db_path);
    for (const crible::Document& document : documents)
      writer.add(document);
    writer.close();
  }
  Xapian::Database db(db_path.string());
  crible::Analyzer analyzer = crible::Analyzer::create();
  const crible::Gazetteer gazetteer = crible::Gazetteer::builtin(analyzer);

  std::printf("labelled set: %s (%zu documents, %zu entities labelled)\n\n", labels.c_str(),
              documents.size(), expected.size());
  std::printf(
      "| entity | documents | entity: P | entity: R | keyword P | keyword R "
      "|\n|---|---:|---:|---:|---:|---:|\n");
  std::size_t below_goal = 0;
  std::map<std::string, std::set<std::string>> found;
  for (const auto& [entity, want] : expected) {
    const std::set<std::string> got = ids_of(db, Xapian::Query("XE" + entity));
    found[entity] = got;
    const crible::Entity* known = gazetteer.find(entity);
    const std::set<std::string> by_name =
        known ? keyword_ids(db, analyzer, *known) : std::set<std::string>{};
    const Score s = score(got, want), k = score(by_name, want);
    below_goal += s.precision < 0.98 || s.recall < 0.98;
    std::printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f |\n", entity.c_str(), want.size(),
                s.precision, s.recall, k.precision, k.recall);
  }
  std::size_t negative_hits = 0;
  std::printf("\nhard-negative documents returning an unlabelled entity:\n");
  for (const auto& [document, cases] : negatives) {
    for (const auto& [entity, got] : found) {
      if (got.count(document) && !expected[entity].count(document)) {
        ++negative_hits;
        std::printf("- %s (%s): entity:%s\n", document.c_str(), cases.front().c_str(),
                    entity.c_str());
      }
    }
  }
  std::printf("\nentities below 0.98 precision or recall: %zu of %zu; hard-negative hits: %zu\n",
              below_goal, expected.size(), negative_hits);
  std::filesystem::remove_all(db_path);
  return 0;
}
