#include "analysis/stemmer.h"

#include <libstemmer.h>

#include <limits>

#include "crible/error.h"

namespace crible::analysis {

void SnowballStemmer::Deleter::operator()(sb_stemmer* stemmer) const noexcept {
  sb_stemmer_delete(stemmer);
}

SnowballStemmer::SnowballStemmer(const std::string& language)
    : language_(language), stemmer_(sb_stemmer_new(language.c_str(), "UTF_8")) {
  if (!stemmer_) throw InvalidArgument("no Snowball stemmer for language '" + language + "'");
}

SnowballStemmer::SnowballStemmer(const SnowballStemmer& other) : SnowballStemmer(other.language_) {}

SnowballStemmer& SnowballStemmer::operator=(const SnowballStemmer& other) {
  if (this != &other) *this = SnowballStemmer(other.language_);
  return *this;
}

std::string SnowballStemmer::stem(std::string_view lowercase_word) {
  if (lowercase_word.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
    return std::string(lowercase_word);
  const sb_symbol* stemmed =
      sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(lowercase_word.data()),
                      static_cast<int>(lowercase_word.size()));
  if (!stemmed) throw Error("libstemmer: out of memory");
  return std::string(reinterpret_cast<const char*>(stemmed),
                     static_cast<std::size_t>(sb_stemmer_length(stemmer_.get())));
}

}  // namespace crible::analysis
