#pragma once
// Reader comments where an HTML page marks them: schema.org Comment microdata, and the
// markup of common comment systems (WordPress's li.comment / .comment-body, and the
// like: an element whose class or id says "comment", with an author, a date and a
// text inside). A comment nested in another answers it.

#include <optional>
#include <string>
#include <vector>

#include "web/html_tree.h"

namespace crible::web {

struct PageComment {
  std::string author;
  std::string text;                     // paragraphs, one per line
  std::string date;                     // ISO 8601, or empty
  std::optional<std::size_t> reply_to;  // index of the comment it answers
};

// The page's comments, in page order.
std::vector<PageComment> read_page_comments(const HtmlTree& tree);

}  // namespace crible::web
