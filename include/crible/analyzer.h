#pragma once
/// @file
/// French text analysis: the one code path that turns text into index terms, used
/// both when indexing documents and when parsing queries.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "crible/export.h"

namespace crible {

/// What a token is. Typed tokens (url, email, handle, cashtag, hashtag) get their own
/// prefixed terms; the words inside them are also emitted as word tokens.
enum class TokenKind {
  word,     ///< A word as written, elision included ("L'économie", "tiktok_us", "U.S.A").
  number,   ///< A number as written ("2021", "5,6", "1.000.000"); indexed like a word.
  url,      ///< A web address; terms `U<url>` and `H<host>` (host without "www.").
  email,    ///< An e-mail address; term `XMAIL<address>`, lower case.
  handle,   ///< A social-network account, "@tiktok_us"; term `XAT<handle>`, lower case.
  cashtag,  ///< A stock ticker, "$ORCL"; term `XCT<symbol>`, lower case.
  hashtag   ///< A hashtag, "#TikTok"; term `K<tag>`, folded.
};

/// The lower-case name of a kind, as printed in JSON ("word", "cashtag", ...).
CRIBLE_EXPORT std::string_view to_string(TokenKind kind) noexcept;

/// One token of analysed text.
struct Token {
  std::string text;            ///< The token as written in the input (valid UTF-8).
  std::size_t start = 0;       ///< Byte offset of the token in the input.
  std::size_t end = 0;         ///< Byte offset just past the token in the input.
  std::uint32_t position = 0;  ///< 1-based word position; typed tokens share their first word's.
  TokenKind kind = TokenKind::word;  ///< What the token is (word, number, typed token).
  std::string lang;                  ///< ISO 639-1 code of the paragraph's language ("fr", "en").
  std::vector<std::string> terms;    ///< The exact index terms; empty when not indexed.
  std::string folded;     ///< Words: case- and accent-folded, elision off (stop words too).
  bool stopword = false;  ///< A stop word: takes a position, not indexed (phrases skip it).
};

/// A token as the streaming analyze() hands it over: views into the input and into
/// the analyzer, valid only during the call that receives it. Same fields as Token.
struct TokenView {
  std::string_view text;                    ///< Token::text, a view into the input.
  std::size_t start = 0;                    ///< Token::start, in bytes.
  std::size_t end = 0;                      ///< Token::end, in bytes.
  std::uint32_t position = 0;               ///< Token::position, 1-based.
  TokenKind kind = TokenKind::word;         ///< Token::kind.
  std::string_view lang;                    ///< Token::lang.
  std::span<const std::string_view> terms;  ///< Token::terms, views into the analyzer.
  std::string_view folded;                  ///< Token::folded.
  bool stopword = false;                    ///< Token::stopword.
};

/// Copies a view into an owning Token, reusing the token's strings.
CRIBLE_EXPORT void assign(Token& token, const TokenView& view);

/// Receives the tokens of Analyzer::analyze(text, sink), in order.
class CRIBLE_EXPORT TokenSink {
 public:
  virtual ~TokenSink() = default;  ///< Sinks are used through references to the base.
  /// Called once per token, in text order; @p token is valid only during the call
  /// (copy it with assign() to keep it).
  virtual void token(const TokenView& token) = 0;
};

/// The index terms of one word, as the query side needs them.
struct WordTerms {
  std::string unstemmed;  ///< Case- and accent-folded word, elision removed ("economie").
  /// The stem term queries and phrases use: "Z" + fold(stem(fold(word))), present
  /// with positions for every occurrence. For a stop word, "Z" + the folded word,
  /// which is not indexed: a query drops it. Empty if the word is not indexable.
  std::string phrase_stem;
  /// Other stem terms indexed at the same position (fold(stem(word)) when folding
  /// and stemming do not commute, other languages' stems); query them as synonyms.
  std::vector<std::string> other_stems;
  bool stopword = false;  ///< The word is a stop word: it takes a position, has no term.
};

/// How an Analyzer is built. The defaults are crible's.
struct AnalyzerOptions {
  /// Stop word file (one word per line, '#' comments). Empty: the built-in list
  /// (data/stopwords-fr.txt compiled into the library).
  std::filesystem::path stopwords_file;
  /// Set to false to index stop words like any other word.
  bool use_stopwords = true;
  /// Words longer than this many bytes (UTF-8, as written) are not indexed as words.
  std::size_t max_word_bytes = 64;
  /// Language of text that is too short or too uncertain to detect.
  std::string default_language = "fr";
  /// Languages that detection may choose (each must have a Snowball stemmer).
  std::vector<std::string> languages = {"fr", "en"};
  /// Paragraphs with fewer bytes than this are not detected: they take the default.
  std::size_t min_detect_bytes = 60;
  /// Entries kept in the per-analyzer word cache (words are Zipfian: a cache makes
  /// stemming nearly free). 0 disables the cache.
  std::size_t word_cache_entries = 200'000;
};

/// Turns UTF-8 text into tokens and index terms (NFC, apostrophes, ICU word breaking,
/// acronyms, elision, case and accent folding, stop words, Snowball stemming,
/// per-paragraph language, URLs/e-mails/@handles/$cashtags/#hashtags).
///
/// Any bytes are accepted: invalid UTF-8 becomes U+FFFD, control characters break
/// words. An Analyzer is a value: copies are cheap, share the immutable configuration
/// and own their caches. One Analyzer must not be used by two threads at once; give
/// each thread its own copy.
class CRIBLE_EXPORT Analyzer {
 public:
  /// The one factory: index-time and query-time analysis must come from here.
  static Analyzer create(const AnalyzerOptions& options = {});

  /// A copy for another thread: same configuration (shared), fresh caches.
  Analyzer(const Analyzer& other);
  /// Same as the copy constructor: shares @p other's configuration, fresh caches.
  Analyzer& operator=(const Analyzer& other);
  Analyzer(Analyzer&&) noexcept;             ///< Moves; the moved-from analyzer is unusable.
  Analyzer& operator=(Analyzer&&) noexcept;  ///< Moves; the moved-from analyzer is unusable.
  ~Analyzer();                               ///< Frees the caches and ICU/Snowball state.

  /// Analyses @p text. @p language forces a language ("fr", "en") for the whole text;
  /// empty detects it paragraph by paragraph. Positions start at 1.
  std::vector<Token> analyze(std::string_view text, std::string_view language = {});

  /// Same, into @p tokens, whose strings and vectors are reused from call to call.
  void analyze(std::string_view text, std::vector<Token>& tokens, std::string_view language = {});

  /// Same, streamed: @p sink receives each token as a view, nothing is copied. The
  /// fastest way (an indexer turns views straight into postings).
  void analyze(std::string_view text, TokenSink& sink, std::string_view language = {});

  /// The terms of one word as a query parser sees it (any case, elision attached:
  /// "d'oracle", "l'économie"). Same code as analyze() uses for a word token.
  WordTerms word_terms(std::string_view word, std::string_view language = {});

  /// NFC, case fold and accent fold of arbitrary text (author names, fields).
  std::string fold(std::string_view text) const;

  /// Whether @p folded_word (case- and accent-folded) is a stop word.
  bool is_stopword(std::string_view folded_word) const;

  /// Identifies the analysis rules: indexes record it and refuse a different one.
  std::string version() const;

  /// Languages this analyzer can detect and stem.
  const std::vector<std::string>& languages() const;

  /// The options this analyzer was created with.
  const AnalyzerOptions& options() const;

 private:
  class Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible
