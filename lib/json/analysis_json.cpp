#include <nlohmann/json.hpp>

#include "crible/json.h"

namespace crible {

std::string analysis_to_json(const std::vector<Token>& tokens, int indent,
                             const std::vector<EntityMention>& mentions, const Gazetteer* gazetteer,
                             std::string_view text, const std::vector<EntityDecision>* decisions) {
  nlohmann::ordered_json out;
  out["tokens"] = nlohmann::ordered_json::array();
  for (const Token& token : tokens) {
    nlohmann::ordered_json item;
    item["text"] = token.text;
    item["start"] = token.start;
    item["end"] = token.end;
    item["position"] = token.position;
    item["kind"] = std::string(to_string(token.kind));
    item["lang"] = token.lang;
    item["terms"] = token.terms;
    if (token.stopword) item["stopword"] = true;
    out["tokens"].push_back(std::move(item));
  }
  out["entities"] = nlohmann::ordered_json::array();
  for (const EntityMention& mention : mentions) {
    nlohmann::ordered_json item;
    item["id"] = mention.id;
    if (const Entity* entity = gazetteer ? gazetteer->find(mention.id) : nullptr) {
      item["name"] = entity->name;
      item["type"] = std::string(to_string(entity->type));
    }
    if (mention.end <= text.size())
      item["text"] = std::string(text.substr(mention.start, mention.end - mention.start));
    item["start"] = mention.start;
    item["end"] = mention.end;
    out["entities"].push_back(std::move(item));
  }
  if (decisions) {
    out["entity_decisions"] = nlohmann::ordered_json::array();
    for (const EntityDecision& decision : *decisions) {
      nlohmann::ordered_json item;
      item["id"] = decision.id;
      if (decision.end <= text.size())
        item["text"] = std::string(text.substr(decision.start, decision.end - decision.start));
      item["start"] = decision.start;
      item["end"] = decision.end;
      item["taken"] = decision.taken;
      item["needed_evidence"] = decision.needed_evidence;
      item["reason"] = decision.reason;
      out["entity_decisions"].push_back(std::move(item));
    }
  }
  // Token texts are valid UTF-8 by construction; replace rather than throw regardless.
  return out.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace crible
