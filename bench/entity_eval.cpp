#include "entity_eval.h"

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

std::set<std::string> keyword_ids(Xapian::Database& db, Analyzer& analyzer, const Entity& entity) {
  std::vector<Xapian::Query> words;
  for (const Token& token : analyzer.analyze(entity.name))
    if (!token.terms.empty() && token.kind == TokenKind::word) words.emplace_back(token.terms[1]);
  if (words.empty()) return {};
  if (words.size() == 1) return ids_of(db, words[0]);
  return ids_of(db, Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(),
                                  static_cast<Xapian::termcount>(words.size())));
}

}  // namespace crible::bench
