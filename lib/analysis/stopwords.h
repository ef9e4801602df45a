#pragma once
// The stop word list: words kept positionally (phrases still match) but not stemmed.

#include <string>
#include <string_view>
#include <unordered_set>

namespace crible::analysis {

class StopWords {
 public:
  StopWords() = default;

  // Parses one word per line; '#' starts a comment; blank lines are ignored.
  // Words are stored folded with @p fold, so lookups take folded words.
  template <typename Fold>
  static StopWords parse(std::string_view text, Fold&& fold) {
    StopWords words;
    while (!text.empty()) {
      const std::size_t newline = text.find('\n');
      std::string_view line = text.substr(0, newline);
      text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
      if (const std::size_t hash = line.find('#'); hash != std::string_view::npos)
        line = line.substr(0, hash);
      line = trim(line);
      if (!line.empty()) words.words_.insert(fold(line));
    }
    return words;
  }

  bool contains(std::string_view folded_word) const {
    return words_.find(folded_word) != words_.end();
  }
  std::size_t size() const noexcept { return words_.size(); }

 private:
  static std::string_view trim(std::string_view s);

  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
      return std::hash<std::string_view>{}(s);
    }
  };
  std::unordered_set<std::string, Hash, std::equal_to<>> words_;
};

// The list compiled into the library from data/stopwords-fr.txt.
std::string_view builtin_french_stopwords() noexcept;

}  // namespace crible::analysis
