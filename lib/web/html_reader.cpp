#include "web/html_reader.h"

#include <nlohmann/json.hpp>

#include "crible/error.h"
#include "ingest/page_reader.h"
#include "ingest/threads.h"
#include "web/charset.h"
#include "web/html_comments.h"
#include "web/html_metadata.h"
#include "web/main_content.h"

namespace crible::web {

namespace {

std::string extra_fields(const PageMetadata& metadata, const std::string& encoding) {
  nlohmann::ordered_json extra = nlohmann::ordered_json::object();
  const auto put = [&extra](const char* key, const std::string& value) {
    if (!value.empty()) extra[key] = value;
  };
  put("site_name", metadata.site_name);
  put("publisher", metadata.publisher);
  put("description", metadata.description);
  put("section", metadata.section);
  put("date_modified", metadata.modified);
  put(ingest::kDateFromField, metadata.date_from);
  if (encoding != "UTF-8") put("encoding", encoding);
  return extra.empty()
             ? std::string()
             : extra.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

std::vector<Document> comments_of(const HtmlTree& tree, const PageMetadata& metadata,
                                  const Document& article) {
  std::vector<PageComment> found = read_page_comments(tree);
  if (found.empty())
    for (const MarkedComment& marked : metadata.comments)
      found.push_back({marked.author, marked.text, marked.date, std::nullopt});
  std::vector<Document> comments;
  for (PageComment& page_comment : found) {
    Document comment;
    comment.type = DocumentType::comment;
    comment.parent = article.id;
    comment.author = std::move(page_comment.author);
    comment.body = std::move(page_comment.text);
    comment.date = std::move(page_comment.date);
    comment.source = article.source;
    comment.lang = article.lang;
    comments.push_back(std::move(comment));
  }
  ingest::number_comments(comments, article.id);
  for (std::size_t i = 0; i < found.size(); ++i)
    if (found[i].reply_to) comments[i].reply_to = comments[*found[i].reply_to].id;
  return comments;
}

}  // namespace

HtmlPage read_html_page(std::string_view bytes, const HtmlOptions& options) {
  HtmlPage page;
  Decoded decoded = decode_markup(bytes, options.charset, Markup::html);
  page.warnings = std::move(decoded.warnings);
  try {
    const HtmlTree tree(decoded.text);
    PageMetadata metadata = read_metadata(tree);
    for (std::string& warning : metadata.warnings)
      page.warnings.push_back(std::move(warning));
    MainContent content = extract_main_content(tree, metadata.title);

    Document& article = page.article;
    article.type = DocumentType::article;
    article.title = metadata.title;
    article.author = metadata.author;
    article.date = metadata.date;
    article.url = metadata.url;
    article.lang = metadata.lang;
    article.source = options.source;
    article.id = !options.id.empty()     ? options.id
                 : !metadata.url.empty() ? ingest::page_article_id(metadata.url)
                                         : ingest::page_article_id(metadata.title);
    for (const TextBlock& block : content.blocks)
      if (block.kind == TextBlock::Kind::heading) article.headings.push_back(block.text);
    article.body = join_blocks(content.blocks);
    if (article.body.empty()) article.body = metadata.article_body;
    if (article.body.empty()) article.body = metadata.description;
    if (article.body.empty())
      throw ParseError(options.source, 1,
                       "HTML page with no text: no paragraph, no articleBody, no description");
    article.quotes = std::move(content.tweets);
    article.extra_json = extra_fields(metadata, decoded.encoding);
    page.comments = comments_of(tree, metadata, article);
  } catch (const InvalidArgument& e) {
    throw ParseError(options.source, 1, e.what());
  }
  return page;
}

std::string html_fragment_text(std::string_view utf8) {
  const HtmlTree tree(utf8);
  return join_blocks(render_blocks(tree.body(), [](const GumboNode* node) {
    return is_boilerplate(node) && !is_element(node, GUMBO_TAG_FOOTER);
  }));
}

}  // namespace crible::web
