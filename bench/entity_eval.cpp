#include "entity_eval.h"

#include <optional>
#include <vector>

namespace crible::bench {

Score score(const std::set<std::string>& got, const std::set<std::string>& want) {
  std::size_t hit = 0;
  for (const std::string& id : got)
    hit += want.count(id);
  return {got.empty() ? (want.empty() ? 1.0 : 0.0) : double(hit) / got.size(),
          want.empty() ? 1.0 : double(hit) / want.size()};
}

std::set<std::string> ids_of(Xapian::Database& db, const Xapian::Query& query) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  std::set<std::string> ids;
  for (const Xapian::docid id : enquire.get_mset(0, db.get_doccount())) {
    const Xapian::Document document = db.get_document(id);
    for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term)
      if ((*term).rfind("Q", 0) == 0) ids.insert((*term).substr(1));
  }
  return ids;
}

// One name as a phrase of its word stems, stop words holding their place (as the
// query compiler reads "Marine Le Pen"); empty when it has no indexed word.
std::optional<Xapian::Query> name_phrase(Analyzer& analyzer, const std::string& name) {
  std::vector<Xapian::Query> words;
  std::uint32_t first = 0, last = 0;
  for (const Token& token : analyzer.analyze(name)) {
    if (token.terms.size() < 2 || token.kind != TokenKind::word) continue;
    if (words.empty()) first = token.position;
    last = token.position;
    words.emplace_back(token.terms[1]);
  }
  if (words.empty()) return std::nullopt;
  if (words.size() == 1) return words.front();
  return Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), last - first + 1);
}

std::set<std::string> keyword_ids(Xapian::Database& db, Analyzer& analyzer, const Entity& entity) {
  std::vector<Xapian::Query> names;
  if (auto phrase = name_phrase(analyzer, entity.name)) names.push_back(*phrase);
  for (const std::string& alias : entity.aliases)
    if (auto phrase = name_phrase(analyzer, alias)) names.push_back(*phrase);
  if (names.empty()) return {};
  return ids_of(db, Xapian::Query(Xapian::Query::OP_OR, names.begin(), names.end()));
}

}  // namespace crible::bench
