#pragma once
// Word breaking: ICU's word rules, then crible's own splitting so that index terms
// come out as Xapian's QueryParser cuts query words (acronyms joined, elisions and
// dotted words split).

#include <unicode/utypes.h>

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

U_NAMESPACE_BEGIN
class BreakIterator;
U_NAMESPACE_END

namespace crible::analysis {

enum class WordKind { word, number };

struct WordSpan {
  std::int32_t begin = 0;  // the word as written, elision included (UTF-16 units)
  std::int32_t end = 0;
  std::int32_t core_begin = 0;  // the part that makes terms: elision removed
  std::int32_t core_end = 0;
  bool acronym = false;  // "U.S.A": the core's dots are to be dropped
  WordKind kind = WordKind::word;
};

class WordBreaker {
 public:
  WordBreaker();  // throws crible::Error if ICU's break rules are missing
  WordBreaker(const WordBreaker& other);
  WordBreaker& operator=(const WordBreaker& other);
  WordBreaker(WordBreaker&&) noexcept;
  WordBreaker& operator=(WordBreaker&&) noexcept;
  ~WordBreaker();

  // Appends the words of @p text to @p out, in order.
  void split(std::u16string_view text, std::vector<WordSpan>& out);

 private:
  std::unique_ptr<icu::BreakIterator> iterator_;
};

// Whether @p core (a word without elision) is an acronym "U.S.A": single capital
// letters separated by single dots, at least two letters.
bool is_acronym(std::u16string_view core) noexcept;

}  // namespace crible::analysis
