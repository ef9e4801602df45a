#include "web/main_content.h"

#include <algorithm>
#include <unordered_map>

#include "ingest/page_reader.h"

namespace crible::web {

namespace {

bool contains(const std::vector<std::string>& words, std::string_view word) {
  return std::find(words.begin(), words.end(), word) != words.end();
}

bool one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Words that name boilerplate, matched whole against class and id words.
bool boilerplate_word(std::string_view word) {
  return one_of(word,
                {"share",         "sharing",     "social",   "newsletter", "cookie",  "cookies",
                 "consent",       "gdpr",        "ad",       "ads",        "advert",  "advertising",
                 "advertisement", "adsense",     "pub",      "publicite",  "banner",  "promo",
                 "sponsor",       "sponsored",   "outbrain", "taboola",    "related", "recommended",
                 "breadcrumb",    "breadcrumbs", "menu",     "nav",        "navbar",  "navigation",
                 "footer",        "sidebar",     "widget",   "popup",      "modal",   "subscribe",
                 "subscription",  "toolbar",     "print",    "byline",     "tags",    "keywords",
                 "meta",          "signup",      "paywall",  "popular",    "trending"});
}

// Words that say a node holds the article: a boilerplate word beside them is a
// modifier ("content-sidebar-wrap" holds the content), not a verdict.
bool content_word(std::string_view word) {
  return one_of(word, {"article", "body", "content", "main", "column", "story", "text", "entry",
                       "post", "corps", "contenu", "texte", "chapo"});
}

// Readability's class weight: +25 for a content word, -25 for a boilerplate or
// comment word.
int class_weight(const GumboNode* node) {
  const std::vector<std::string> words = class_words(node);
  int weight = 0;
  bool positive = false, negative = false;
  for (const std::string& word : words) {
    positive = positive || content_word(word) || word == "hentry" || word == "blog";
    negative = negative || boilerplate_word(word) || word == "comment" || word == "comments" ||
               word == "foot" || word == "masthead" || word == "shoutbox" || word == "combx";
  }
  if (positive) weight += 25;
  if (negative) weight -= 25;
  return weight;
}

double base_score(const GumboNode* node) {
  switch (node->v.element.tag) {
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_MAIN:
      return 5;
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_BLOCKQUOTE:
      return 3;
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_FORM:
      return -3;
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_TH:
      return -5;
    default:
      return 0;
  }
}

bool has_block_child(const GumboNode* node) {
  for (const GumboNode* child : element_children(node)) {
    switch (child->v.element.tag) {
      case GUMBO_TAG_P:
      case GUMBO_TAG_DIV:
      case GUMBO_TAG_SECTION:
      case GUMBO_TAG_ARTICLE:
      case GUMBO_TAG_TABLE:
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_BLOCKQUOTE:
      case GUMBO_TAG_PRE:
      case GUMBO_TAG_H1:
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
      case GUMBO_TAG_FIGURE:
        return true;
      default:
        break;
    }
  }
  return false;
}

// Paragraph-like: a <p>, <pre>, <td>, or a <div> of text with no block inside.
bool is_paragraph(const GumboNode* node) {
  const GumboTag tag = node->v.element.tag;
  return tag == GUMBO_TAG_P || tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_TD ||
         (tag == GUMBO_TAG_DIV && !has_block_child(node));
}

std::size_t utf8_length(std::string_view text) {
  return static_cast<std::size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// Share of @p node's text inside links.
double link_density(const GumboNode* node) {
  const std::size_t total = utf8_length(inner_text(node));
  if (total == 0) return 0;
  std::size_t linked = 0;
  for (const GumboNode* link :
       find_all(node, [](const GumboNode* n) { return is_element(n, GUMBO_TAG_A); }))
    linked += utf8_length(inner_text(link));
  return std::min(1.0, static_cast<double>(linked) / static_cast<double>(total));
}

class Scorer {
 public:
  explicit Scorer(const std::function<bool(const GumboNode*)>& skip) : skip_(skip) {}

  // Scores every container of paragraphs under @p root; returns the best, or null.
  const GumboNode* best(const GumboNode* root) {
    for_each_element(root, [&](const GumboNode* node) {
      if (node != root && skip_(node)) return false;
      if (is_paragraph(node)) score_paragraph(node);
      return true;
    });
    std::vector<std::pair<const GumboNode*, double>> ranked;
    for (auto& [node, score] : scores_) {
      score *= 1 - link_density(node);
      ranked.emplace_back(node, score);
    }
    if (ranked.empty()) return nullptr;
    // Best first; equal scores in document order, so that the choice is reproducible.
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    });
    ranked.resize(std::min<std::size_t>(ranked.size(), kTopCandidates));
    return widen(ranked, root);
  }

