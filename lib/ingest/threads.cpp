#include "ingest/threads.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/hash.h"

namespace crible::ingest {

namespace {

std::string content_key(const Document& comment) {
  // The unit separator cannot occur in either part: "ab"+"c" and "a"+"bc" differ.
  std::uint64_t hash = core::fnv1a64(comment.author);
  hash = core::fnv1a64("\x1f", hash);
  hash = core::fnv1a64(comment.body, hash);
  char hex[9];
  std::snprintf(hex, sizeof hex, "%08llx", static_cast<unsigned long long>(hash >> 32));
  return hex;
}

}  // namespace

void number_comments(std::vector<Document>& comments, const std::string& article_id) {
  std::unordered_map<std::string, unsigned> seen;  // content key -> comments so far
  for (std::size_t i = 0; i < comments.size(); ++i) {
    Document& comment = comments[i];
    const std::string key = content_key(comment);
    const unsigned repeat = ++seen[key];
    comment.id = article_id + "#c" + key;
    if (repeat > 1) comment.id += "-" + std::to_string(repeat);
    comment.order = i + 1;
  }
}

void set_extra_field(Document& document, const std::string& key, const std::string& value) {
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  if (!document.extra_json.empty()) {
    extra = nlohmann::ordered_json::parse(document.extra_json, nullptr, false);
    if (!extra.is_object()) extra = nlohmann::ordered_json::object();
  }
  extra[key] = value;
  document.extra_json =
      extra.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

void date_article(Document& article, const std::string& caller_date) {
  if (!article.date.empty()) return;
  if (!caller_date.empty()) {
    article.date = caller_date;
    set_extra_field(article, kDateFromField, "caller");
    return;
  }
  std::string earliest;
  for (const Quote& quote : article.quotes)
    if (!quote.date.empty() && (earliest.empty() || quote.date < earliest)) earliest = quote.date;
  if (earliest.empty()) return;
  article.date = earliest;
  set_extra_field(article, kDateFromField, "quote");
}

}  // namespace crible::ingest
