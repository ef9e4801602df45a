#pragma once
/// @file
/// What crible indexes: news articles and reader comments.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "crible/export.h"

namespace crible {

/// The two kinds of document crible indexes; search with `type:` or SearchOptions::type.
enum class DocumentType {
  article,  ///< A news article: the start of a thread.
  comment   ///< A reader comment, under its article (Document::parent).
};

/// "article" or "comment".
CRIBLE_EXPORT std::string_view to_string(DocumentType type) noexcept;

/// A passage quoted inside an article, kept apart from its own words: an embedded
/// tweet ("— Name (@handle) Month D, YYYY"), a quoted statement.
struct Quote {
  std::string text;    ///< The quoted words; indexed after the body. Required.
  std::string author;  ///< "Charles Gasparino"
  std::string handle;  ///< "@CGasparino", when the quote is a post
  std::string date;    ///< ISO 8601, "2021-02-19"
  std::string lang;    ///< ISO 639-1 when known ("en"); analysed in that language
};

/// An article or a comment. Empty strings mean "not given".
struct Document {
  std::string id;                             ///< Required, unique in an index.
  DocumentType type = DocumentType::article;  ///< Article or comment.
  std::string parent;                         ///< A comment's article id.
  std::string title;   ///< Headline; its words rank higher and match `title:`.
  std::string body;    ///< Required. Paragraphs separated by '\n'.
  std::string author;  ///< Byline or commenter's name; matches `author:` (folded).
  std::string date;    ///< ISO 8601 ("2021-02-19", "2021-02-19T10:15:00Z").
  std::string url;     ///< Address of the document; its host matches `host:`.
  std::string lang;    ///< Declared language; empty: detected per paragraph.
  std::string source;  ///< Where the document came from (file, page).

  // Articles.
  std::vector<Quote> quotes;          ///< Embedded tweets and quotes, in page order.
  std::vector<std::string> headings;  ///< Section headings ("Et aussi un intérêt pour…").
  std::vector<std::string> related;   ///< Related-article teasers, not part of the body.

  // Comments.
  bool premium = false;  ///< The commenter is a premium member.
  std::string quote;     ///< Article text the comment quotes (not its own words).
  std::string reply_to;  ///< The comment this one answers.
  /// A comment's place in its page, 1-based; 0 when not given. Pages give comment ids
  /// from their content (they stay when comments are added above), the order here.
  std::size_t order = 0;

  /// Every other field of the input, as a JSON object ("{}" or empty when none),
  /// stored and given back as it came.
  std::string extra_json;
};

/// Documents read together. From a page (scraped text, HTML), an article and every
/// comment the page shows: @c complete, and indexing it replaces the whole thread
/// (IndexWriter::add(Thread)). Otherwise one document (a JSON line, a feed item).
struct Thread {
  std::vector<Document> documents;  ///< The article first when complete.
  bool complete = false;            ///< The documents are the article's whole thread.
};

/// Longest Document::id an index keeps: the id is a term (`Q<id>`) and a value, and
/// Xapian's terms are at most 245 bytes.
inline constexpr std::size_t kMaxDocumentIdBytes = 200;

/// Throws InvalidArgument, naming the document, for what no index can hold and give
/// back: no id, an id over kMaxDocumentIdBytes, no body. IndexWriter::add and
/// DocumentReader apply it; call it to refuse a document before it joins a batch.
CRIBLE_EXPORT void validate(const Document& document);

}  // namespace crible
