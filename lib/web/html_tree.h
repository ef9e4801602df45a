#pragma once
// An HTML5 document parsed by Gumbo (Google's HTML5 parser, as browsers parse: the
// tag soup of real news pages gives the tree a browser would), and the few questions
// the readers ask of its nodes.

#include <gumbo.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace crible::web {

// Deepest element nesting the readers accept. Gumbo and the readers' walks recurse;
// real pages stay under a few hundred levels.
inline constexpr std::size_t kMaxHtmlDepth = 2000;

class HtmlTree {
 public:
  // Parses UTF-8 @p text. Throws crible::InvalidArgument when its elements nest deeper
  // than kMaxHtmlDepth (an estimate from the tags, made before parsing).
  explicit HtmlTree(std::string_view text);
  ~HtmlTree();
  HtmlTree(const HtmlTree&) = delete;
  HtmlTree& operator=(const HtmlTree&) = delete;

  const GumboNode* document() const;  // the document node, parent of <html>
  const GumboNode* root() const;      // <html>
  const GumboNode* head() const;      // <head> (Gumbo always makes one)
  const GumboNode* body() const;      // <body>

 private:
  std::string text_;  // Gumbo's nodes point into it
  GumboOutput* output_ = nullptr;
};

// An upper bound of the element nesting @p text produces: start tags minus end tags,
// void elements and elements whose end tag the parser may imply (p, li, td...) left
// out.
std::size_t estimated_depth(std::string_view text);

bool is_element(const GumboNode* node);
bool is_element(const GumboNode* node, GumboTag tag);
// Lower-case tag name ("p", "time", "my-widget").
std::string tag_name(const GumboNode* node);
// The value of attribute @p name, empty when absent.
std::string_view attribute(const GumboNode* node, const char* name);
bool has_attribute(const GumboNode* node, const char* name);
// The element children of @p node.
std::vector<const GumboNode*> element_children(const GumboNode* node);
// The lower-case words of the class and id attributes, split on space, '-' and '_'
// ("c-article__share-buttons" gives "c", "article", "share", "buttons"); an id of more
// than kMaxRoleIdWords words is left out (a heading's anchor says nothing of the node's
// role).
inline constexpr std::size_t kMaxRoleIdWords = 3;
std::vector<std::string> class_words(const GumboNode* node);
// The same words, one list per class name and one for the id.
std::vector<std::vector<std::string>> class_names(const GumboNode* node);
// The whole class and id values, lower-cased and space-separated.
std::string class_and_id(const GumboNode* node);
// Whether the page hides @p node from readers: hidden, aria-hidden="true",
// display:none or visibility:hidden in its style.
bool is_hidden(const GumboNode* node);

// Visits the elements under @p node (itself included) in document order; @p visit
// returns false to skip an element's descendants.
void for_each_element(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit);
// Every descendant element (itself included) for which @p match holds.
std::vector<const GumboNode*> find_all(const GumboNode* node,
                                       const std::function<bool(const GumboNode*)>& match);
// The first, or null.
const GumboNode* find_first(const GumboNode* node,
                            const std::function<bool(const GumboNode*)>& match);

// The text under @p node, whitespace collapsed to single spaces and trimmed (scripts,
// styles and templates left out).
std::string inner_text(const GumboNode* node);

}  // namespace crible::web
