#pragma once
// Reading of scraped page text (`--format page`): one article, its embedded tweets,
// section headings and related-article teasers, then its reader comments. The layout
// is described in ../shared/DESIGN.md, section "Documents".

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/document.h"

namespace crible::ingest {

struct PageParse {
  Document article;
  std::vector<Document> comments;  // in page order
};

// Parses one scraped page. @p source names the input in errors and in Document::source.
// @p article_id: the article's id; empty -> page_article_id(title). Comments get ids
// from their content and their order (number_comments()), parent = article id, type
// comment.
// Throws crible::ParseError(source, line, reason) when the page is empty or has no
// title line. Any bytes are accepted: invalid UTF-8 passes through unchanged.
PageParse parse_page(std::string_view text, const std::string& source,
                     const std::string& article_id);

// Whether the start of an input looks like a page rather than JSON Lines: the first
// non-blank character is not '{', and the text has a line starting with
// "Vos commentaires" or its first non-blank line is followed by a blank line.
bool looks_like_page(std::string_view head);

// "— Charles Gasparino (@CGasparino) February 19, 2021", the line an embedded tweet
// ends with: who posted it (author, handle), when (date), lang "en" (the embed's
// month names are English); text left empty. None when the line is not one.
std::optional<Quote> parse_tweet_attribution(std::string_view line);

// A stable id from the title: "page-" + the 16 hex digits of FNV-1a 64 over the
// trimmed title bytes.
std::string page_article_id(std::string_view title);

}  // namespace crible::ingest