  double score(const GumboNode* node) const {
    const auto found = scores_.find(node);
    return found == scores_.end() ? 0 : found->second;
  }

 private:
  static constexpr std::size_t kTopCandidates = 5;
  static constexpr int kCandidatesSharingAncestor = 3;

  // The best candidate alone is often one of several blocks of the article (one step of
  // a how-to, one section): when other candidates score nearly as well, their common
  // ancestor is the article; else an ancestor scoring higher; then, as the only child
  // of its parent, the parent (Readability's rules for its top candidate).
  const GumboNode* widen(const std::vector<std::pair<const GumboNode*, double>>& ranked,
                         const GumboNode* root) const {
    const GumboNode* top = ranked.front().first;
    const double top_score = ranked.front().second;
    std::vector<const GumboNode*> close;
    for (std::size_t i = 1; i < ranked.size(); ++i)
      if (top_score > 0 && ranked[i].second / top_score >= 0.75) close.push_back(ranked[i].first);
    if (static_cast<int>(close.size()) >= kCandidatesSharingAncestor) {
      for (const GumboNode* ancestor = top->parent; is_element(ancestor) && ancestor != root;
           ancestor = ancestor->parent) {
        const auto under = std::count_if(close.begin(), close.end(), [&](const GumboNode* node) {
          return is_ancestor(ancestor, node);
        });
        if (under >= kCandidatesSharingAncestor) {
          top = ancestor;
          break;
        }
      }
    }
    double last = score(top);
    const double floor = last / 3;
    for (const GumboNode* ancestor = top->parent; is_element(ancestor) && ancestor != root;
         ancestor = ancestor->parent) {
      if (!scores_.count(ancestor)) continue;
      const double ancestor_score = score(ancestor);
      if (ancestor_score < floor) break;
      if (ancestor_score > last) {
        top = ancestor;
        break;
      }
      last = ancestor_score;
    }
    while (is_element(top->parent) && top->parent != root &&
           element_children(top->parent).size() == 1)
      top = top->parent;
    return top;
  }

  static bool is_ancestor(const GumboNode* ancestor, const GumboNode* node) {
    for (const GumboNode* up = node->parent; up; up = up->parent)
      if (up == ancestor) return true;
    return false;
  }

  void score_paragraph(const GumboNode* paragraph) {
    const std::string text = inner_text(paragraph);
    const std::size_t length = utf8_length(text);
    if (length < 25) return;
    const double points = 1 + static_cast<double>(std::count(text.begin(), text.end(), ',')) +
                          std::min(3.0, static_cast<double>(length) / 100);
    const GumboNode* ancestor = paragraph->parent;
    for (int level = 0; level < 5 && is_element(ancestor); ++level, ancestor = ancestor->parent) {
      auto [entry, added] = scores_.try_emplace(ancestor, 0.0);
      if (added) entry->second = base_score(ancestor) + class_weight(ancestor);
      entry->second += level == 0 ? points : level == 1 ? points / 2 : points / (level * 3);
    }
  }

