#include "search/snippets.h"

#include <algorithm>

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

struct Match {
  std::size_t start, end;
  std::string key;  // what matched: windows with more different keys win
};

std::vector<Highlight> merged(std::vector<Match> matches) {
  std::sort(matches.begin(), matches.end(),
            [](const Match& a, const Match& b) { return a.start < b.start; });
  std::vector<Highlight> out;
  for (const Match& match : matches) {
    if (!out.empty() && match.start <= out.back().end)
      out.back().end = std::max(out.back().end, match.end);
    else
      out.push_back({match.start, match.end});
  }
  return out;
}

}  // namespace

QueryTerms QueryTerms::of(const Xapian::Query& query, const std::vector<std::string>& wildcards) {
  QueryTerms out;
  for (auto term = query.get_unique_terms_begin(); term != query.get_unique_terms_end(); ++term) {
    const std::string& name = *term;
    if (name.rfind("XE", 0) == 0)
      out.entities.insert(name.substr(2));
    else if (!is_prefixed(name))
      out.terms.insert(without_field_prefix(name));
  }
  out.wildcards = wildcards;
  return out;
}

Snippet SnippetMaker::make(std::string_view text, std::string_view language,
                           const QueryTerms& query, std::size_t bytes) {
  analyzer_.analyze(text, tokens_, language);
  std::vector<Match> found;
  for (const Token& token : tokens_) {
    // The key is the query term matched: "groupe" and "groupes" count once.
    const auto term = std::find_if(token.terms.begin(), token.terms.end(),
                                   [&](const std::string& t) { return query.terms.count(t) > 0; });
    if (term != token.terms.end()) {
      found.push_back({token.start, token.end, *term});
      continue;
    }
    const auto wildcard =
        std::find_if(query.wildcards.begin(), query.wildcards.end(),
                     [&](const std::string& w) { return token.folded.rfind(w, 0) == 0; });
    if (!token.folded.empty() && wildcard != query.wildcards.end())
      found.push_back({token.start, token.end, *wildcard});
  }
  if (gazetteer_ && !query.entities.empty())
    for (const EntityMention& mention : gazetteer_->match(text, tokens_))
      if (query.entities.count(mention.id))
        found.push_back({mention.start, mention.end, mention.id});

  // The window with the most different matches (then the most matches), starting a
  // little before its first match so the reader sees some context.
  const std::size_t lead = bytes / 5;
  std::size_t window_start = 0;
  std::sort(found.begin(), found.end(),
            [](const Match& a, const Match& b) { return a.start < b.start; });
  double best = -1;
  for (std::size_t i = 0; i < found.size(); ++i) {
    const std::size_t from = found[i].start > lead ? found[i].start - lead : 0;
    std::vector<std::string_view> keys;
    std::size_t count = 0;
    for (std::size_t j = i; j < found.size() && found[j].end <= from + bytes; ++j) {
      ++count;
      if (std::find(keys.begin(), keys.end(), found[j].key) == keys.end())
        keys.push_back(found[j].key);
    }
    const double score = static_cast<double>(keys.size()) + 0.01 * static_cast<double>(count);
    if (score > best) best = score, window_start = from;
  }

  // Cut at token boundaries: the first token starting in the window, the last ending in it.
  std::size_t start = text.size(), end = 0;
  for (const Token& token : tokens_) {
    if (token.start >= window_start && token.start < start) start = token.start;
    if (token.start >= window_start && token.end <= window_start + bytes)
      end = std::max(end, token.end);
  }
  if (window_start == 0) start = 0;
  if (start >= end) {  // no token fits (one huge word): take the window's first token whole
    start = std::min(start, text.size());
    end = start;
    for (const Token& token : tokens_)
      if (token.start >= start) {
        end = token.end;
        break;
      }
  }
  // Closing punctuation right after the last word belongs to the snippet (".", "»").
  while (end < text.size() && end < window_start + bytes &&
         (text[end] == '.' || text[end] == ',' || text[end] == '!' || text[end] == '?'))
    ++end;

  Snippet snippet;
  const std::string_view before = start > 0 ? kEllipsis : std::string_view();
  snippet.text.append(before).append(text.substr(start, end - start));
  if (end < text.size()) snippet.text.append(kEllipsis);
  for (char& c : snippet.text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  std::vector<Match> inside;
  for (const Match& match : found)
    if (match.start >= start && match.end <= end)
      inside.push_back(
          {match.start - start + before.size(), match.end - start + before.size(), {}});
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
