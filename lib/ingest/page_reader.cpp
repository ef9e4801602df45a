#include "ingest/page_reader.h"

#include <cstdint>
#include <cstdio>
#include <optional>
#include <unordered_set>

#include "core/hash.h"
#include "crible/error.h"
#include "ingest/threads.h"

namespace crible::ingest {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr std::string_view kAttributionStart = "\xE2\x80\x94 ";  // "— ": U+2014 and a space
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";
constexpr std::string_view kCommentsMarker = "Vos commentaires";
constexpr std::string_view kHeadingStart = "Et aussi";
constexpr std::string_view kPremiumMarker = "Premium";
constexpr std::string_view kTeaserMarker = "-";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

// Only ASCII white space is trimmed: the bytes in between pass through unchanged,
// whatever their encoding.
std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return text;
}

std::string_view without_bom(std::string_view text) {
  if (text.starts_with(kBom)) text.remove_prefix(kBom.size());
  return text;
}

// Lines are split on '\n' only; the '\r' of CRLF and other edge blanks go with trim().
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  for (std::size_t end = text.find('\n'); end != std::string_view::npos;
       end = text.find('\n', start)) {
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  lines.push_back(text.substr(start));
  return lines;
}

std::string join_lines(const std::vector<std::string_view>& parts) {
  std::string joined;
  for (std::string_view part : parts) {
    if (!joined.empty()) joined += '\n';
    joined += part;
  }
  return joined;
}

bool is_comments_marker(std::string_view line) {
  return line.starts_with(kCommentsMarker);
}

// "Et aussi un intérêt pour …", but not a sentence opening with "Et aussitôt".
bool is_heading(std::string_view line) {
  if (!line.starts_with(kHeadingStart)) return false;
  const std::string_view rest = line.substr(kHeadingStart.size());
  return rest.empty() || rest.front() == ' ' || rest.starts_with(kNoBreakSpace);
}

bool is_url_line(std::string_view line) {
  for (std::string_view scheme : {"http://", "https://"}) {
    if (line.starts_with(scheme) && line.size() > scheme.size()) {
      for (char c : line)
        if (is_space(c)) return false;
      return true;
    }
  }
  return false;
}

// Plain decimal digits only (no sign, no spaces), at most @p max_digits of them.
std::optional<int> parse_number(std::string_view digits, std::size_t max_digits) {
  if (digits.empty() || digits.size() > max_digits) return std::nullopt;
  int value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string two_digits(int value) {
  return {static_cast<char>('0' + value / 10), static_cast<char>('0' + value % 10)};
}

// 1 to 12 for an English month name, 0 otherwise.
int month_number(std::string_view name) {
  static constexpr std::string_view kMonths[] = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};
  for (int month = 0; month < 12; ++month)
    if (name == kMonths[month]) return month + 1;
  return 0;
}

// "February 19, 2021" -> "2021-02-19".
std::optional<std::string> iso_date(std::string_view text) {
  const std::size_t space = text.find(' ');
  const std::size_t comma = text.find(", ");
  if (space == std::string_view::npos || comma == std::string_view::npos || comma < space)
    return std::nullopt;
  const int month = month_number(text.substr(0, space));
  const auto day = parse_number(text.substr(space + 1, comma - space - 1), 2);
  const std::string_view year_text = text.substr(comma + 2);
  const bool four_digit_year = year_text.size() == 4 && parse_number(year_text, 4);
  if (month == 0 || !day || *day < 1 || *day > 31 || !four_digit_year) return std::nullopt;
  return std::string(year_text) + "-" + two_digits(month) + "-" + two_digits(*day);
}

// "— Charles Gasparino (@CGasparino) February 19, 2021": who posted the paragraph
// above it. The date may be missing; anything else unexpected means this is not an
// attribution but ordinary text.
std::optional<Quote> parse_attribution(std::string_view line) {
  if (!line.starts_with(kAttributionStart)) return std::nullopt;
  line.remove_prefix(kAttributionStart.size());
  const std::size_t open = line.rfind(" (@");
  if (open == std::string_view::npos) return std::nullopt;
  const std::size_t close = line.find(')', open);
  if (close == std::string_view::npos) return std::nullopt;
  Quote quote;
  quote.author = trim(line.substr(0, open));
  quote.handle = line.substr(open + 2, close - open - 2);
  if (quote.author.empty() || quote.handle.size() < 2 ||
      quote.handle.find(' ') != std::string::npos)
    return std::nullopt;
  const std::string_view date = trim(line.substr(close + 1));
  if (!date.empty()) {
    auto iso = iso_date(date);
    if (!iso) return std::nullopt;
    quote.date = std::move(*iso);
  }
  // The embed's English month names are the page's only hint of the tweet's language.
  quote.lang = "en";
  return quote;
}

// Builds the article and its comments from the page's non-blank lines after the title.
// The page reads top to bottom through three sections: body, teasers, comments.
class PageBuilder {
 public:
  PageBuilder(std::string_view title, const std::string& source, const std::string& id) {
    page_.article.id = id.empty() ? page_article_id(title) : id;
    page_.article.type = DocumentType::article;
    page_.article.title = title;
    page_.article.source = source;
  }

