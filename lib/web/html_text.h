#pragma once
// The readable text of an HTML subtree as blocks (paragraphs, headings, list items,
// quotes), the way a reader sees it: one block per block element or <br>, inline
// elements joined, whitespace collapsed. Shared by article pages and feed items.

#include <functional>
#include <string>
#include <vector>

#include "web/html_tree.h"

namespace crible::web {

struct TextBlock {
  enum class Kind { paragraph, heading, list_item, quote };
  Kind kind = Kind::paragraph;
  std::string text;
};

// Elements whose content is never text to read: scripts, styles, forms' controls,
// media, and what the page hides.
bool is_never_text(const GumboNode* node);

// The blocks under @p node, leaving out what is never text and what @p skip refuses.
std::vector<TextBlock> render_blocks(const GumboNode* node,
                                     const std::function<bool(const GumboNode*)>& skip = {});

// The blocks' texts, one per line.
std::string join_blocks(const std::vector<TextBlock>& blocks);

}  // namespace crible::web
