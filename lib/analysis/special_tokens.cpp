#include "analysis/special_tokens.h"

#include <unicode/uchar.h>

#include "analysis/unicode_fold.h"

namespace crible::analysis {
namespace {

// Xapian refuses terms longer than 245 bytes; keep a margin for the prefix.
constexpr std::size_t kMaxTermBytes = 240;
constexpr std::int32_t kMaxHandleLength = 50;
constexpr std::int32_t kMaxCashtagLength = 6;

bool is_word_unit(char16_t c) {
  if (c < 0x80)  // this runs before every word: spare ICU the common case
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9') ||
           c == u'_';
  return u_isalnum(c);
}

bool is_ascii_alnum(char16_t c) {
  return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9');
}
bool is_ascii_alpha(char16_t c) {
  return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool starts_word(std::u16string_view text, std::size_t i) {
  return i == 0 || !is_word_unit(text[i - 1]);
}

bool matches_ascii_nocase(std::u16string_view text, std::size_t i, std::u16string_view lower) {
  if (i + lower.size() > text.size()) return false;
  for (std::size_t k = 0; k < lower.size(); ++k) {
    char16_t c = text[i + k];
    if (c >= u'A' && c <= u'Z') c = static_cast<char16_t>(c + (u'a' - u'A'));
    if (c != lower[k]) return false;
  }
  return true;
}

std::string ascii_lower_utf8(std::u16string_view s) {
  std::string out = to_utf8(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return out;
}

// Where a URL starting at @p i ends: at white space, quotes, angle brackets or a
// replacement character, minus trailing punctuation that belongs to the sentence.
std::size_t url_end(std::u16string_view text, std::size_t i) {
  std::size_t end = i;
  while (end < text.size()) {
    const char16_t c = text[end];
    if (u_isUWhiteSpace(c) || c == u'"' || c == u'<' || c == u'>' || c == 0x00AB || c == 0x00BB ||
        c == 0xFFFD || c == u'\'' || c == u'`')
      break;
    ++end;
  }
  int open_parens = 0;
  for (std::size_t k = i; k < end; ++k)
    open_parens += text[k] == u'(' ? 1 : text[k] == u')' ? -1 : 0;
  while (end > i) {
    const char16_t c = text[end - 1];
    if (c == u')' && open_parens < 0) {
      ++open_parens;
      --end;
    } else if (c == u'.' || c == u',' || c == u';' || c == u':' || c == u'!' || c == u'?' ||
               c == u']' || c == u'}') {
      --end;
    } else {
      break;
    }
  }
  return end;
}

std::size_t scheme_length(std::u16string_view text, std::size_t i) {
  if (matches_ascii_nocase(text, i, u"https://")) return 8;
  if (matches_ascii_nocase(text, i, u"http://")) return 7;
  if (matches_ascii_nocase(text, i, u"www.")) return 0;
  return std::u16string_view::npos;
}

// Top-level domains that make a bare "name.tld" an address ("lefigaro.fr/medias/x",
// "microsoft.com"): common ones only, so that "genre.Elle" or "M.Dupont" stay words.
bool is_known_tld(std::u16string_view label) {
  static constexpr std::u16string_view kTlds[] = {
      u"fr", u"com", u"org", u"net", u"eu", u"io", u"co", u"info", u"uk",  u"de",   u"be",  u"ch",
      u"ca", u"it",  u"es",  u"us",  u"tv", u"me", u"ai", u"app",  u"dev", u"news", u"biz", u"gov"};
  std::u16string lower(label);
  for (char16_t& ch : lower)
    if (ch >= u'A' && ch <= u'Z') ch = static_cast<char16_t>(ch + (u'a' - u'A'));
  for (std::u16string_view tld : kTlds)
    if (lower == tld) return true;
  return false;
}

// Where a bare domain starting at @p i ends ("lefigaro.fr"), or 0: labels of ASCII
// letters, digits and hyphens joined by single dots, the last one a known TLD.
std::size_t bare_domain_end(std::u16string_view text, std::size_t i) {
  std::size_t labels = 0, label_start = i, end = i;
  while (true) {
    while (end < text.size() && (is_ascii_alnum(text[end]) || text[end] == u'-'))
      ++end;
    if (end == label_start) return 0;
    ++labels;
    if (end + 1 < text.size() && text[end] == u'.' && is_ascii_alnum(text[end + 1])) {
      label_start = ++end;
      continue;
    }
    break;
  }
  if (labels < 2 || !is_known_tld(text.substr(label_start, end - label_start))) return 0;
  if (end < text.size() && (is_word_unit(text[end]) || text[end] == u'@')) return 0;
  return end;
}

// Where a URL starting at @p i ends, or 0 when there is none: "http(s)://...",
// "www....", or a bare domain, with its path when one follows.
std::size_t url_at(std::u16string_view text, std::size_t i) {
  const std::size_t scheme = scheme_length(text, i);
  if (scheme != std::u16string_view::npos) {
    const std::size_t end = url_end(text, i);
    return end > i + scheme + 3 ? end : 0;  // not "http://" alone, nor "www.x"
  }
  const std::size_t host_end = bare_domain_end(text, i);
  if (host_end == 0) return 0;
  return host_end < text.size() && text[host_end] == u'/' ? url_end(text, i) : host_end;
}

bool is_email_local_unit(char16_t c) {
  return is_ascii_alnum(c) || c == u'.' || c == u'_' || c == u'%' || c == u'+' || c == u'-';
}
bool is_domain_unit(char16_t c) {
  return is_ascii_alnum(c) || c == u'.' || c == u'-';
}

// An e-mail address around the '@' at @p at, or false.
bool find_email(std::u16string_view text, std::size_t at, std::size_t floor, std::size_t& begin,
                std::size_t& end) {
  begin = at;
  while (begin > floor && is_email_local_unit(text[begin - 1]))
    --begin;
  while (begin < at && !is_ascii_alnum(text[begin]))
    ++begin;  // no leading dots
  if (begin == at || !starts_word(text, begin)) return false;
  end = at + 1;
  while (end < text.size() && is_domain_unit(text[end]))
    ++end;
  while (end > at + 1 && (text[end - 1] == u'.' || text[end - 1] == u'-'))
    --end;
  const std::u16string_view domain = text.substr(at + 1, end - at - 1);
  return domain.size() >= 3 && domain.find(u'.') != std::u16string_view::npos &&
         domain.front() != u'.' && (end == text.size() || !is_word_unit(text[end]));
}

void add_term(std::vector<std::string>& terms, std::string term) {
  if (term.size() <= kMaxTermBytes) terms.push_back(std::move(term));
}

}  // namespace

std::string url_host(std::string_view url) {
  std::size_t start = url.find("://");
  start = start == std::string_view::npos ? 0 : start + 3;
  std::size_t stop = url.find_first_of("/?#", start);
  std::string_view authority =
      url.substr(start, stop == std::string_view::npos ? url.npos : stop - start);
  if (const std::size_t at = authority.rfind('@'); at != std::string_view::npos)
    authority.remove_prefix(at + 1);
  if (const std::size_t colon = authority.find(':'); colon != std::string_view::npos)
    authority = authority.substr(0, colon);
  std::string host(authority);
  for (char& c : host)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  while (!host.empty() && host.back() == '.')
    host.pop_back();
  if (host.rfind("www.", 0) == 0) host.erase(0, 4);
  return host;
}

void find_special_tokens(std::u16string_view text, const UnicodeFolder& folder,
                         std::vector<SpecialSpan>& out) {
  std::size_t floor = 0;  // nothing before this belongs to a new token
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char16_t c = text[i];
    if (is_ascii_alnum(c) && starts_word(text, i)) {
      const std::size_t end = url_at(text, i);
      if (end == 0) continue;
      SpecialSpan span{
          static_cast<std::int32_t>(i), static_cast<std::int32_t>(end), TokenKind::url, {}};
      const std::string url = to_utf8(text.substr(i, end - i));
      const std::string host = url_host(url);
      if (host.find('.') == std::string::npos) continue;
      add_term(span.terms, "U" + url);
      add_term(span.terms, "H" + host);
      out.push_back(std::move(span));
      i = end - 1;
      floor = end;
    } else if (c == u'@') {
      std::size_t begin = 0, end = 0;
      if (find_email(text, i, floor, begin, end)) {
        if (!out.empty() && out.back().end > static_cast<std::int32_t>(begin)) continue;
        SpecialSpan span{
            static_cast<std::int32_t>(begin), static_cast<std::int32_t>(end), TokenKind::email, {}};
        add_term(span.terms, "XMAIL" + ascii_lower_utf8(text.substr(begin, end - begin)));
        out.push_back(std::move(span));
        i = end - 1;
        floor = end;
        continue;
      }
      if (!starts_word(text, i)) continue;
      std::size_t end_handle = i + 1;
      while (end_handle < text.size() &&
             (is_ascii_alnum(text[end_handle]) || text[end_handle] == u'_') &&
             end_handle - i <= kMaxHandleLength)
        ++end_handle;
      if (end_handle == i + 1 || (end_handle < text.size() && is_word_unit(text[end_handle])))
        continue;
      SpecialSpan span{static_cast<std::int32_t>(i),
                       static_cast<std::int32_t>(end_handle),
                       TokenKind::handle,
                       {}};
      add_term(span.terms, "XAT" + ascii_lower_utf8(text.substr(i + 1, end_handle - i - 1)));
      out.push_back(std::move(span));
      i = end_handle - 1;
      floor = end_handle;
    } else if (c == u'$' && starts_word(text, i)) {
      std::size_t end = i + 1;
      while (end < text.size() && is_ascii_alpha(text[end]) &&
             static_cast<std::int32_t>(end - i) <= kMaxCashtagLength)
        ++end;
      if (end == i + 1 || (end < text.size() && is_word_unit(text[end]))) continue;
      SpecialSpan span{
          static_cast<std::int32_t>(i), static_cast<std::int32_t>(end), TokenKind::cashtag, {}};
      add_term(span.terms, "XCT" + ascii_lower_utf8(text.substr(i + 1, end - i - 1)));
      out.push_back(std::move(span));
      i = end - 1;
      floor = end;
    } else if (c == u'#' && starts_word(text, i) && i + 1 < text.size() && u_isalpha(text[i + 1])) {
      std::size_t end = i + 1;
      while (end < text.size() && (is_word_unit(text[end]) || u_getCombiningClass(text[end]) != 0 ||
                                   u_charType(text[end]) == U_NON_SPACING_MARK))
        ++end;
      SpecialSpan span{
          static_cast<std::int32_t>(i), static_cast<std::int32_t>(end), TokenKind::hashtag, {}};
      add_term(span.terms, "K" + folder.fold_utf8(to_utf8(text.substr(i + 1, end - i - 1))));
      out.push_back(std::move(span));
      i = end - 1;
      floor = end;
    }
  }
}

}  // namespace crible::analysis