  // @p line: trimmed, not blank.
  void add(std::string_view line) {
    if (is_comments_marker(line)) return start_comments();
    switch (section_) {
      case Section::body:
        return body_line(line);
      case Section::teasers:
        return teaser_line(line);
      case Section::comments:
        return comment_line(line);
    }
  }

  PageParse finish() && {
    close_teaser();
    page_.article.body = join_lines(paragraphs_);
    number_comments(page_.comments, page_.article.id);
    return std::move(page_);
  }

 private:
  enum class Section { body, teasers, comments };

  void body_line(std::string_view line) {
    if (line == kTeaserMarker) {
      section_ = Section::teasers;
      return;
    }
    if (auto quote = parse_attribution(line); quote && last_is_plain_paragraph_) {
      // The paragraph above was the tweet: it is someone else's words, not the body's.
      quote->text = paragraphs_.back();
      paragraphs_.pop_back();
      page_.article.quotes.push_back(std::move(*quote));
      last_is_plain_paragraph_ = false;
      return;
    }
    const bool heading = is_heading(line);
    if (heading) page_.article.headings.emplace_back(line);
    paragraphs_.push_back(line);
    last_is_plain_paragraph_ = !heading;
  }

  void teaser_line(std::string_view line) {
    if (line == kTeaserMarker)
      close_teaser();
    else
      teaser_.push_back(line);
  }

  void close_teaser() {
    if (!teaser_.empty()) page_.article.related.push_back(join_lines(teaser_));
    teaser_.clear();
  }

  // A second "Vos commentaires Page 2 / 2" (pages scraped one after another) is
  // a page marker again, not a comment.
  void start_comments() {
    if (section_ == Section::comments) return;
    close_teaser();
    section_ = Section::comments;
    quotable_.insert(paragraphs_.begin(), paragraphs_.end());
  }

  void comment_line(std::string_view line) {
    if (line == kPremiumMarker) {
      next_premium_ = true;
    } else if (quotable_.contains(line)) {
      if (!next_quote_.empty()) next_quote_ += '\n';
      next_quote_ += line;
    } else if (is_url_line(line) && continues_previous_comment()) {
      page_.comments.back().body.append("\n").append(line);
    } else {
      add_comment(line);
    }
  }

  // A link on its own line belongs to the comment above it, unless a marker since
  // then ("Premium", a quote) says a new comment has begun.
  bool continues_previous_comment() const {
    return !page_.comments.empty() && !next_premium_ && next_quote_.empty();
  }

  void add_comment(std::string_view body) {
    Document comment;
    comment.type = DocumentType::comment;
    comment.parent = page_.article.id;
    comment.body = body;
    comment.source = page_.article.source;
    comment.premium = next_premium_;
    comment.quote = std::move(next_quote_);
    next_premium_ = false;
    next_quote_.clear();
    page_.comments.push_back(std::move(comment));
  }

  PageParse page_;
  Section section_ = Section::body;
  std::vector<std::string_view> paragraphs_;       // the body, as views into the input
  bool last_is_plain_paragraph_ = false;           // so it may still turn out to be a tweet
  std::vector<std::string_view> teaser_;           // the teaser being read
  std::unordered_set<std::string_view> quotable_;  // body paragraphs a comment may repeat
  bool next_premium_ = false;
  std::string next_quote_;
};

// Why the first non-blank line cannot be a title, or empty when it can.
std::string_view title_problem(std::string_view line) {
  if (is_comments_marker(line)) return "no title line: the page starts with its comments";
  if (line == kTeaserMarker) return "no title line: the page starts with a related-article teaser";
  return {};
}

}  // namespace

PageParse parse_page(std::string_view text, const std::string& source,
                     const std::string& article_id) {
  if (text.empty()) throw ParseError(source, 1, "empty page: no title line");
  const std::vector<std::string_view> lines = split_lines(without_bom(text));
  std::size_t index = 0;
  while (index < lines.size() && trim(lines[index]).empty())
    ++index;
  if (index == lines.size()) throw ParseError(source, lines.size(), "blank page: no title line");
  const std::string_view title = trim(lines[index]);
  if (const std::string_view problem = title_problem(title); !problem.empty())
    throw ParseError(source, index + 1, std::string(problem));

  PageBuilder builder(title, source, article_id);
  for (++index; index < lines.size(); ++index) {
    const std::string_view line = trim(lines[index]);
    if (!line.empty()) builder.add(line);
  }
  return std::move(builder).finish();
}

bool looks_like_page(std::string_view head) {
  const std::vector<std::string_view> lines = split_lines(without_bom(head));
  std::size_t first = 0;
  while (first < lines.size() && trim(lines[first]).empty())
    ++first;
  if (first == lines.size() || trim(lines[first]).front() == '{') return false;
  // The blank line must be complete (a line follows it): a head cut just after the
  // first line proves nothing.
  if (first + 2 < lines.size() && trim(lines[first + 1]).empty()) return true;
  for (std::size_t index = first + 1; index < lines.size(); ++index)
    if (is_comments_marker(trim(lines[index]))) return true;
  return false;
}

std::optional<Quote> parse_tweet_attribution(std::string_view line) {
  return parse_attribution(line);
}

std::string page_article_id(std::string_view title) {
  return "page-" + core::fnv1a64_hex(trim(title));
}

}  // namespace crible::ingest
