#include "search/snippets.h"

#include <algorithm>
#include <cctype>

namespace crible::search {
namespace {

constexpr std::string_view kEllipsis = "…";

// A stem term of a field ("ZSeconom", title:) as the plain term a text token carries.
std::string without_field_prefix(const std::string& term) {
  if (term.size() > 2 && term[0] == 'Z' && term[1] == 'S') return "Z" + term.substr(2);
  if (term.size() > 1 && term[0] == 'S') return term.substr(1);
  return term;
}

bool is_prefixed(const std::string& term) {
  return !term.empty() && term[0] >= 'A' && term[0] <= 'Z' && term[0] != 'Z' && term[0] != 'S';
}

template <typename MatchList>
std::vector<Highlight> merged(MatchList matches) {
  std::sort(matches.begin(), matches.end(),
            [](const auto& a, const auto& b) { return a.start < b.start; });
  std::vector<Highlight> out;
  for (const auto& match : matches) {
    if (!out.empty() && match.start <= out.back().end)
      out.back().end = std::max(out.back().end, match.end);
    else
      out.push_back({match.start, match.end});
  }
  return out;
}

// Collects the query's words into groups, skipping what a matching document cannot
// contain (the right side of AND_NOT).
void collect(const Xapian::Query& query, QueryTerms& out, int group) {
  const auto type = query.get_type();
  if (type == Xapian::Query::LEAF_TERM) {
    const std::string name = *query.get_terms_begin();
    const auto id = group >= 0 ? static_cast<unsigned>(group) : out.groups;
    if (name.rfind("XE", 0) == 0) {
      if (out.entities.emplace(name.substr(2), id).second && group < 0) ++out.groups;
    } else if (!is_prefixed(name)) {
      if (out.terms.emplace(without_field_prefix(name), id).second && group < 0) ++out.groups;
    }
    return;
  }
  if (type == Xapian::Query::OP_SYNONYM && group < 0) {
    const unsigned id = out.groups;
    const std::size_t before = out.terms.size() + out.entities.size();
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
      collect(query.get_subquery(i), out, static_cast<int>(id));
    if (out.terms.size() + out.entities.size() > before) ++out.groups;
    return;
  }
  const std::size_t children = type == Xapian::Query::OP_AND_NOT ? 1 : query.get_num_subqueries();
  for (std::size_t i = 0; i < children; ++i)
    collect(query.get_subquery(i), out, group);
}

// Where the piece of text analysed next ends: the end of its paragraph, or of the
// first sentence after kChunkBytes (a news paragraph is often the whole article).
// Sentences end at ". ", "! ", "? " after a word of two letters or more: "D. Trump"
// and "U.S. " stay whole, as entity aliases need.
constexpr std::size_t kChunkBytes = 320;

std::size_t chunk_end(std::string_view text, std::size_t from) {
  const std::size_t newline = text.find('\n', from);
  const std::size_t paragraph_end = newline == std::string_view::npos ? text.size() : newline + 1;
  for (std::size_t i = from + kChunkBytes; i + 1 < paragraph_end; ++i) {
    if ((text[i] != '.' && text[i] != '!' && text[i] != '?') || text[i + 1] != ' ') continue;
    const bool word_before = i >= 2 && std::isalpha(static_cast<unsigned char>(text[i - 1])) &&
                             std::isalpha(static_cast<unsigned char>(text[i - 2]));
    if (word_before || text[i] != '.') return i + 2;
  }
  return paragraph_end;
}

}  // namespace

QueryTerms QueryTerms::of(const Xapian::Query& query, const std::vector<std::string>& wildcards) {
  QueryTerms out;
  collect(query, out, -1);
  for (const std::string& wildcard : wildcards)
    out.wildcards.emplace_back(wildcard, out.groups++);
  return out;
}

void SnippetMaker::scan(std::string_view paragraph, std::size_t offset, std::string_view language,
                        const QueryTerms& query) {
  analyzer_.analyze(paragraph, paragraph_, language);
  for (const Token& token : paragraph_) {
    const std::size_t start = token.start + offset, end = token.end + offset;
    words_.emplace_back(start, end);
    const auto term = std::find_if(token.terms.begin(), token.terms.end(),
                                   [&](const std::string& t) { return query.terms.count(t) > 0; });
    if (term != token.terms.end()) {
      found_.push_back({start, end, query.terms.at(*term)});
    } else if (!token.folded.empty()) {
      for (const auto& [prefix, group] : query.wildcards)
        if (token.folded.rfind(prefix, 0) == 0) {
          found_.push_back({start, end, group});
          break;
        }
    }
  }
  if (gazetteer_ && !query.entities.empty())
    for (const EntityMention& mention : gazetteer_->match(paragraph, paragraph_, evidence_))
      if (const auto entity = query.entities.find(mention.id); entity != query.entities.end())
        found_.push_back({mention.start + offset, mention.end + offset, entity->second});
}

Snippet SnippetMaker::make(std::string_view text, std::string_view language,
                           const QueryTerms& query, std::size_t bytes) {
  words_.clear();
  found_.clear();
  std::vector<bool> seen(query.groups, false);
  std::size_t seen_count = 0;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = chunk_end(text, at);
    const std::size_t before = found_.size();
    scan(text.substr(at, end - at), at, language, query);
    for (std::size_t i = before; i < found_.size(); ++i)
      if (!seen[found_[i].group]) seen[found_[i].group] = true, ++seen_count;
    at = end;
    const bool complete = query.groups == 0 ? at >= bytes  // nothing to find: the start
                                            : !found_.empty() && seen_count == query.groups &&
                                                  at >= found_.front().start + bytes;
    if (complete) break;
  }
  return cut(text, bytes);
}

