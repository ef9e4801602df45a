#include "core/edit_distance.h"

#include <algorithm>
#include <array>
#include <vector>

namespace crible::core {

namespace {

// The length of the UTF-8 sequence a @p lead byte starts (1 for a stray byte).
std::size_t sequence_length(unsigned char lead) noexcept {
  if (lead >= 0xF0 && lead < 0xF8) return 4;
  if (lead >= 0xE0) return lead < 0xF0 ? 3 : 1;
  if (lead >= 0xC0) return 2;
  return 1;
}

// Words are short: their rows fit on the stack, which a scan of a vocabulary (one
// distance per word) needs, heap allocations costing more than the table.
constexpr std::size_t kStackRow = 64;

// The rows are three buffers of b.size() + 1 each, rotated (never copied).
template <class OnRow>
void fill_rows_in(std::u32string_view a, std::u32string_view b, std::size_t* before,
                  std::size_t* previous, std::size_t* row, OnRow&& on_row) {
  for (std::size_t j = 0; j <= b.size(); ++j)
    previous[j] = j;
  if (!on_row(0, previous, b.size() + 1)) return;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({previous[j] + 1, row[j - 1] + 1, substitution});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        row[j] = std::min(row[j], before[j - 2] + 1);  // two letters swapped
    }
    std::size_t* const oldest = before;
    before = previous;
    previous = row;
    row = oldest;
    if (!on_row(i, previous, b.size() + 1)) return;
  }
}

// Rows of the optimal string alignment table of @p a against @p b, filled one row of
// @p a at a time; calls @p on_row(i, row, length) after each, and stops when it returns
// false.
template <class OnRow>
void fill_rows(std::u32string_view a, std::u32string_view b, OnRow&& on_row) {
  if (b.size() < kStackRow) {
    std::array<std::size_t, 3 * kStackRow> rows{};
    fill_rows_in(a, b, rows.data(), rows.data() + kStackRow, rows.data() + 2 * kStackRow, on_row);
  } else {
    std::vector<std::size_t> rows(3 * (b.size() + 1));
    fill_rows_in(a, b, rows.data(), rows.data() + b.size() + 1, rows.data() + 2 * (b.size() + 1),
                 on_row);
  }
}

}  // namespace

std::u32string code_points(std::string_view text) {
  std::u32string out;
  code_points(text, out);
  return out;
}

void code_points(std::string_view text, std::u32string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length = sequence_length(lead);
    if (i + length > text.size()) length = 1;
    char32_t point = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k)
      point = (point << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    out.push_back(point);
    i += length;
  }
}

std::size_t edit_distance(std::u32string_view a, std::u32string_view b) {
  std::size_t distance = 0;
  fill_rows(a, b, [&](std::size_t i, const auto& row, std::size_t) {
    if (i == a.size()) distance = row[b.size()];
    return true;
  });
  return distance;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  return edit_distance(code_points(a), code_points(b));
}

std::size_t prefix_edit_distance(std::u32string_view typed, std::u32string_view word,
                                 std::size_t limit) {
  // Row i holds the distances of typed's first i letters to each prefix of word; the
  // answer is the last row's minimum. Rows only grow: once a whole row is over the
  // limit, so is the answer.
  std::size_t best = limit + 1;
  fill_rows(typed, word.substr(0, typed.size() + limit),
            [&](std::size_t i, const auto& row, std::size_t length) {
              const std::size_t lowest = *std::min_element(row, row + length);
              if (lowest > limit) return false;
              if (i == typed.size()) best = lowest;
              return true;
            });
  return best;
}

}  // namespace crible::core
