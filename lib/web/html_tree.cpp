#include "web/html_tree.h"

#include <algorithm>
#include <cstring>

#include "crible/error.h"
#include "web/text.h"

namespace crible::web {

namespace {

bool ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Elements that never nest (void), whose end tag the parser may imply, or whose content
// is text: none of them adds a level that an end tag would have to close.
bool adds_no_level(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",  "base",  "br",     "col",      "embed",    "hr",      "img",      "input",
      "link",  "meta",  "param",  "source",   "track",    "wbr",     "p",        "li",
      "dt",    "dd",    "option", "optgroup", "tr",       "td",      "th",       "thead",
      "tbody", "tfoot", "rb",     "rt",       "rp",       "caption", "colgroup", "html",
      "head",  "body",  "script", "style",    "textarea", "title",   "xmp",      "plaintext"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

void append_text(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
      node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    return;
  }
  if (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) return;
  const GumboTag tag = node->v.element.tag;
  if (tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_TEMPLATE ||
      node->type == GUMBO_NODE_TEMPLATE)
    return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    append_text(static_cast<const GumboNode*>(children.data[i]), out);
    if (tag == GUMBO_TAG_BR) out += ' ';
  }
  if (tag == GUMBO_TAG_BR) out += ' ';
}

}  // namespace

std::size_t estimated_depth(std::string_view text) {
  std::size_t depth = 0, deepest = 0;
  for (std::size_t at = text.find('<'); at != std::string_view::npos; at = text.find('<', at + 1)) {
    std::size_t i = at + 1;
    const bool closing = i < text.size() && text[i] == '/';
    if (closing) ++i;
    std::string name;
    while (i < text.size() && name.size() < 16 &&
           (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '-' || text[i] == ':'))
      name += text[i++];
    name = ascii_lower(name);
    if (name.empty() || adds_no_level(name)) continue;
    const std::size_t end = text.find('>', i);
    if (end == std::string_view::npos) break;
    if (closing) {
      if (depth > 0) --depth;
    } else if (text[end - 1] != '/') {
      deepest = std::max(deepest, ++depth);
    }
  }
  return deepest;
}

HtmlTree::HtmlTree(std::string_view text) : text_(text) {
  if (const std::size_t depth = estimated_depth(text_); depth > kMaxHtmlDepth)
    throw InvalidArgument("HTML nested " + std::to_string(depth) + " elements deep (the limit is " +
                          std::to_string(kMaxHtmlDepth) + ")");
  GumboOptions options = kGumboDefaultOptions;
  options.max_errors = 0;  // parse errors are normal on the web: none kept
  output_ = gumbo_parse_with_options(&options, text_.data(), text_.size());
  if (!output_) throw InvalidArgument("the HTML parser gave no document");
}

HtmlTree::~HtmlTree() {
  if (output_) gumbo_destroy_output(&kGumboDefaultOptions, output_);
}

const GumboNode* HtmlTree::document() const {
  return output_->document;
}
const GumboNode* HtmlTree::root() const {
  return output_->root;
}
const GumboNode* HtmlTree::head() const {
  for (const GumboNode* child : element_children(output_->root))
    if (is_element(child, GUMBO_TAG_HEAD)) return child;
  return output_->root;
}
const GumboNode* HtmlTree::body() const {
  for (const GumboNode* child : element_children(output_->root))
    if (is_element(child, GUMBO_TAG_BODY)) return child;
  return output_->root;
}

bool is_element(const GumboNode* node) {
  return node && node->type == GUMBO_NODE_ELEMENT;
}
bool is_element(const GumboNode* node, GumboTag tag) {
  return is_element(node) && node->v.element.tag == tag;
}

std::string tag_name(const GumboNode* node) {
  if (!is_element(node)) return {};
  if (node->v.element.tag != GUMBO_TAG_UNKNOWN)
    return gumbo_normalized_tagname(node->v.element.tag);
  GumboStringPiece piece = node->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ascii_lower(std::string_view(piece.data ? piece.data : "", piece.length));
}

