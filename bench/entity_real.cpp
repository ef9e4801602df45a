// Entity search quality on real text: documents of the 20M corpus labelled by reading
// (tests/data/entities-real.tsv, rules in docs/entity-labelling.md), indexed with their
// parent articles, then for each target entity the documents `entity:<id>` returns
// (its XE term) against the labels, beside a keyword search for the entity's name.
// Recall is given for name mentions (the gazetteer's job) and for all mentions
// (descriptions included: "le président américain" in 2019). Goal (issue 15):
// precision >= 0.98 and name recall >= 0.95 over the set.
//
// Usage: bench_entity_real [LABELS.tsv [CORPUS.jsonl.zst]]

#include <xapian.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>

#include "crible/entities.h"
#include "crible/index.h"
#include "crible/json.h"
#include "entity_eval.h"
#include "ingest/line_reader.h"

namespace {

using crible::bench::ids_of;
using crible::bench::score;

struct Labels {
  std::set<std::string> documents;                            // the whole pool
  std::map<std::string, std::set<std::string>> names;         // entity -> documents
  std::map<std::string, std::set<std::string>> descriptions;  // entity -> documents
};

Labels read_labels(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  Labels labels;
  std::size_t number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> fields;
    for (std::size_t start = 0;;) {
      const std::size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    const std::string where = path + ":" + std::to_string(number);
    labels.documents.insert(fields[0]);
    if (fields.size() == 2 && fields[1] == "-") continue;
    if (fields.size() != 3) throw std::runtime_error(where + ": expected doc, entity, kind");
    if (fields[2] == "name")
      labels.names[fields[1]].insert(fields[0]);
    else if (fields[2] == "description")
      labels.descriptions[fields[1]].insert(fields[0]);
    else
      throw std::runtime_error(where + ": kind must be name or description: " + fields[2]);
  }
  return labels;
}

// The corpus lines of @p wanted documents, by id.
std::map<std::string, std::string> read_documents(const std::string& corpus,
                                                  const std::set<std::string>& wanted) {
  std::map<std::string, std::string> lines;
  crible::ingest::LineReader reader(corpus, std::size_t{64} << 20);
  crible::ingest::LineReader::Line line;
  while (reader.next(line)) {
    const auto json = nlohmann::json::parse(line.text, nullptr, false);
    if (!json.is_object() || !json.contains("id") || !json["id"].is_string()) continue;
    const std::string id = json["id"].get<std::string>();
    if (wanted.count(id)) lines[id] = line.text;
  }
  return lines;
}

std::set<std::string> unite(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::set<std::string> both = a;
  both.insert(b.begin(), b.end());
  return both;
}

std::string listed(const std::set<std::string>& ids) {
  std::string out;
  for (const std::string& id : ids)
    out += (out.empty() ? "" : " ") + id;
  return out;
}

}  // namespace

