#include "search/suggester.h"

#include <algorithm>
#include <map>

#include "analysis/elision.h"
#include "core/edit_distance.h"
#include "index/schema.h"

namespace crible::search {

namespace {

// The query's last words an entity name may span ("le groupe de red").
constexpr std::size_t kMaxEntityWords = 4;

std::string joined(const std::vector<std::string>& words, std::size_t from) {
  std::string out;
  for (std::size_t i = from; i < words.size(); ++i)
    out.append(out.empty() ? "" : " ").append(words[i]);
  return out;
}

// An entity found for the query's last @p words words, with @p typos edits.
struct EntityMatch {
  std::size_t entity = 0;
  std::size_t words = 0;
  std::size_t typos = 0;
  std::uint64_t documents = 0;
};

}  // namespace

Suggester::Suggester(Analyzer analyzer, const Gazetteer* gazetteer)
    : analyzer_(std::move(analyzer)), gazetteer_(gazetteer) {}

Suggestions Suggester::suggest(std::string_view query, const SuggestOptions& options,
                               const SuggestSource& source) {
  Suggestions out;
  out.query = std::string(query);
  const std::vector<TypedWord> words = typed_words(query);
  if (words.empty() || options.limit == 0) return out;
  out.prefix = words.back().folded;
  if (gazetteer_) add_entities(query, words, options, source, out);
  add_words(query, words.back(), options, source, out);
  return out;
}

std::vector<Suggester::TypedWord> Suggester::typed_words(std::string_view query) {
  analyzer_.analyze(query, tokens_, analyzer_.options().default_language);
  std::vector<TypedWord> words;
  for (const Token& token : tokens_)
    if ((token.kind == TokenKind::word || token.kind == TokenKind::number) && !token.folded.empty())
      words.push_back({token.folded, token.start + analysis::elision_bytes(token.text)});
  return words;
}

void Suggester::add_words(std::string_view query, const TypedWord& last,
                          const SuggestOptions& options, const SuggestSource& source,
                          Suggestions& out) {
  const std::size_t room = options.limit - std::min(options.limit, out.suggestions.size());
  std::vector<VocabularyWord> found = source.vocabulary->completions(last.folded, room);
  if (options.typos && found.size() < room) {
    std::vector<VocabularyWord> more =
        source.vocabulary->completions_with_typos(last.folded, room - found.size());
    found.insert(found.end(), more.begin(), more.end());
  }
  const std::string kept(query.substr(0, last.core_start));
  for (VocabularyWord& word : found) {
    Suggestion suggestion;
    suggestion.kind = SuggestionKind::word;
    suggestion.text = source.display ? source.display(word.term, word.documents) : std::string();
    if (suggestion.text.empty()) suggestion.text = word.term;
    suggestion.query = kept + suggestion.text;
    suggestion.documents = word.documents;
    suggestion.typos = word.typos;
    out.suggestions.push_back(std::move(suggestion));
  }
}

void Suggester::add_entities(std::string_view query, const std::vector<TypedWord>& words,
                             const SuggestOptions& options, const SuggestSource& source,
                             Suggestions& out) {
  const std::size_t limit = std::min(options.entity_limit, options.limit);
  if (limit == 0) return;
  std::vector<std::string> folded;
  for (const TypedWord& word : words)
    folded.push_back(word.folded);
  const std::vector<EntityKey>& keys = entity_keys();
  const std::vector<Entity>& entities = gazetteer_->entities();
  // The longest run of last words that starts some entity's name wins ("groupe de
  // red": Microsoft, not every "red…"); typos only when no run does as typed.
  std::map<std::size_t, EntityMatch> found;  // by entity
  for (const bool with_typos : {false, true}) {
    if (with_typos && (!options.typos || !found.empty())) break;
    for (std::size_t count = std::min(kMaxEntityWords, words.size()); count > 0 && found.empty();
         --count) {
      const std::string tail = joined(folded, words.size() - count);
      const std::u32string letters = core::code_points(tail);
      const std::size_t budget = with_typos ? core::typo_budget(letters.size()) : 0;
      if (with_typos && budget == 0) continue;
      for (const EntityKey& key : keys) {
        std::size_t typos = 0;
        if (!with_typos) {
          if (!key.key.starts_with(tail)) continue;
        } else {
          if (key.letters.empty() || key.letters[0] != letters[0]) continue;
          typos = core::prefix_edit_distance(letters, key.letters, budget);
          if (typos > budget) continue;
        }
        auto [match, added] = found.try_emplace(key.entity, EntityMatch{key.entity, count, typos});
        if (!added) match->second.typos = std::min(match->second.typos, typos);
      }
    }
  }
  std::vector<EntityMatch> ranked;
  for (auto& [index, match] : found) {
    match.documents =
        source.database->get_termfreq(std::string(schema::kEntity) + entities[index].id);
    if (match.documents > 0) ranked.push_back(match);  // suggest only what finds something
  }
  std::sort(ranked.begin(), ranked.end(), [&](const EntityMatch& a, const EntityMatch& b) {
    if (a.typos != b.typos) return a.typos < b.typos;
    if (a.documents != b.documents) return a.documents > b.documents;
    return entities[a.entity].id < entities[b.entity].id;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  for (const EntityMatch& match : ranked) {
    const Entity& entity = entities[match.entity];
    Suggestion suggestion;
    suggestion.kind = SuggestionKind::entity;
    suggestion.text = entity.name;
    suggestion.query = std::string(query.substr(0, words[words.size() - match.words].core_start)) +
                       "entity:" + entity.id;
    suggestion.entity = entity.id;
    suggestion.entity_type = entity.type;
    suggestion.documents = match.documents;
    suggestion.typos = match.typos;
    out.suggestions.push_back(std::move(suggestion));
  }
}

const std::vector<Suggester::EntityKey>& Suggester::entity_keys() {
  if (entity_keys_) return *entity_keys_;
  std::vector<EntityKey> keys;
  const std::vector<Entity>& entities = gazetteer_->entities();
  for (std::size_t index = 0; index < entities.size(); ++index) {
    const Entity& entity = entities[index];
    add_keys(entity.name, index, keys);
    for (const std::string& alias : entity.aliases)
      add_keys(alias, index, keys);
    // Handles and cashtags as words: `msft`, `tiktok_us` complete too.
    for (const auto* list : {&entity.handles, &entity.cashtags})
      for (const std::string& tag : *list)
        add_keys(std::string_view(tag).substr(tag.empty() ? 0 : 1), index, keys);
  }
  std::sort(keys.begin(), keys.end(), [](const EntityKey& a, const EntityKey& b) {
    return std::tie(a.key, a.entity) < std::tie(b.key, b.entity);
  });
  keys.erase(std::unique(keys.begin(), keys.end(),
                         [](const EntityKey& a, const EntityKey& b) {
                           return a.key == b.key && a.entity == b.entity;
                         }),
             keys.end());
  return entity_keys_.emplace(std::move(keys));
}

// The folded words of @p surface, and the same without its leading stop words ("le
// groupe de redmond", "groupe de redmond"): a user types what follows the article.
void Suggester::add_keys(std::string_view surface, std::size_t entity,
                         std::vector<EntityKey>& keys) {
  std::vector<std::string> words;
  for (const TypedWord& word : typed_words(surface))
    words.push_back(word.folded);
  std::size_t first = 0;
  while (first < words.size()) {
    std::string key = joined(words, first);
    keys.push_back({key, core::code_points(key), entity});
    if (!analyzer_.is_stopword(words[first])) break;
    ++first;
  }
}

}  // namespace crible::search
