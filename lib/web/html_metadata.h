#pragma once
// What an article page says about itself: schema.org JSON-LD (NewsArticle, Article,
// BlogPosting... and their Comment), OpenGraph, <meta> names, <title>, <link
// rel=canonical>, <html lang>. Each field from the first source that gives it, in
// that order.

#include <string>
#include <vector>

#include "web/html_tree.h"

namespace crible::web {

struct MarkedComment {  // a schema.org Comment of the JSON-LD
  std::string author;
  std::string text;
  std::string date;
};

struct PageMetadata {
  std::string title;                    // headline, og:title, <title> without the site's name
  std::string description;              // description, og:description
  std::string author;                   // author names, ", "-joined
  std::string date;                     // datePublished, article:published_time... (ISO 8601)
  std::string date_from;                // where date came from: "json-ld", "meta", "time"
  std::string modified;                 // dateModified, article:modified_time (ISO 8601)
  std::string publisher;                // publisher name
  std::string site_name;                // og:site_name, else publisher
  std::string url;                      // canonical URL, og:url, JSON-LD url
  std::string lang;                     // ISO 639-1 from inLanguage, <html lang>, og:locale
  std::string section;                  // articleSection, article:section
  std::string article_body;             // JSON-LD articleBody
  std::vector<MarkedComment> comments;  // JSON-LD comment
  std::vector<std::string> warnings;    // unreadable JSON-LD, say
};

PageMetadata read_metadata(const HtmlTree& tree);

}  // namespace crible::web
