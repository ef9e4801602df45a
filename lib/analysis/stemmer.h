#pragma once
// Snowball stemming through libstemmer (Snowball 2.2 in Debian 12), not Xapian::Stem,
// whose French differs from Snowball 2.2's on 79 words of the reference vocabulary.

#include <memory>
#include <string>
#include <string_view>

struct sb_stemmer;

namespace crible::analysis {

class SnowballStemmer {
 public:
  // @p language: an ISO 639-1 code or a Snowball algorithm name ("fr", "french").
  // Throws crible::InvalidArgument if libstemmer has no such algorithm.
  explicit SnowballStemmer(const std::string& language);
  SnowballStemmer(const SnowballStemmer& other);
  SnowballStemmer& operator=(const SnowballStemmer& other);
  SnowballStemmer(SnowballStemmer&&) noexcept = default;
  SnowballStemmer& operator=(SnowballStemmer&&) noexcept = default;
  ~SnowballStemmer() = default;

  // Stems a lower-case UTF-8 word. libstemmer keeps one output buffer per stemmer,
  // so an instance must not be shared between threads.
  std::string stem(std::string_view lowercase_word);

  const std::string& language() const noexcept { return language_; }

 private:
  struct Deleter {
    void operator()(sb_stemmer* stemmer) const noexcept;
  };
  std::string language_;
  std::unique_ptr<sb_stemmer, Deleter> stemmer_;
};

}  // namespace crible::analysis
