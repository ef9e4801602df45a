#include <nlohmann/json.hpp>

#include "crible/json.h"

namespace crible {

std::string analysis_to_json(const std::vector<Token>& tokens, int indent) {
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
  // Token texts are valid UTF-8 by construction; replace rather than throw regardless.
  return out.dump(indent, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

}  // namespace crible
