#include "search/vocabulary.h"

#include <algorithm>

#include "core/edit_distance.h"

namespace crible::search {

namespace {

bool is_word_start(unsigned char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Fewer typos first, then most frequent, then alphabetical (a stable order for ties).
bool more_useful(const VocabularyWord& a, const VocabularyWord& b) {
  if (a.typos != b.typos) return a.typos < b.typos;
  if (a.documents != b.documents) return a.documents > b.documents;
  return a.term < b.term;
}

// Keeps the @p limit best of @p words, in order.
std::vector<VocabularyWord> best(std::vector<VocabularyWord> words, std::size_t limit) {
  const std::size_t kept = std::min(limit, words.size());
  std::partial_sort(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(kept), words.end(),
                    more_useful);
  words.resize(kept);
  return words;
}

// The first code point of @p text, as UTF-8.
std::string_view first_letter(std::string_view text) {
  if (text.empty()) return text;
  std::size_t length = 1;
  while (length < text.size() && (static_cast<unsigned char>(text[length]) & 0xC0) == 0x80)
    ++length;
  return text.substr(0, length);
}

// Calls @p visit(term, documents) for each word term of @p database starting with @p prefix.
template <class Visit>
void each_word(const Xapian::Database& database, std::string_view prefix, Visit&& visit) {
  const std::string start(prefix);
  const Xapian::TermIterator end = database.allterms_end(start);
  for (auto term = database.allterms_begin(start); term != end; ++term) {
    const std::string& name = *term;
    if (is_word_term(name)) visit(name, term.get_termfreq());
  }
}

}  // namespace

bool is_word_term(std::string_view term) noexcept {
  return !term.empty() && is_word_start(static_cast<unsigned char>(term[0]));
}

std::vector<VocabularyWord> completions(const Xapian::Database& database, std::string_view prefix,
                                        std::size_t limit) {
  std::vector<VocabularyWord> found;
  if (prefix.empty() || limit == 0) return found;
  each_word(database, prefix, [&](const std::string& term, Xapian::doccount documents) {
    found.push_back({term, documents, 0});
  });
  return best(std::move(found), limit);
}

std::vector<VocabularyWord> completions_with_typos(const Xapian::Database& database,
                                                   std::string_view prefix, std::size_t limit) {
  std::vector<VocabularyWord> found;
  const std::u32string typed = core::code_points(prefix);
  const std::size_t budget = core::typo_budget(typed.size());
  if (budget == 0 || limit == 0) return found;
  each_word(database, first_letter(prefix),
            [&](const std::string& term, Xapian::doccount documents) {
              if (term.starts_with(prefix)) return;  // an exact completion
              const std::size_t typos =
                  core::prefix_edit_distance(typed, core::code_points(term), budget);
              if (typos <= budget) found.push_back({term, documents, typos});
            });
  return best(std::move(found), limit);
}

std::vector<VocabularyWord> neighbours(const Xapian::Database& database, std::string_view word,
                                       std::size_t limit) {
  std::vector<VocabularyWord> found;
  const std::u32string typed = core::code_points(word);
  const std::size_t budget = core::typo_budget(typed.size());
  if (budget == 0 || limit == 0) return found;
  each_word(database, first_letter(word), [&](const std::string& term, Xapian::doccount documents) {
    if (term == word) return;
    const std::u32string candidate = core::code_points(term);
    // Lengths that differ by more than the budget cannot be close enough.
    if (candidate.size() + budget < typed.size() || typed.size() + budget < candidate.size())
      return;
    const std::size_t typos = core::edit_distance(typed, candidate);
    if (typos <= budget) found.push_back({term, documents, typos});
  });
  return best(std::move(found), limit);
}

}  // namespace crible::search
