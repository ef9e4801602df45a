#include "web/feed_reader.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>

#include "core/hash.h"
#include "crible/error.h"
#include "json/dates.h"
#include "web/charset.h"
#include "web/html_reader.h"
#include "web/text.h"

namespace crible::web {

namespace {

struct DocFreer {
  void operator()(xmlDoc* doc) const noexcept { xmlFreeDoc(doc); }
};
using XmlDocument = std::unique_ptr<xmlDoc, DocFreer>;

struct ParserContextFreer {
  void operator()(xmlParserCtxt* context) const noexcept { xmlFreeParserCtxt(context); }
};

struct XmlCharFreer {
  void operator()(xmlChar* text) const noexcept { xmlFree(text); }
};

std::string_view name_of(const xmlNode* node) {
  return node && node->name ? reinterpret_cast<const char*>(node->name) : "";
}

std::string_view prefix_of(const xmlNode* node) {
  return node && node->ns && node->ns->prefix ? reinterpret_cast<const char*>(node->ns->prefix)
                                              : "";
}

std::string content_of(const xmlNode* node) {
  if (!node) return {};
  std::unique_ptr<xmlChar, XmlCharFreer> text(xmlNodeGetContent(node));
  return text ? std::string(reinterpret_cast<const char*>(text.get())) : std::string();
}

std::string attribute_of(const xmlNode* node, const char* name) {
  std::unique_ptr<xmlChar, XmlCharFreer> value(
      xmlGetProp(node, reinterpret_cast<const xmlChar*>(name)));
  return value ? std::string(reinterpret_cast<const char*>(value.get())) : std::string();
}

// The element children of @p node named @p name (local name; @p prefix when given).
std::vector<const xmlNode*> children_named(const xmlNode* node, std::string_view name,
                                           std::string_view prefix = {}) {
  std::vector<const xmlNode*> out;
  for (const xmlNode* child = node ? node->children : nullptr; child; child = child->next)
    if (child->type == XML_ELEMENT_NODE && name_of(child) == name &&
        (prefix.empty() || prefix_of(child) == prefix))
      out.push_back(child);
  return out;
}

const xmlNode* child_named(const xmlNode* node, std::string_view name,
                           std::string_view prefix = {}) {
  const std::vector<const xmlNode*> found = children_named(node, name, prefix);
  return found.empty() ? nullptr : found.front();
}

std::string text_child(const xmlNode* node, std::string_view name, std::string_view prefix = {}) {
  return collapse_spaces(content_of(child_named(node, name, prefix)));
}

// Atom's <content>/<summary>: text, escaped HTML, or inline XHTML.
std::string atom_text(const xmlNode* node) {
  if (!node) return {};
  const std::string type = attribute_of(node, "type");
  if (type == "xhtml") {
    std::string markup;
    for (const xmlNode* child = node->children; child; child = child->next) {
      std::unique_ptr<xmlBuffer, decltype(&xmlBufferFree)> buffer(xmlBufferCreate(), xmlBufferFree);
      xmlNodeDump(buffer.get(), child->doc, const_cast<xmlNode*>(child), 0, 0);
      markup += reinterpret_cast<const char*>(xmlBufferContent(buffer.get()));
    }
    return html_fragment_text(markup);
  }
  if (type == "html" || type == "text/html") return html_fragment_text(content_of(node));
  return content_of(node);
}

// "jean@example.com (Jean Dupont)" -> "Jean Dupont": RSS authors are addresses.
std::string rss_author(std::string author) {
  const std::size_t open = author.find('(');
  const std::size_t close = author.rfind(')');
  if (open != std::string::npos && close != std::string::npos && close > open)
    return collapse_spaces(author.substr(open + 1, close - open - 1));
  return author;
}

std::string hashed_id(std::string_view prefix, std::string_view text) {
  return std::string(prefix) + core::fnv1a64_hex(text);
}

struct FeedInfo {
  std::string title, url, lang, description;
  nlohmann::ordered_json json() const {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    if (!title.empty()) out["title"] = title;
    if (!url.empty()) out["url"] = url;
    if (!lang.empty()) out["language"] = lang;
    if (!description.empty()) out["description"] = description;
    return out;
  }
};

struct Item {
  std::size_t line = 0;
  std::string id, title, link, date, author, body, lang;
  std::vector<std::string> categories;
  bool body_is_title = false;
};

Document to_document(Item item, const FeedInfo& feed, const std::string& source) {
  Document document;
  document.type = DocumentType::article;
  document.id = item.id;
  if (document.id.empty()) document.id = item.link;
  if (document.id.empty()) document.id = hashed_id("item-", item.title + "\x1f" + item.date);
  if (document.id.size() > kMaxDocumentIdBytes) document.id = hashed_id("item-", document.id);
  document.title = std::move(item.title);
  document.url = std::move(item.link);
  document.date = std::move(item.date);
  document.author = std::move(item.author);
  document.lang = item.lang.empty() ? feed.lang : item.lang;
  document.source = source;
  document.body = std::move(item.body);
  if (document.body.empty()) {  // a headline-only feed: the headline is the text
    document.body = document.title;
    item.body_is_title = true;
  }
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  if (!item.categories.empty()) extra["categories"] = item.categories;
  if (item.body_is_title) extra["body_from"] = "title";
  const nlohmann::ordered_json info = feed.json();
  if (!info.empty()) extra["feed"] = info;
  if (!extra.empty())
    document.extra_json =
        extra.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  return document;
}

Item rss_item(const xmlNode* node) {
  Item item;
  item.line = static_cast<std::size_t>(xmlGetLineNo(node));
  item.title = collapse_spaces(html_fragment_text(content_of(child_named(node, "title"))));
  item.link = text_child(node, "link");
  item.id = text_child(node, "guid");
  if (item.id.empty()) item.id = attribute_of(node, "about");  // RSS 1.0: rdf:about
  item.date = normalize_date(text_child(node, "pubDate"));
  if (item.date.empty()) item.date = normalize_date(text_child(node, "date", "dc"));
  item.author = rss_author(text_child(node, "author"));
  if (item.author.empty()) item.author = text_child(node, "creator", "dc");
  for (const xmlNode* category : children_named(node, "category"))
    if (std::string text = collapse_spaces(content_of(category)); !text.empty())
      item.categories.push_back(std::move(text));
  if (const xmlNode* encoded = child_named(node, "encoded", "content"))
    item.body = html_fragment_text(content_of(encoded));
  if (item.body.empty())
    item.body = html_fragment_text(content_of(child_named(node, "description")));
  return item;
}

Item atom_entry(const xmlNode* node) {
  Item item;
  item.line = static_cast<std::size_t>(xmlGetLineNo(node));
  item.title = collapse_spaces(atom_text(child_named(node, "title")));
  for (const xmlNode* link : children_named(node, "link")) {
    const std::string rel = attribute_of(link, "rel");
    if (rel.empty() || rel == "alternate") {
      item.link = attribute_of(link, "href");
      break;
    }
  }
  item.id = text_child(node, "id");
  item.date = normalize_date(text_child(node, "published"));
  if (item.date.empty()) item.date = normalize_date(text_child(node, "updated"));
  std::string authors;
  for (const xmlNode* author : children_named(node, "author")) {
    const std::string name = text_child(author, "name");
    if (name.empty()) continue;
    if (!authors.empty()) authors += ", ";
    authors += name;
  }
  item.author = std::move(authors);
  for (const xmlNode* category : children_named(node, "category"))
    if (std::string term = attribute_of(category, "label");
        !term.empty() || !(term = attribute_of(category, "term")).empty())
      item.categories.push_back(std::move(term));
  item.lang = language_code(attribute_of(node, "lang"));
  item.body = atom_text(child_named(node, "content"));
  if (item.body.empty()) item.body = atom_text(child_named(node, "summary"));
  return item;
}

std::string_view skip_prolog(std::string_view head) {
  for (;;) {
    const std::size_t start = head.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return {};
    head.remove_prefix(start);
    std::string_view end_marker;
    if (head.starts_with("<?"))
      end_marker = "?>";
    else if (head.starts_with("<!--"))
      end_marker = "-->";
    else if (head.starts_with("<!"))
      end_marker = ">";
    else
      return head;
    const std::size_t end = head.find(end_marker);
    if (end == std::string_view::npos) return {};
    head.remove_prefix(end + end_marker.size());
  }
}

std::string xml_error_text(const xmlError* error) {
  if (!error || !error->message) return "unreadable XML";
  std::string message = collapse_spaces(error->message);
  return "malformed XML at line " + std::to_string(error->line) + ": " + message;
}

}  // namespace

bool looks_like_markup(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF")) return true;
  const std::size_t start = head.find_first_not_of(" \t\r\n");
  return start != std::string_view::npos && head[start] == '<';
}

bool looks_like_feed(std::string_view head) {
  if (head.starts_with("\xEF\xBB\xBF")) head.remove_prefix(3);
  head = skip_prolog(head);
  return head.starts_with("<rss") || head.starts_with("<feed") || head.starts_with("<rdf:RDF") ||
         head.starts_with("<RDF");
}

Feed read_feed(std::string_view bytes, const FeedOptions& options) {
  static std::once_flag initialised;  // libxml2 asks to be initialised once, up front
  std::call_once(initialised, xmlInitParser);
  Feed feed;
  Decoded decoded = decode_markup(bytes, options.charset, Markup::xml);
  feed.warnings = std::move(decoded.warnings);
  // libxml2 is told the text is UTF-8 (it is, now), whatever its declaration says.
  const int strict = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOCDATA;
  std::unique_ptr<xmlParserCtxt, ParserContextFreer> context(xmlNewParserCtxt());
  if (!context) throw ParseError(options.source, 1, "out of memory creating the XML parser");
  const int size = static_cast<int>(std::min<std::size_t>(decoded.text.size(), INT32_MAX));
  XmlDocument document(
      xmlCtxtReadMemory(context.get(), decoded.text.data(), size, nullptr, "UTF-8", strict));
  if (!document) {
    // Feeds with a stray '&' or a truncated end are common: read what can be read, and
    // say so.
    const std::string problem = xml_error_text(xmlCtxtGetLastError(context.get()));
    xmlCtxtReset(context.get());
    document.reset(xmlCtxtReadMemory(context.get(), decoded.text.data(), size, nullptr, "UTF-8",
                                     strict | XML_PARSE_RECOVER));
    if (!document || !xmlDocGetRootElement(document.get()))
      throw ParseError(options.source, 1, problem);
    feed.warnings.push_back(problem + " (read in recovery mode)");
  }
  const xmlNode* root = xmlDocGetRootElement(document.get());
  const std::string_view root_name = name_of(root);
  FeedInfo info;
  std::vector<Item> items;
  if (root_name == "rss" || root_name == "RDF") {
    const xmlNode* channel = child_named(root, "channel");
    info.title = text_child(channel, "title");
    info.url = text_child(channel, "link");
    info.lang = language_code(text_child(channel, "language"));
    if (info.lang.empty()) info.lang = language_code(text_child(channel, "language", "dc"));
    info.description = text_child(channel, "description");
    // RSS 2.0 puts items in the channel, RSS 1.0 beside it.
    for (const xmlNode* item : children_named(root_name == "rss" ? channel : root, "item"))
      items.push_back(rss_item(item));
  } else if (root_name == "feed") {
    info.title = collapse_spaces(atom_text(child_named(root, "title")));
    for (const xmlNode* link : children_named(root, "link"))
      if (attribute_of(link, "rel").empty() || attribute_of(link, "rel") == "alternate")
        info.url = attribute_of(link, "href");
    info.lang = language_code(attribute_of(root, "lang"));
    info.description = collapse_spaces(atom_text(child_named(root, "subtitle")));
    for (const xmlNode* entry : children_named(root, "entry"))
      items.push_back(atom_entry(entry));
  } else {
    throw ParseError(options.source, static_cast<std::size_t>(xmlGetLineNo(root)),
                     "XML whose root element <" + std::string(root_name) +
                         "> is neither RSS (<rss>, <rdf:RDF>) nor Atom (<feed>)");
  }
  std::size_t number = 0;
  for (Item& item : items) {
    ++number;
    if (item.title.empty() && item.body.empty()) {
      feed.refused.emplace_back(
          item.line, "feed item " + std::to_string(number) + " has no title and no text");
      continue;
    }
    feed.items.push_back(to_document(std::move(item), info, options.source));
  }
  return feed;
}

}  // namespace crible::web