std::string_view attribute(const GumboNode* node, const char* name) {
  if (!is_element(node)) return {};
  const GumboAttribute* found = gumbo_get_attribute(&node->v.element.attributes, name);
  return found && found->value ? std::string_view(found->value) : std::string_view();
}

bool has_attribute(const GumboNode* node, const char* name) {
  return is_element(node) && gumbo_get_attribute(&node->v.element.attributes, name) != nullptr;
}

std::vector<const GumboNode*> element_children(const GumboNode* node) {
  std::vector<const GumboNode*> out;
  if (!node || (node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_DOCUMENT &&
                node->type != GUMBO_NODE_TEMPLATE))
    return out;
  const GumboVector& children =
      node->type == GUMBO_NODE_DOCUMENT ? node->v.document.children : node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i) {
    const auto* child = static_cast<const GumboNode*>(children.data[i]);
    if (child->type == GUMBO_NODE_ELEMENT) out.push_back(child);
  }
  return out;
}

std::string class_and_id(const GumboNode* node) {
  return ascii_lower(std::string(attribute(node, "class")) + ' ' +
                     std::string(attribute(node, "id")));
}

namespace {

std::vector<std::string> split_words(const std::string& value) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : value) {
    if (ascii_space(c) || c == '-' || c == '_') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

}  // namespace

std::vector<std::vector<std::string>> class_names(const GumboNode* node) {
  std::vector<std::vector<std::string>> names;
  std::string name;
  for (const char c : ascii_lower(attribute(node, "class")) + ' ') {
    if (!ascii_space(c)) {
      name += c;
    } else if (!name.empty()) {
      names.push_back(split_words(name));
      name.clear();
    }
  }
  std::vector<std::string> id = split_words(ascii_lower(attribute(node, "id")));
  // An id of many words is a heading's anchor ("sharing-with-a-single-developer"),
  // not what the node is for.
  if (!id.empty() && id.size() <= kMaxRoleIdWords) names.push_back(std::move(id));
  return names;
}

std::vector<std::string> class_words(const GumboNode* node) {
  std::vector<std::string> words;
  for (std::vector<std::string>& name : class_names(node))
    words.insert(words.end(), std::make_move_iterator(name.begin()),
                 std::make_move_iterator(name.end()));
  return words;
}

bool is_hidden(const GumboNode* node) {
  if (!is_element(node)) return false;
  if (has_attribute(node, "hidden") || attribute(node, "aria-hidden") == "true") return true;
  std::string style = ascii_lower(attribute(node, "style"));
  if (style.empty()) return false;
  style.erase(std::remove_if(style.begin(), style.end(), ascii_space), style.end());
  return style.find("display:none") != std::string::npos ||
         style.find("visibility:hidden") != std::string::npos;
}

void for_each_element(const GumboNode* node, const std::function<bool(const GumboNode*)>& visit) {
  // An explicit stack: the depth is bounded, but a walk should not cost stack anyway.
  std::vector<const GumboNode*> stack{node};
  while (!stack.empty()) {
    const GumboNode* current = stack.back();
    stack.pop_back();
    if (current->type == GUMBO_NODE_ELEMENT && !visit(current)) continue;
    const std::vector<const GumboNode*> children = element_children(current);
    for (auto child = children.rbegin(); child != children.rend(); ++child)
      stack.push_back(*child);
  }
}

std::vector<const GumboNode*> find_all(const GumboNode* node,
                                       const std::function<bool(const GumboNode*)>& match) {
  std::vector<const GumboNode*> found;
  for_each_element(node, [&](const GumboNode* element) {
    if (match(element)) found.push_back(element);
    return true;
  });
  return found;
}

const GumboNode* find_first(const GumboNode* node,
                            const std::function<bool(const GumboNode*)>& match) {
  const GumboNode* found = nullptr;
  for_each_element(node, [&](const GumboNode* element) {
    if (!found && match(element)) found = element;
    return !found;
  });
  return found;
}

std::string inner_text(const GumboNode* node) {
  std::string raw;
  append_text(node, raw);
  return collapse_spaces(raw);
}

}  // namespace crible::web