  const std::function<bool(const GumboNode*)>& skip_;
  std::unordered_map<const GumboNode*, double> scores_;
};

// The article's containers: the best one and those of its siblings that read as part
// of it (Readability's sibling rule).
std::vector<const GumboNode*> article_nodes(const GumboNode* top, const Scorer& scorer) {
  const GumboNode* parent = top->parent;
  if (!is_element(parent)) return {top};
  const double threshold = std::max(10.0, scorer.score(top) * 0.2);
  const std::string top_class(attribute(top, "class"));
  std::vector<const GumboNode*> nodes;
  for (const GumboNode* sibling : element_children(parent)) {
    if (sibling == top) {
      nodes.push_back(sibling);
      continue;
    }
    if (is_boilerplate(sibling) || is_comment_section(sibling) || is_never_text(sibling)) continue;
    double bonus = 0;
    if (!top_class.empty() && attribute(sibling, "class") == top_class)
      bonus = scorer.score(top) * 0.2;
    bool keep = scorer.score(sibling) + bonus >= threshold;
    if (!keep && is_element(sibling, GUMBO_TAG_P)) {
      const std::string text = inner_text(sibling);
      const double density = link_density(sibling);
      const std::size_t length = utf8_length(text);
      keep = (length > 80 && density < 0.25) ||
             (length > 0 && density == 0 && text.find(". ") != std::string::npos);
    }
    if (keep) nodes.push_back(sibling);
  }
  return nodes;
}

std::string folded_spaces(std::string_view text) {
  std::string out;
  for (const char c : text)
    if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

// Paragraphs enough to be an article (1 500 characters), not a list of links.
bool holds_article_text(const GumboNode* node) {
  std::size_t length = 0;
  for (const GumboNode* paragraph :
       find_all(node, [](const GumboNode* n) { return is_element(n, GUMBO_TAG_P); }))
    length += utf8_length(inner_text(paragraph));
  return length >= 1500 && link_density(node) < 0.25;
}

bool is_boilerplate(const GumboNode* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_ARTICLE:
      return false;
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FOOTER:
      return true;
    default:
      break;
  }
  const std::string_view role = attribute(node, "role");
  if (role == "navigation" || role == "banner" || role == "complementary" ||
      role == "contentinfo" || role == "dialog" || role == "search" || role == "menu")
    return true;
  // Each class name (and the id) says what the node is by its last telling word:
  // "article-body" is text, "c-article-most-popular" and "article__share" are not. A
  // name that says text wins over the others.
  bool boilerplate = false;
  for (const std::vector<std::string>& words : class_names(node)) {
    enum class Says { nothing, text, boilerplate } says = Says::nothing;
    for (std::size_t i = 0; i < words.size(); ++i) {
      // "has-sidebar", "no-ads", "with-share": the page's layout, not what this node is.
      const bool modified = i > 0 && one_of(words[i - 1], {"has", "no", "with", "without"});
      if (content_word(words[i]))
        says = Says::text;
      else if (boilerplate_word(words[i]) && !modified)
        says = Says::boilerplate;
    }
    if (says == Says::text) return false;
    boilerplate = boilerplate || says == Says::boilerplate;
  }
  // A class is a claim, the text a fact: a "share-zone" wrapped around a whole article
  // (text selected to share) is the article.
  return boilerplate && !holds_article_text(node);
}

bool is_comment_section(const GumboNode* node) {
  if (!is_element(node) || is_element(node, GUMBO_TAG_HTML) || is_element(node, GUMBO_TAG_BODY) ||
      is_element(node, GUMBO_TAG_MAIN))
    return false;
  if (attribute(node, "itemtype").find("schema.org/Comment") != std::string_view::npos) return true;
  const std::vector<std::string> words = class_words(node);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const bool modified = i > 0 && one_of(words[i - 1], {"has", "no", "with", "without"});
    if (!modified && one_of(words[i], {"comment", "comments", "commentaires", "commentaire",
                                       "reactions", "disqus", "respond", "commentlist"}))
      return true;
  }
  return false;
}

bool is_tweet(const GumboNode* node) {
  if (!is_element(node, GUMBO_TAG_BLOCKQUOTE)) return false;
  const std::vector<std::string> words = class_words(node);
  return contains(words, "twitter") && contains(words, "tweet");
}

