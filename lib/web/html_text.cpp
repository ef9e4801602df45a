#include "web/html_text.h"

namespace crible::web {

namespace {

bool is_block(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_BR:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_DETAILS:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return true;
    default:
      return false;
  }
}

bool is_heading(GumboTag tag) {
  return tag == GUMBO_TAG_H1 || tag == GUMBO_TAG_H2 || tag == GUMBO_TAG_H3 || tag == GUMBO_TAG_H4 ||
         tag == GUMBO_TAG_H5 || tag == GUMBO_TAG_H6;
}

// Collects inline text, and turns it into a block at each block boundary.
class BlockWriter {
 public:
  explicit BlockWriter(const std::function<bool(const GumboNode*)>& skip) : skip_(skip) {}

  void walk(const GumboNode* node, TextBlock::Kind kind) {
    if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
        node->type == GUMBO_NODE_WHITESPACE) {
      add_text(node->v.text.text);
      return;
    }
    if (node->type != GUMBO_NODE_ELEMENT) return;
    if (is_never_text(node) || (skip_ && skip_(node))) return;
    const GumboTag tag = node->v.element.tag;
    const bool block = is_block(tag);
    const TextBlock::Kind outer = kind;
    if (is_heading(tag))
      kind = TextBlock::Kind::heading;
    else if (tag == GUMBO_TAG_LI && kind == TextBlock::Kind::paragraph)
      kind = TextBlock::Kind::list_item;
    else if (tag == GUMBO_TAG_BLOCKQUOTE)
      kind = TextBlock::Kind::quote;
    if (block) flush(outer);
    const GumboVector& children = node->v.element.children;
    for (unsigned i = 0; i < children.length; ++i) {
      walk(static_cast<const GumboNode*>(children.data[i]), kind);
      if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) pending_space_ = true;
    }
    if (block) flush(kind);
  }

  std::vector<TextBlock> finish() && {
    flush();
    return std::move(blocks_);
  }

 private:
  void add_text(std::string_view text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      // U+00A0 no-break space counts as a space when collapsing.
      const bool nbsp = c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0';
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || nbsp) {
        pending_space_ = !current_.empty();
        if (nbsp) ++i;
        continue;
      }
      if (pending_space_) current_ += ' ';
      pending_space_ = false;
      current_ += c;
    }
  }

  void flush(TextBlock::Kind kind = TextBlock::Kind::paragraph) {
    if (!current_.empty()) blocks_.push_back({kind, std::move(current_)});
    current_.clear();
    pending_space_ = false;
  }

  const std::function<bool(const GumboNode*)>& skip_;
  std::vector<TextBlock> blocks_;
  std::string current_;
  bool pending_space_ = false;
};

}  // namespace

bool is_never_text(const GumboNode* node) {
  if (!is_element(node)) return false;
  switch (node->v.element.tag) {
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_MATH:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_EMBED:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_INPUT:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_VIDEO:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_MAP:
      return true;
    default:
      return is_hidden(node);
  }
}

std::vector<TextBlock> render_blocks(const GumboNode* node,
                                     const std::function<bool(const GumboNode*)>& skip) {
  BlockWriter writer(skip);
  writer.walk(node, TextBlock::Kind::paragraph);
  return std::move(writer).finish();
}

std::string join_blocks(const std::vector<TextBlock>& blocks) {
  std::string out;
  for (const TextBlock& block : blocks) {
    if (!out.empty()) out += '\n';
    out += block.text;
  }
  return out;
}

}  // namespace crible::web
