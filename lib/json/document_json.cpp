#include <algorithm>
#include <nlohmann/json.hpp>

#include "crible/error.h"
#include "crible/json.h"
#include "json/dates.h"
#include "json/nesting.h"

namespace crible {
namespace {

using Json = nlohmann::ordered_json;

// The fields crible knows; every other field is kept as it came in extra_json.
constexpr std::string_view kKnownFields[] = {
    "id",     "type",   "parent",   "title",   "body",    "author", "date",     "url",  "lang",
    "source", "quotes", "headings", "related", "premium", "quote",  "reply_to", "order"};

bool is_known(std::string_view key) {
  for (std::string_view known : kKnownFields)
    if (key == known) return true;
  return false;
}

void put(Json& out, const char* key, const std::string& value) {
  if (!value.empty()) out[key] = value;
}

std::string string_field(const Json& object, const char* key, bool required) {
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    if (required) throw InvalidArgument(std::string("missing required field \"") + key + "\"");
    return {};
  }
  if (!found->is_string())
    throw InvalidArgument(std::string("field \"") + key + "\" must be a string, not " +
                          found->type_name());
  std::string value = found->get<std::string>();
  if (required && value.empty())
    throw InvalidArgument(std::string("field \"") + key + "\" must not be empty");
  return value;
}

std::vector<std::string> string_list(const Json& object, const char* key) {
  std::vector<std::string> values;
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) return values;
  if (!found->is_array())
    throw InvalidArgument(std::string("field \"") + key + "\" must be an array of strings");
  for (const Json& item : *found) {
    if (!item.is_string())
      throw InvalidArgument(std::string("field \"") + key + "\" must be an array of strings");
    values.push_back(item.get<std::string>());
  }
  return values;
}

std::vector<Quote> quote_list(const Json& object) {
  std::vector<Quote> quotes;
  const auto found = object.find("quotes");
  if (found == object.end() || found->is_null()) return quotes;
  if (!found->is_array()) throw InvalidArgument("field \"quotes\" must be an array of objects");
  for (const Json& item : *found) {
    if (!item.is_object()) throw InvalidArgument("field \"quotes\" must be an array of objects");
    Quote quote;
    quote.text = string_field(item, "text", true);
    quote.author = string_field(item, "author", false);
    quote.handle = string_field(item, "handle", false);
    quote.date = string_field(item, "date", false);
    quote.lang = string_field(item, "lang", false);
    quotes.push_back(std::move(quote));
  }
  return quotes;
}

// Documents nest shallowly; a deeper input would blow the stack of the recursive
// parts of nlohmann::json (dumping, destroying): refused before parsing.
constexpr std::size_t kMaxNesting = 64;

}  // namespace

std::string_view to_string(DocumentType type) noexcept {
  return type == DocumentType::comment ? "comment" : "article";
}

std::string document_to_json(const Document& document, int indent) {
  Json out;
  out["id"] = document.id;
  out["type"] = std::string(to_string(document.type));
  put(out, "parent", document.parent);
  put(out, "title", document.title);
  out["body"] = document.body;
  put(out, "author", document.author);
  put(out, "date", document.date);
  put(out, "url", document.url);
  put(out, "lang", document.lang);
  put(out, "source", document.source);
  if (!document.quotes.empty()) {
    Json quotes = Json::array();
    for (const Quote& quote : document.quotes) {
      Json item;
      item["text"] = quote.text;
      put(item, "author", quote.author);
      put(item, "handle", quote.handle);
      put(item, "date", quote.date);
      put(item, "lang", quote.lang);
      quotes.push_back(std::move(item));
    }
    out["quotes"] = std::move(quotes);
  }
  if (!document.headings.empty()) out["headings"] = document.headings;
  if (!document.related.empty()) out["related"] = document.related;
  if (document.premium) out["premium"] = true;
  put(out, "quote", document.quote);
  put(out, "reply_to", document.reply_to);
  if (document.order > 0) out["order"] = document.order;
  if (!document.extra_json.empty()) {
    const Json extra = Json::parse(document.extra_json, nullptr, false);
    if (extra.is_object())
      for (const auto& [key, value] : extra.items())
        if (!out.contains(key)) out[key] = value;
  }
  return out.dump(indent, ' ', false, Json::error_handler_t::replace);
}

Document document_from_json(std::string_view text) {
  if (nesting_depth(text) > kMaxNesting)
    throw InvalidArgument("JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
  Json object;
  try {
    object = Json::parse(text.begin(), text.end());
  } catch (const Json::parse_error& e) {
    const bool utf8 = std::string_view(e.what()).find("UTF-8") != std::string_view::npos;
    throw InvalidArgument(utf8 ? "invalid UTF-8 at byte " + std::to_string(e.byte)
                               : "malformed JSON at byte " + std::to_string(e.byte));
  } catch (const Json::exception& e) {  // a number too large (out_of_range), and others
    throw InvalidArgument(std::string("unreadable JSON: ") + e.what());
  }
  if (!object.is_object())
    throw InvalidArgument(std::string("expected a JSON object, not ") + object.type_name());
  Document document;
  document.id = string_field(object, "id", true);
  document.body = string_field(object, "body", true);
  document.parent = string_field(object, "parent", false);
  const std::string type = string_field(object, "type", false);
  if (type == "article")
    document.type = DocumentType::article;
  else if (type == "comment")
    document.type = DocumentType::comment;
  else if (type.empty())
    document.type = document.parent.empty() ? DocumentType::article : DocumentType::comment;
  else
    throw InvalidArgument("field \"type\" must be \"article\" or \"comment\", not \"" + type +
                          "\"");
  document.title = string_field(object, "title", false);
  document.author = string_field(object, "author", false);
  document.date = string_field(object, "date", false);
  if (!document.date.empty() && !is_iso8601(document.date))
    throw InvalidArgument("field \"date\" is not an ISO 8601 date: \"" + document.date + "\"");
  document.url = string_field(object, "url", false);
  document.lang = string_field(object, "lang", false);
  document.source = string_field(object, "source", false);
  document.quotes = quote_list(object);
  document.headings = string_list(object, "headings");
  document.related = string_list(object, "related");
  if (const auto premium = object.find("premium"); premium != object.end() && !premium->is_null()) {
    if (!premium->is_boolean()) throw InvalidArgument("field \"premium\" must be true or false");
    document.premium = premium->get<bool>();
  }
  document.quote = string_field(object, "quote", false);
  document.reply_to = string_field(object, "reply_to", false);
  if (const auto order = object.find("order"); order != object.end() && !order->is_null()) {
    if (!order->is_number_unsigned() || order->get<std::uint64_t>() > (std::uint64_t{1} << 32))
      throw InvalidArgument("field \"order\" must be a whole number from 0 to 2^32");
    document.order = order->get<std::size_t>();
  }
  Json extra = Json::object();
  for (const auto& [key, value] : object.items())
    if (!is_known(key)) extra[key] = value;
  if (!extra.empty()) document.extra_json = extra.dump();
  return document;
}

}  // namespace crible
