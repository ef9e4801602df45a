#include "web/html_metadata.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <nlohmann/json.hpp>

#include "json/dates.h"
#include "json/nesting.h"
#include "web/text.h"

namespace crible::web {

namespace {

using Json = nlohmann::json;

void take(std::string& field, std::string_view value) {
  if (field.empty()) field = collapse_spaces(value);
}

// A JSON-LD value as text: a string, or the "name" (else "@value") of an object; the
// names of an array's items, ", "-joined.
std::string json_text(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_number()) return value.dump();
  if (value.is_object()) {
    for (const char* key : {"name", "@value", "text"})
      if (const auto found = value.find(key); found != value.end()) return json_text(*found);
    return {};
  }
  if (value.is_array()) {
    std::string out;
    for (const Json& item : value) {
      const std::string text = json_text(item);
      if (text.empty()) continue;
      if (!out.empty()) out += ", ";
      out += text;
    }
    return out;
  }
  return {};
}

std::string field_text(const Json& object, const char* key) {
  const auto found = object.find(key);
  return found == object.end() ? std::string() : json_text(*found);
}

// How well a JSON-LD @type names an article: higher is better, 0 is not one.
int article_rank(const Json& object) {
  const auto type = object.find("@type");
  if (type == object.end()) return 0;
  std::vector<std::string> types;
  if (type->is_string()) types.push_back(type->get<std::string>());
  if (type->is_array())
    for (const Json& item : *type)
      if (item.is_string()) types.push_back(item.get<std::string>());
  int rank = 0;
  for (const std::string& name : types) {
    if (name.ends_with("NewsArticle") || name == "Article" || name == "BlogPosting" ||
        name == "LiveBlogPosting" || name == "Report" || name == "ScholarlyArticle")
      rank = std::max(rank, 3);
    else if (name == "WebPage" || name == "ItemPage")
      rank = std::max(rank, 1);
  }
  return rank;
}

// Every object of a JSON-LD block, @graph members included, to a shallow depth.
void collect_objects(const Json& value, std::vector<const Json*>& out, int depth = 0) {
  if (depth > 4) return;
  if (value.is_array()) {
    for (const Json& item : value)
      collect_objects(item, out, depth + 1);
  } else if (value.is_object()) {
    out.push_back(&value);
    if (const auto graph = value.find("@graph"); graph != value.end())
      collect_objects(*graph, out, depth + 1);
    // A WebPage may hold the article as its mainEntity.
    if (const auto main = value.find("mainEntity"); main != value.end())
      collect_objects(*main, out, depth + 1);
  }
}

void read_comments(const Json& article, PageMetadata& out) {
  const auto comments = article.find("comment");
  if (comments == article.end()) return;
  const auto read_one = [&out](const Json& item) {
    if (!item.is_object()) return;
    MarkedComment comment;
    comment.text = collapse_spaces(field_text(item, "text"));
    comment.author = collapse_spaces(field_text(item, "author"));
    comment.date = normalize_date(field_text(item, "dateCreated"));
    if (comment.date.empty()) comment.date = normalize_date(field_text(item, "datePublished"));
    if (!comment.text.empty()) out.comments.push_back(std::move(comment));
  };
  if (comments->is_array())
    for (const Json& item : *comments)
      read_one(item);
  else
    read_one(*comments);
}

// A script's text without the CDATA wrapper XHTML-minded templates put around it
// ("<![CDATA[ {...} ]]>", or "//<![CDATA[" ... "//]]>"): in HTML it is part of the text.
std::string without_cdata(const std::string& text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n/");
  if (first == std::string::npos || text.compare(first, 9, "<![CDATA[") != 0) return text;
  std::string inner = text.substr(first + 9);
  const std::size_t end = inner.rfind("]]>");
  if (end != std::string::npos) inner.erase(end);
  while (!inner.empty() &&
         (inner.back() == '/' || std::isspace(static_cast<unsigned char>(inner.back()))))
    inner.pop_back();
  return inner;
}

void read_json_ld(const HtmlTree& tree, PageMetadata& out) {
  const Json* best = nullptr;
  int best_rank = 0;
  std::vector<Json> blocks;
  const std::vector<const GumboNode*> scripts =
      find_all(tree.document(), [](const GumboNode* node) {
        return is_element(node, GUMBO_TAG_SCRIPT) &&
               ascii_lower(attribute(node, "type")).find("ld+json") != std::string::npos;
      });
  blocks.reserve(scripts.size());
  for (const GumboNode* script : scripts) {
    std::string text;
    const GumboVector& children = script->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE ||
          child->type == GUMBO_NODE_CDATA)
        text += child->v.text.text;
    }
    text = without_cdata(text);
    if (nesting_depth(text) > 64) {
      out.warnings.push_back("JSON-LD nested deeper than 64 levels: ignored");
      continue;
    }
    Json parsed = Json::parse(text, nullptr, false);
    if (parsed.is_discarded()) {
      out.warnings.push_back("unreadable JSON-LD block: ignored");
      continue;
    }
    blocks.push_back(std::move(parsed));
  }
  for (const Json& block : blocks) {
    std::vector<const Json*> objects;
    collect_objects(block, objects);
    for (const Json* object : objects)
      if (const int rank = article_rank(*object); rank > best_rank) {
        best = object;
        best_rank = rank;
      }
  }
  if (!best) return;
  const Json& article = *best;
  take(out.title, field_text(article, "headline"));
  if (best_rank >= 3) take(out.title, field_text(article, "name"));
  take(out.description, field_text(article, "description"));
  take(out.author, field_text(article, "author"));
  if (out.date.empty()) {
    out.date = normalize_date(field_text(article, "datePublished"));
    if (out.date.empty()) out.date = normalize_date(field_text(article, "dateCreated"));
    if (!out.date.empty()) out.date_from = "json-ld";
  }
  if (out.modified.empty()) out.modified = normalize_date(field_text(article, "dateModified"));
  take(out.publisher, field_text(article, "publisher"));
  if (out.url.empty()) {
    std::string url = field_text(article, "url");
    if (url.empty())
      if (const auto main = article.find("mainEntityOfPage"); main != article.end())
        url = main->is_object() ? field_text(*main, "@id") : json_text(*main);
    if (url.starts_with("http")) out.url = url;
  }
  take(out.lang, language_code(field_text(article, "inLanguage")));
  take(out.section, field_text(article, "articleSection"));
  if (out.article_body.empty()) out.article_body = field_text(article, "articleBody");
  read_comments(article, out);
}

