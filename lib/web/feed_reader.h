#pragma once
// RSS 2.0, RSS 1.0 (RDF) and Atom feeds, read with libxml2: one article per item.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "crible/document.h"

namespace crible::web {

struct FeedOptions {
  std::string source;   // names the input in errors and in Document::source
  std::string charset;  // declared by the transport (HTTP), wins over the XML declaration
};

struct Feed {
  std::vector<Document> items;        // in feed order
  std::vector<std::string> warnings;  // recovered XML errors, invalid bytes...
  std::vector<std::pair<std::size_t, std::string>> refused;  // an item's line, why
};

// Reads a feed. Throws crible::ParseError (source, line, reason) when the XML cannot
// be read at all, or is neither RSS nor Atom.
Feed read_feed(std::string_view bytes, const FeedOptions& options);

// Whether markup starting with @p head is a feed (its first element is <rss>, <feed>
// or <rdf:RDF>), after any XML declaration, comments and doctype.
bool looks_like_feed(std::string_view head);
// Whether @p head starts (after a BOM and spaces) with markup: '<', or a UTF-16 BOM.
bool looks_like_markup(std::string_view head);

}  // namespace crible::web
