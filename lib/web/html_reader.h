#pragma once
// An HTML article page as crible's documents: the article (metadata, main text,
// section headings, embedded tweets) and its reader comments.

#include <string>
#include <string_view>
#include <vector>

#include "crible/document.h"

namespace crible::web {

struct HtmlOptions {
  std::string source;   // names the input in errors and in Document::source
  std::string id;       // the article's id; empty: from the canonical URL, else the title
  std::string charset;  // declared by the transport (HTTP), wins over the page's own
};

struct HtmlPage {
  Document article;
  std::vector<Document> comments;     // ids from content (ingest::number_comments)
  std::vector<std::string> warnings;  // invalid bytes, unreadable JSON-LD...
};

// Reads one page. Throws crible::ParseError (line 1) when it has no text at all, or
// nests too deep to parse safely.
HtmlPage read_html_page(std::string_view bytes, const HtmlOptions& options);

// The text of an HTML fragment (a feed item's content), one block per line, read
// as article pages are: scripts, styles and hidden nodes out, entities decoded.
std::string html_fragment_text(std::string_view utf8);

}  // namespace crible::web