// <meta property|name|itemprop = content>, keys lower-cased; the first of each kept.
std::map<std::string, std::string> meta_values(const HtmlTree& tree) {
  std::map<std::string, std::string> values;
  for_each_element(tree.document(), [&](const GumboNode* node) {
    if (!is_element(node, GUMBO_TAG_META)) return true;
    const std::string_view content = attribute(node, "content");
    if (content.empty()) return true;
    for (const char* key_attribute : {"property", "name", "itemprop"}) {
      const std::string_view keys = attribute(node, key_attribute);
      // property="og:title twitter:title": each key.
      std::size_t at = 0;
      while (at < keys.size()) {
        const std::size_t end = std::min(keys.find(' ', at), keys.size());
        if (end > at) values.emplace(ascii_lower(keys.substr(at, end - at)), std::string(content));
        at = end + 1;
      }
    }
    return true;
  });
  return values;
}

// "Le titre | Le Site" -> "Le titre" when a part is the site's name, or when what is
// left has three words or more (as browsers' reader views do).
std::string clean_document_title(std::string title, const std::string& site_name) {
  title = collapse_spaces(title);
  for (const std::string_view separator : {" | ", " - ", " – ", " — ", " :: ", " » ", " / "}) {
    const std::size_t at = title.rfind(separator);
    if (at == std::string::npos || at == 0) continue;
    const std::string head = title.substr(0, at);
    const std::string tail = title.substr(at + separator.size());
    const auto words = std::count(head.begin(), head.end(), ' ') + 1;
    if ((!site_name.empty() &&
         ascii_lower(tail).find(ascii_lower(site_name)) != std::string::npos) ||
        words >= 3)
      return head;
  }
  return title;
}

