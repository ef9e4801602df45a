#include "web/html_comments.h"

#include <algorithm>
#include <unordered_map>

#include "json/dates.h"
#include "web/html_text.h"

namespace crible::web {

namespace {

bool any_word(const std::vector<std::string>& words, std::initializer_list<std::string_view> list) {
  for (const std::string& word : words)
    if (std::find(list.begin(), list.end(), word) != list.end()) return true;
  return false;
}

// One comment, not the list that holds them nor a part of one.
bool is_comment(const GumboNode* node) {
  if (!is_element(node)) return false;
  if (attribute(node, "itemtype").find("schema.org/Comment") != std::string_view::npos) return true;
  const std::vector<std::string> words = class_words(node);
  if (!any_word(words, {"comment", "commentaire", "reaction"})) return false;
  return !any_word(
      words,
      {"body",         "content",   "text",       "meta",       "metadata",   "author", "date",
       "reply",        "respond",   "form",       "list",       "count",      "link",   "links",
       "actions",      "avatar",    "awaiting",   "moderation", "navigation", "nav",    "notes",
       "title",        "header",    "footer",     "edit",       "button",     "icon",   "number",
       "wrapper",      "container", "area",       "section",    "block",      "s",      "comments",
       "commentaires", "reactions", "pagination", "input",      "tools",      "policy", "rules",
       "open",         "closed",    "share"});
}

// The first element under @p comment, outside the comments nested in it, that @p match
// accepts.
const GumboNode* find_own(const GumboNode* comment,
                          const std::function<bool(const GumboNode*)>& match) {
  const GumboNode* found = nullptr;
  for_each_element(comment, [&](const GumboNode* node) {
    if (found) return false;
    if (node != comment && is_comment(node)) return false;
    if (node != comment && match(node)) {
      found = node;
      return false;
    }
    return true;
  });
  return found;
}

bool word_of(const GumboNode* node, std::initializer_list<std::string_view> list) {
  return any_word(class_words(node), list);
}

std::string author_of(const GumboNode* comment) {
  const GumboNode* author = find_own(comment, [](const GumboNode* node) {
    return attribute(node, "itemprop") == "author" || attribute(node, "itemprop") == "creator" ||
           is_element(node, GUMBO_TAG_CITE) ||
           word_of(node, {"author", "fn", "username", "pseudo", "nickname", "commenter"});
  });
  if (!author) return {};
  if (const GumboNode* name = find_own(author, [](const GumboNode* node) {
        return attribute(node, "itemprop") == "name" || word_of(node, {"fn", "name"});
      }))
    author = name;
  std::string text = inner_text(author);
  // "Jean Dupont dit :", WordPress's "says:".
  for (const std::string_view suffix : {" dit :", " dit:", " says:", " a dit :", " :"})
    if (text.ends_with(suffix)) text.erase(text.size() - suffix.size());
  return text;
}

std::string date_of(const GumboNode* comment) {
  const GumboNode* time = find_own(comment, [](const GumboNode* node) {
    return (is_element(node, GUMBO_TAG_TIME) && has_attribute(node, "datetime")) ||
           attribute(node, "itemprop") == "dateCreated" ||
           attribute(node, "itemprop") == "datePublished";
  });
  if (!time) return {};
  std::string_view value = attribute(time, "datetime");
  if (value.empty()) value = attribute(time, "content");
  return normalize_date(value);
}

std::string text_of(const GumboNode* comment) {
  // The most specific marking first: a "comment-body" often wraps author and date too.
  const GumboNode* text = find_own(comment, [](const GumboNode* node) {
    return attribute(node, "itemprop") == "text" || attribute(node, "itemprop") == "commentText";
  });
  if (!text)
    text = find_own(comment, [](const GumboNode* node) {
      return word_of(node, {"content", "text", "message", "texte", "contenu"});
    });
  if (!text)
    text = find_own(comment, [](const GumboNode* node) { return word_of(node, {"body"}); });
  // Without a marked text, the comment's own words: its author, date and actions out.
  const GumboNode* root = text ? text : comment;
  const auto skip = [root, text](const GumboNode* node) {
    if (node == root) return false;
    if (is_comment(node)) return true;
    if (root != text) {
      const std::vector<std::string> words = class_words(node);
      if (any_word(words, {"author", "fn", "meta", "metadata", "reply", "actions", "avatar", "date",
                           "vcard", "footer", "header", "tools", "share"}) ||
          is_element(node, GUMBO_TAG_TIME) || is_element(node, GUMBO_TAG_CITE) ||
          attribute(node, "itemprop") == "author")
        return true;
    }
    return false;
  };
  return join_blocks(render_blocks(root, skip));
}

}  // namespace

std::vector<PageComment> read_page_comments(const HtmlTree& tree) {
  std::vector<PageComment> comments;
  std::unordered_map<const GumboNode*, std::size_t> index;  // comment element -> comments[i]
  for (const GumboNode* node : find_all(tree.body(), is_comment)) {
    PageComment comment;
    comment.text = text_of(node);
    if (comment.text.empty()) continue;
    comment.author = author_of(node);
    comment.date = date_of(node);
    for (const GumboNode* up = node->parent; is_element(up); up = up->parent)
      if (const auto found = index.find(up); found != index.end()) {
        comment.reply_to = found->second;
        break;
      }
    index.emplace(node, comments.size());
    comments.push_back(std::move(comment));
  }
  return comments;
}

}  // namespace crible::web
