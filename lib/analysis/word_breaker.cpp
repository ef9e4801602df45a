#include "analysis/word_breaker.h"

#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/utext.h>

#include "analysis/elision.h"
#include "crible/error.h"

namespace crible::analysis {
namespace {

struct UTextCloser {
  void operator()(UText* text) const { utext_close(text); }
};

// Characters ICU's word rules allow inside a word (MidLetter, MidNum, MidNumLet) at
// which crible cuts, as Xapian's QueryParser does ("genre.Elle", "foo:bar"). The
// apostrophe (elision, "aujourd'hui"), '_' ("tiktok_us") and the middle dot
// ("lecteur·rice") stay inside words: QueryParser keeps them too.
bool is_inner_separator(char16_t c) {
  if (c < 0x80) {  // ASCII punctuation; ICU may join words over '.', ':', '@' (e-mail)...
    const bool punctuation = (c >= u'!' && c <= u'/') || (c >= u':' && c <= u'@') ||
                             (c >= u'[' && c <= u'`') || (c >= u'{' && c <= u'~');
    return punctuation && c != u'\'' && c != u'_';
  }
  if (c == 0x00B7) return false;
  return u_ispunct(c);
}

WordKind kind_of(std::int32_t rule_status) {
  return (rule_status >= UBRK_WORD_NUMBER && rule_status < UBRK_WORD_NUMBER_LIMIT)
             ? WordKind::number
             : WordKind::word;
}

bool is_digit(char16_t c) {
  return c < 0x80 ? (c >= u'0' && c <= u'9') : u_isdigit(c) != 0;
}

// Splits one ICU word segment [begin, end) into crible words.
void split_segment(std::u16string_view text, std::int32_t begin, std::int32_t end, WordKind kind,
                   std::vector<WordSpan>& out) {
  if (kind == WordKind::number) {  // "5,6", "1.000.000", "2021"
    out.push_back({begin, end, begin, end, false, kind});
    return;
  }
  // One pass for the common case: a plain word, maybe elided ("l'avion").
  std::int32_t apostrophe = -1;
  bool separated = false;
  for (std::int32_t i = begin; i < end; ++i) {
    const char16_t c = text[i];
    if (c == u'\'') {
      if (apostrophe < 0) apostrophe = i;
    } else if (is_inner_separator(c)) {
      separated = true;
      break;
    }
  }
  const std::u16string_view segment = text.substr(begin, end - begin);
  const auto elided = apostrophe < 0 ? 0 : static_cast<std::int32_t>(elision_length(segment));
  const std::int32_t core_begin = begin + elided;
  if (!separated) {
    out.push_back({begin, end, core_begin, end, false, kind});
    return;
  }
  if (is_acronym(text.substr(core_begin, end - core_begin))) {
    out.push_back({begin, end, core_begin, end, true, kind});
    return;
  }
  std::int32_t piece = core_begin;
  for (std::int32_t i = core_begin; i <= end; ++i) {
    if (i < end && !is_inner_separator(text[i])) continue;
    if (i > piece) {
      const std::int32_t display_begin = piece == core_begin ? begin : piece;
      const std::u16string_view piece_text = text.substr(piece, i - piece);
      // A piece after a dot can carry its own elision: "genre.L'idée".
      const auto piece_elision =
          piece == core_begin ? 0 : static_cast<std::int32_t>(elision_length(piece_text));
      out.push_back({display_begin, i, piece + piece_elision, i, false,
                     is_digit(text[piece]) ? WordKind::number : WordKind::word});
    }
    piece = i + 1;
  }
}

// An elided word that ICU leaves on its own because what follows its apostrophe is not
// a letter: "l'#TikTok", "d'$ORCL", "d'1,5", "l'@Oracle". It is dropped, as the
// elision of "l'avion" is, so that such text and the query typed from it meet.
bool is_bare_elision(std::u16string_view text, std::int32_t begin, std::int32_t end) {
  const auto after = static_cast<std::size_t>(end) + 1;
  if (after >= text.size() || text[end] != u'\'' || u_isUWhiteSpace(text[after])) return false;
  const std::u16string_view with_apostrophe = text.substr(begin, after + 1 - begin);
  return elision_length(with_apostrophe) == static_cast<std::size_t>(end - begin + 1);
}

}  // namespace

bool is_acronym(std::u16string_view core) noexcept {
  if (core.size() < 3 || core.size() % 2 == 0) return false;
  for (std::size_t i = 0; i < core.size(); ++i) {
    if (i % 2 == 0 ? !u_isupper(core[i]) : core[i] != u'.') return false;
  }
  return true;
}

WordBreaker::WordBreaker() {
  UErrorCode status = U_ZERO_ERROR;
  iterator_.reset(icu::BreakIterator::createWordInstance(icu::Locale::getFrench(), status));
  if (U_FAILURE(status) || !iterator_)
    throw Error(std::string("ICU word break rules unavailable: ") + u_errorName(status));
}

WordBreaker::WordBreaker(const WordBreaker& other) : iterator_(other.iterator_->clone()) {}

WordBreaker& WordBreaker::operator=(const WordBreaker& other) {
  if (this != &other) iterator_.reset(other.iterator_->clone());
  return *this;
}

WordBreaker::WordBreaker(WordBreaker&&) noexcept = default;
WordBreaker& WordBreaker::operator=(WordBreaker&&) noexcept = default;
WordBreaker::~WordBreaker() = default;

void WordBreaker::split(std::u16string_view text, std::vector<WordSpan>& out) {
  if (text.empty()) return;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UText, UTextCloser> utext(
      utext_openUChars(nullptr, text.data(), static_cast<int64_t>(text.size()), &status));
  iterator_->setText(utext.get(), status);
  if (U_FAILURE(status))
    throw Error(std::string("ICU word breaking failed: ") + u_errorName(status));
  std::int32_t begin = iterator_->first();
  for (std::int32_t end = iterator_->next(); end != icu::BreakIterator::DONE;
       begin = end, end = iterator_->next()) {
    const std::int32_t rule_status = iterator_->getRuleStatus();
    if (rule_status < UBRK_WORD_NONE_LIMIT) continue;  // spaces, punctuation, symbols
    if (is_bare_elision(text, begin, end)) continue;
    split_segment(text, begin, end, kind_of(rule_status), out);
  }
  // The iterator must not outlive the UText it points into.
  iterator_->setText(icu::UnicodeString());
}

}  // namespace crible::analysis
