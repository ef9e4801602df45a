#include "search/vocabulary.h"

#include <algorithm>
#include <limits>

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

}  // namespace

bool is_word_term(std::string_view term) noexcept {
  return !term.empty() && is_word_start(static_cast<unsigned char>(term[0]));
}

Vocabulary::Vocabulary(const Xapian::Database& database) {
  for (auto term = database.allterms_begin(); term != database.allterms_end(); ++term) {
    const std::string& name = *term;
    if (!is_word_term(name)) continue;
    if (text_.size() + name.size() > std::numeric_limits<std::uint32_t>::max()) break;
    offsets_.push_back(static_cast<std::uint32_t>(text_.size()));
    text_ += name;
    documents_.push_back(term.get_termfreq());
  }
}

std::string_view Vocabulary::word(std::size_t index) const {
  const std::size_t end = index + 1 < offsets_.size() ? offsets_[index + 1] : text_.size();
  return std::string_view(text_).substr(offsets_[index], end - offsets_[index]);
}

std::pair<std::size_t, std::size_t> Vocabulary::range(std::string_view prefix) const {
  // Words are in byte order (Xapian's): those with the prefix are contiguous.
  std::size_t low = 0, high = size();
  while (low < high) {
    const std::size_t middle = (low + high) / 2;
    if (word(middle) < prefix)
      low = middle + 1;
    else
      high = middle;
  }
  const std::size_t first = low;
  high = size();
  while (low < high) {
    const std::size_t middle = (low + high) / 2;
    if (word(middle).starts_with(prefix))
      low = middle + 1;
    else
      high = middle;
  }
  return {first, low};
}

std::vector<VocabularyWord> Vocabulary::completions(std::string_view prefix,
                                                    std::size_t limit) const {
  if (prefix.empty() || limit == 0) return {};
  const auto [first, last] = range(prefix);
  // The most frequent of the range, found on indices before any string is copied.
  std::vector<std::size_t> indices(last - first);
  for (std::size_t k = 0; k < indices.size(); ++k)
    indices[k] = first + k;
  const std::size_t kept = std::min(limit, indices.size());
  std::partial_sort(indices.begin(), indices.begin() + static_cast<std::ptrdiff_t>(kept),
                    indices.end(), [&](std::size_t a, std::size_t b) {
                      return documents_[a] != documents_[b] ? documents_[a] > documents_[b] : a < b;
                    });
  std::vector<VocabularyWord> found;
  for (std::size_t k = 0; k < kept; ++k)
    found.push_back({std::string(word(indices[k])), documents_[indices[k]], 0});
  return found;
}

std::vector<VocabularyWord> Vocabulary::completions_with_typos(std::string_view prefix,
                                                               std::size_t limit) const {
  std::vector<VocabularyWord> found;
  const std::u32string typed = core::code_points(prefix);
  const std::size_t budget = core::typo_budget(typed.size());
  if (budget == 0 || limit == 0) return found;
  const auto [first, last] = range(first_letter(prefix));
  std::u32string candidate;
  for (std::size_t index = first; index < last; ++index) {
    const std::string_view term = word(index);
    if (term.starts_with(prefix)) continue;  // an exact completion
    // Only the start of the word can be within the budget: decode no more of it.
    core::code_points(term.substr(0, 4 * (typed.size() + budget)), candidate);
    const std::size_t typos = core::prefix_edit_distance(typed, candidate, budget);
    if (typos <= budget) found.push_back({std::string(term), documents_[index], typos});
  }
  return best(std::move(found), limit);
}

std::vector<VocabularyWord> Vocabulary::neighbours(std::string_view word_typed,
                                                   std::size_t limit) const {
  std::vector<VocabularyWord> found;
  const std::u32string typed = core::code_points(word_typed);
  const std::size_t budget = core::typo_budget(typed.size());
  if (budget == 0 || limit == 0) return found;
  const auto [first, last] = range(first_letter(word_typed));
  std::u32string candidate;
  for (std::size_t index = first; index < last; ++index) {
    const std::string_view term = word(index);
    // Bytes bound letters: a word of more than 4 × (letters + budget) bytes is too long,
    // one of fewer than letters − budget bytes too short.
    if (term == word_typed || term.size() + budget < typed.size() ||
        term.size() > 4 * (typed.size() + budget))
      continue;
    core::code_points(term, candidate);
    if (candidate.size() + budget < typed.size() || typed.size() + budget < candidate.size())
      continue;
    const std::size_t typos = core::edit_distance(typed, candidate);
    if (typos <= budget) found.push_back({std::string(term), documents_[index], typos});
  }
  return best(std::move(found), limit);
}

}  // namespace crible::search
