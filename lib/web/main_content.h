#pragma once
// The main text of an article page, found as browsers' reader views find it
// (Arc90's Readability, as Mozilla's Readability.js does it): paragraphs score the
// elements that hold them, the best container and its worthy siblings are the
// article; navigation, share buttons, ads, related links, comments and hidden nodes
// are left out. Embedded tweets come out apart, as quotes.

#include <string>
#include <vector>

#include "crible/document.h"
#include "web/html_text.h"
#include "web/html_tree.h"

namespace crible::web {

struct MainContent {
  std::vector<TextBlock> blocks;  // the article's text, in page order
  std::vector<Quote> tweets;      // embedded tweets, in page order
};

// @p title: the page's title, so that a heading repeating it is not body text.
MainContent extract_main_content(const HtmlTree& tree, const std::string& title);

// Whether @p node is boilerplate by its tag, role or class and id words: navigation,
// asides, footers, share and social buttons, ads, newsletters, cookie banners, related
// and recommended links, bylines and meta lines.
bool is_boilerplate(const GumboNode* node);
// Whether @p node holds reader comments (or a comment form): "comments", "commentaires",
// "reactions", "disqus", "respond", or a schema.org Comment.
bool is_comment_section(const GumboNode* node);
// Whether @p node is an embedded tweet (<blockquote class="twitter-tweet">).
bool is_tweet(const GumboNode* node);
// The embedded tweet @p node as a quote: its words, author, handle, date, language.
Quote read_tweet(const GumboNode* node);

}  // namespace crible::web