int main(int argc, char** argv) try {
  const std::string labels_path =
      argc > 1 ? argv[1] : std::string(CRIBLE_SOURCE_DIR) + "/tests/data/entities-real.tsv";
  const std::string corpus =
      argc > 2 ? argv[2] : std::string(CRIBLE_SHARED_DIR) + "/corpus/fr-news-20M.jsonl.zst";
  if (!std::filesystem::exists(corpus)) {
    std::printf("skipped: %s is absent\n", corpus.c_str());
    return 0;
  }
  const Labels labels = read_labels(labels_path);
  std::map<std::string, std::string> lines = read_documents(corpus, labels.documents);
  if (lines.size() != labels.documents.size()) {
    std::fprintf(stderr, "%zu labelled documents are not in %s\n",
                 labels.documents.size() - lines.size(), corpus.c_str());
    return 1;
  }
  // A comment is indexed with its article, as in real use (the article is context).
  std::set<std::string> parents;
  for (const auto& [id, line] : lines) {
    const crible::Document document = crible::document_from_json(line);
    if (!document.parent.empty() && !lines.count(document.parent)) parents.insert(document.parent);
  }
  lines.merge(read_documents(corpus, parents));

  const std::filesystem::path db_path =
      std::filesystem::temp_directory_path() / "crible-entity-real";
  std::filesystem::remove_all(db_path);
  {
    crible::IndexWriter writer = crible::IndexWriter::open(db_path);
    for (const auto& [id, line] : lines)
      writer.add(crible::document_from_json(line));
    writer.close();
  }
  Xapian::Database db(db_path.string());
  crible::Analyzer analyzer = crible::Analyzer::create();
  const crible::Gazetteer gazetteer = crible::Gazetteer::builtin(analyzer);

  std::set<std::string> entities;
  for (const auto& [entity, documents] : labels.names)
    entities.insert(entity);
  for (const auto& [entity, documents] : labels.descriptions)
    entities.insert(entity);

  std::printf("labelled set: %s (%zu documents, %zu parent articles indexed as context)\n\n",
              labels_path.c_str(), labels.documents.size(), parents.size());
  std::printf(
      "| entity | by name | by description | entity: P | entity: R names | entity: R all | "
      "keyword P | keyword R names |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
  const std::set<std::string> none;
  std::size_t returned = 0, correct = 0, named = 0, named_found = 0, all = 0, all_found = 0;
  std::size_t keyword_returned = 0, keyword_correct = 0, keyword_named = 0;
  std::string errors;
  for (const std::string& entity : entities) {
    const auto names_it = labels.names.find(entity);
    const auto descriptions_it = labels.descriptions.find(entity);
    const std::set<std::string>& by_name = names_it == labels.names.end() ? none : names_it->second;
    const std::set<std::string>& by_description =
        descriptions_it == labels.descriptions.end() ? none : descriptions_it->second;
    const std::set<std::string> labelled = unite(by_name, by_description);

    std::set<std::string> got;  // parents outside the pool are context, not scored
    for (const std::string& id : ids_of(db, Xapian::Query("XE" + entity)))
      if (labels.documents.count(id)) got.insert(id);
    std::set<std::string> keyword;
    if (const crible::Entity* known = gazetteer.find(entity))
      for (const std::string& id : crible::bench::keyword_ids(db, analyzer, *known))
        if (labels.documents.count(id)) keyword.insert(id);

    const double precision = score(got, labelled).precision;
    const double recall_names = score(got, by_name).recall;
    const double recall_all = score(got, labelled).recall;
    const auto k = score(keyword, labelled);
    keyword_returned += keyword.size();
    for (const std::string& id : keyword) {
      keyword_correct += labelled.count(id);
      keyword_named += by_name.count(id);
    }
    std::printf("| %s | %zu | %zu | %.2f | %.2f | %.2f | %.2f | %.2f |\n", entity.c_str(),
                by_name.size(), by_description.size(), precision, recall_names, recall_all,
                k.precision, score(keyword, by_name).recall);

    std::set<std::string> wrong, missed;
    for (const std::string& id : got)
      if (!labelled.count(id)) wrong.insert(id);
    for (const std::string& id : by_name)
      if (!got.count(id)) missed.insert(id);
    returned += got.size();
    correct += got.size() - wrong.size();
    named += by_name.size();
    named_found += by_name.size() - missed.size();
    all += labelled.size();
    for (const std::string& id : labelled)
      all_found += got.count(id);
    if (!wrong.empty())
      errors += "- " + entity + " returned, not labelled: " + listed(wrong) + "\n";
    if (!missed.empty()) errors += "- " + entity + " named, not returned: " + listed(missed) + "\n";
  }
  std::printf(
      "\nover the set: precision %.3f (%zu of %zu returned), name recall %.3f (%zu of %zu), "
      "recall with descriptions %.3f (%zu of %zu)\n",
      returned ? double(correct) / returned : 1.0, correct, returned,
      named ? double(named_found) / named : 1.0, named_found, named,
      all ? double(all_found) / all : 1.0, all_found, all);
  std::printf(
      "keyword search (name and aliases as phrases): precision %.3f (%zu of %zu), name recall "
      "%.3f (%zu of %zu)\n",
      keyword_returned ? double(keyword_correct) / keyword_returned : 1.0, keyword_correct,
      keyword_returned, named ? double(keyword_named) / named : 1.0, keyword_named, named);
  std::printf("\nerrors (read the documents to see why):\n%s",
              errors.empty() ? "none\n" : errors.c_str());
  std::filesystem::remove_all(db_path);
  return 0;
} catch (const std::exception& error) {
  std::fprintf(stderr, "bench_entity_real: %s\n", error.what());
  return 1;
}