void read_meta(const HtmlTree& tree, PageMetadata& out) {
  const std::map<std::string, std::string> meta = meta_values(tree);
  const auto get = [&meta](const char* key) {
    const auto found = meta.find(key);
    return found == meta.end() ? std::string() : found->second;
  };
  take(out.site_name, get("og:site_name"));
  for (const char* key :
       {"og:title", "dc.title", "dcterms.title", "twitter:title", "parsely-title"})
    take(out.title, get(key));
  for (const char* key : {"description", "og:description", "dc.description", "twitter:description"})
    take(out.description, get(key));
  for (const char* key : {"author", "article:author", "dc.creator", "parsely-author", "byl"}) {
    const std::string value = get(key);
    if (!value.starts_with("http")) take(out.author, value);  // article:author is often a URL
  }
  if (out.date.empty())
    for (const char* key : {"article:published_time", "datepublished", "og:published_time", "date",
                            "pubdate", "publishdate", "publish-date", "publish_date", "dc.date",
                            "dc.date.issued", "dcterms.created", "dcterms.date", "sailthru.date",
                            "parsely-pub-date", "article.published"}) {
      out.date = normalize_date(get(key));
      if (!out.date.empty()) {
        out.date_from = "meta";
        break;
      }
    }
  if (out.modified.empty())
    for (const char* key : {"article:modified_time", "datemodified", "og:updated_time"}) {
      out.modified = normalize_date(get(key));
      if (!out.modified.empty()) break;
    }
  take(out.section, get("article:section"));
  if (out.url.empty()) {
    const GumboNode* canonical = find_first(tree.head(), [](const GumboNode* node) {
      return is_element(node, GUMBO_TAG_LINK) && ascii_lower(attribute(node, "rel")) == "canonical";
    });
    std::string url(attribute(canonical, "href"));
    if (!url.starts_with("http")) url = get("og:url");
    if (url.starts_with("http")) out.url = url;
  }
  take(out.lang, language_code(attribute(tree.root(), "lang")));
  take(out.lang, language_code(get("og:locale")));
  take(out.lang, language_code(get("content-language")));
  if (out.site_name.empty()) out.site_name = out.publisher;
  if (out.title.empty()) {
    const GumboNode* title = find_first(
        tree.head(), [](const GumboNode* node) { return is_element(node, GUMBO_TAG_TITLE); });
    if (title) out.title = clean_document_title(inner_text(title), out.site_name);
  }
  if (out.title.empty())
    if (const GumboNode* h1 = find_first(
            tree.body(), [](const GumboNode* node) { return is_element(node, GUMBO_TAG_H1); }))
      out.title = inner_text(h1);
}

// The first <time datetime> of the page's article, as the date of last resort but one.
void read_time_element(const HtmlTree& tree, PageMetadata& out) {
  if (!out.date.empty()) return;
  const GumboNode* scope = find_first(
      tree.body(), [](const GumboNode* node) { return is_element(node, GUMBO_TAG_ARTICLE); });
  const GumboNode* time = find_first(scope ? scope : tree.body(), [](const GumboNode* node) {
    return (is_element(node, GUMBO_TAG_TIME) && has_attribute(node, "datetime")) ||
           (attribute(node, "itemprop") == "datePublished" &&
            (has_attribute(node, "datetime") || has_attribute(node, "content")));
  });
  if (!time) return;
  std::string_view value = attribute(time, "datetime");
  if (value.empty()) value = attribute(time, "content");
  out.date = normalize_date(value);
  if (!out.date.empty()) out.date_from = "time";
}

}  // namespace

PageMetadata read_metadata(const HtmlTree& tree) {
  PageMetadata out;
  read_json_ld(tree, out);
  read_meta(tree, out);
  read_time_element(tree, out);
  return out;
}

}  // namespace crible::web