Quote read_tweet(const GumboNode* node) {
  Quote quote;
  std::vector<std::string> paragraphs;
  for (const GumboNode* child : element_children(node)) {
    if (!is_element(child, GUMBO_TAG_P)) continue;
    paragraphs.push_back(inner_text(child));
    if (quote.lang.empty()) quote.lang = std::string(attribute(child, "lang"));
  }
  // The signature after the words: "— Name (@handle) February 19, 2021".
  std::string all = inner_text(node);
  if (const std::size_t dash = all.rfind("\xE2\x80\x94 "); dash != std::string::npos) {
    if (auto signed_by = ingest::parse_tweet_attribution(all.substr(dash))) {
      quote.author = signed_by->author;
      quote.handle = signed_by->handle;
      quote.date = signed_by->date;
      if (quote.lang.empty()) quote.lang = signed_by->lang;
    }
    all.erase(dash);
  }
  if (paragraphs.empty()) paragraphs.push_back(all);
  for (const std::string& paragraph : paragraphs) {
    if (paragraph.empty()) continue;
    if (!quote.text.empty()) quote.text += '\n';
    quote.text += paragraph;
  }
  if (quote.lang.size() > 3) quote.lang.clear();  // "und", "zxx" pass; "en-GB" not wanted
  if (quote.lang == "und" || quote.lang == "zxx") quote.lang.clear();
  return quote;
}

// An HTML5 <header> around the article's headline.
bool is_masthead(const GumboNode* node) {
  return is_element(node, GUMBO_TAG_HEADER) &&
         find_first(node, [](const GumboNode* n) { return is_element(n, GUMBO_TAG_H1); });
}

// A lead ("chapô"): a paragraph of a masthead long enough to be text, not a link list.
bool is_lead_paragraph(const GumboNode* node) {
  return is_element(node, GUMBO_TAG_P) && utf8_length(inner_text(node)) >= 100 &&
         link_density(node) < 0.25;
}

MainContent extract_main_content(const HtmlTree& tree, const std::string& title) {
  const std::function<bool(const GumboNode*)> skip = [](const GumboNode* node) {
    return is_never_text(node) || is_boilerplate(node) || is_comment_section(node) ||
           is_tweet(node);
  };
  // A page that marks its article's text (schema.org microdata) is taken at its word.
  const GumboNode* top = find_first(tree.body(), [](const GumboNode* node) {
    return attribute(node, "itemprop") == "articleBody";
  });
  std::vector<const GumboNode*> nodes;
  if (top) {
    nodes.push_back(top);
  } else {
    Scorer scorer(skip);
    top = scorer.best(tree.body());
    nodes = top ? article_nodes(top, scorer) : std::vector<const GumboNode*>{tree.body()};
  }
  MainContent content;
  const std::string folded_title = folded_spaces(title);
  // The article's masthead (an HTML5 <header> around its headline) holds kicker, tags,
  // byline, date and share buttons, which the metadata already gave: only its lead
  // paragraphs are text.
  const std::function<bool(const GumboNode*)> skip_masthead = [&skip](const GumboNode* node) {
    return skip(node) || is_masthead(node);
  };
  // The masthead may sit beside the text (article > header + div): looked for in the
  // <article> around it.
  const GumboNode* scope = nodes.empty() ? nullptr : nodes.front();
  for (const GumboNode* up = scope; is_element(up) && up != tree.body(); up = up->parent)
    if (is_element(up, GUMBO_TAG_ARTICLE)) {
      scope = up;
      break;
    }
  if (scope && !is_masthead(scope))
    for (const GumboNode* masthead : find_all(scope, is_masthead))
      for (const GumboNode* paragraph : find_all(masthead, is_lead_paragraph))
        content.blocks.push_back({TextBlock::Kind::paragraph, inner_text(paragraph)});
  for (const GumboNode* node : nodes) {
    for (TextBlock& block : render_blocks(node, is_masthead(node) ? skip : skip_masthead)) {
      // The headline, repeated above the text.
      if (block.kind == TextBlock::Kind::heading && folded_spaces(block.text) == folded_title)
        continue;
      content.blocks.push_back(std::move(block));
    }
    for (const GumboNode* tweet : find_all(node, is_tweet)) {
      Quote quote = read_tweet(tweet);
      if (!quote.text.empty()) content.tweets.push_back(std::move(quote));
    }
  }
  return content;
}

}  // namespace crible::web
