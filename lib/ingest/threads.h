#pragma once
// What every reader of pages (scraped text, HTML) does to the thread it read: comment
// ids from their content, the page order kept apart, and the article's date when the
// page gives none.

#include <string>
#include <vector>

#include "crible/document.h"

namespace crible::ingest {

// Gives each comment of a page its place (Document::order, 1-based, page order) and
// an id from its content: "<article id>#c" + 8 hex digits of FNV-1a 64 over its author
// and body, so that a comment keeps its id when others are added or removed above it.
// Two comments with the same author and words get "-2", "-3"... in page order.
void number_comments(std::vector<Document>& comments, const std::string& article_id);

// Where an article's date came from, stored as "date_from" beside its other fields.
inline constexpr const char* kDateFromField = "date_from";

// Dates @p article when its page gave no date: @p caller_date (ISO 8601, may be empty)
// first, else, as a last resort, the earliest date of its embedded quotes. Either way
// the document says so ("date_from": "caller" or "quote").
void date_article(Document& article, const std::string& caller_date);

// Sets @p key to @p value among the fields of @p document that crible does not know
// (Document::extra_json), replacing an earlier value.
void set_extra_field(Document& document, const std::string& key, const std::string& value);

}  // namespace crible::ingest
