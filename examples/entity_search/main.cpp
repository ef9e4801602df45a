// Indexes a few articles and reader comments, then searches them by entity: the
// library as an application uses it. Usage: entity_search [INDEX_DIR]
// (default: a fresh directory under the system's temporary directory).

#include <crible/crible.h>

#include <filesystem>
#include <iostream>
#include <string>

namespace {

crible::Document article(std::string id, std::string title, std::string body, std::string date) {
  crible::Document document;
  document.id = std::move(id);
  document.title = std::move(title);
  document.body = std::move(body);
  document.date = std::move(date);
  return document;
}

crible::Document comment(std::string id, std::string parent, std::string body) {
  crible::Document document;
  document.id = std::move(id);
  document.type = crible::DocumentType::comment;
  document.parent = std::move(parent);
  document.body = std::move(body);
  return document;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path index =
      argc > 1 ? std::filesystem::path(argv[1])
               : std::filesystem::temp_directory_path() / "crible-example-index";
  try {
    std::filesystem::remove_all(index);
    {
      crible::IndexWriter writer = crible::IndexWriter::open(index);
      writer.add(article("tiktok-1", "TikTok : Microsoft n'a pas renoncé",
                         "Le groupe de Redmond garde un œil sur les activités américaines de "
                         "Tik Tok, selon Fox Business. L'accord avec Oracle n'est pas signé.",
                         "2021-02-19"));
      writer.add(article("pinterest-1", "Microsoft lorgne Pinterest",
                         "Selon le Financial Times, Microsoft aurait approché Pinterest.",
                         "2021-02-11"));
      writer.add(
          comment("tiktok-1#c1", "tiktok-1", "Et $ORCL dans tout ça ? @Oracle avait la main."));
      writer.add(comment("tiktok-1#c2", "tiktok-1",
                         "Rien à voir, mais l'oracle de Delphes l'avait prédit."));
      writer.close();  // commits; a writer also commits in batches as it goes
      std::cout << "indexed " << writer.summary().documents << " documents in " << index << "\n";
    }

    crible::Searcher searcher = crible::Searcher::open(index);
    crible::SearchOptions options;
    options.facets = true;        // entity counts over every match
    options.entities = {"ORCL"};  // any alias names the entity: Oracle, $ORCL, @Oracle
    const crible::SearchResults results = searcher.search("", options);
    std::cout << results.total << " documents mention Oracle:\n";
    for (const crible::Hit& hit : results.hits)
      std::cout << "  " << hit.id << " [" << crible::to_string(hit.type) << "] "
                << hit.snippet.html() << "\n";
    std::cout << "entities alongside it:\n";
    for (const crible::FacetCount& facet : results.facets)
      std::cout << "  " << facet.count << " " << facet.name << " (" << crible::to_string(facet.type)
                << ")\n";

    // The oracle of Delphi is not Oracle: 2 documents, not 3.
    if (results.total != 2) return 1;
    std::cout << crible::results_to_json(searcher.search("entity:\"Tik Tok\" redmond"), {}) << "\n";
  } catch (const crible::Error& e) {  // every crible exception derives from crible::Error
    std::cerr << "entity_search: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