Snippet SnippetMaker::cut(std::string_view text, std::size_t bytes) const {
  // The window with the most different query words (then the most matches), starting
  // a little before its first match so the reader sees some context.
  std::vector<Match> found = found_;
  std::sort(found.begin(), found.end(),
            [](const Match& a, const Match& b) { return a.start < b.start; });
  const std::size_t lead = bytes / 5;
  std::size_t window_start = 0;
  double best = -1;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const std::size_t from = found[i].start > lead ? found[i].start - lead : 0;
    std::vector<unsigned> groups;
    std::size_t count = 0;
    for (std::size_t j = i; j < found.size() && found[j].end <= from + bytes; ++j) {
      ++count;
      if (std::find(groups.begin(), groups.end(), found[j].group) == groups.end())
        groups.push_back(found[j].group);
    }
    const double score = static_cast<double>(groups.size()) + 0.01 * static_cast<double>(count);
    if (score > best) best = score, window_start = from;
  }

  // Cut at token boundaries: the first token starting in the window, the last ending in it.
  std::size_t start = text.size(), end = 0;
  for (const auto& [word_start, word_end] : words_) {
    if (word_start >= window_start && word_start < start) start = word_start;
    if (word_start >= window_start && word_end <= window_start + bytes)
      end = std::max(end, word_end);
  }
  if (window_start == 0) start = 0;
  if (start >= end) {  // no token fits (one huge word): take the window's first token whole
    start = std::min(start, text.size());
    end = start;
    for (const auto& [word_start, word_end] : words_)
      if (word_start >= start) {
        end = word_end;
        break;
      }
  }
  // Closing punctuation right after the last word belongs to the snippet.
  while (end < text.size() && end < window_start + bytes &&
         (text[end] == '.' || text[end] == ',' || text[end] == '!' || text[end] == '?'))
    ++end;

  Snippet snippet;
  const std::string_view before = start > 0 ? kEllipsis : std::string_view();
  snippet.text.append(before).append(text.substr(start, end - start));
  if (end < text.size()) snippet.text.append(kEllipsis);
  for (char& c : snippet.text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  std::vector<Highlight> inside;
  for (const Match& match : found)
    if (match.start >= start && match.end <= end)
      inside.push_back({match.start - start + before.size(), match.end - start + before.size()});
  snippet.highlights = merged(std::move(inside));
  return snippet;
}

}  // namespace crible::search

namespace crible {

std::string Snippet::html() const {
  std::string out;
  std::size_t next = 0;  // next highlight
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (next < highlights.size() && highlights[next].start == i) out += "<b>";
    switch (text[i]) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += text[i];
    }
    if (next < highlights.size() && highlights[next].end == i + 1) {
      out += "</b>";
      ++next;
    }
  }
  return out;
}

}  // namespace crible
