#include "crible/analyzer.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <span>
#include <sstream>

#include "analysis/elision.h"
#include "analysis/language_detector.h"
#include "analysis/special_tokens.h"
#include "analysis/text_cleaner.h"
#include "analysis/word_breaker.h"
#include "analysis/word_terms.h"
#include "crible/error.h"

namespace crible {

using namespace analysis;

std::string_view to_string(TokenKind kind) noexcept {
  switch (kind) {
    case TokenKind::word:
      return "word";
    case TokenKind::number:
      return "number";
    case TokenKind::url:
      return "url";
    case TokenKind::email:
      return "email";
    case TokenKind::handle:
      return "handle";
    case TokenKind::cashtag:
      return "cashtag";
    case TokenKind::hashtag:
      return "hashtag";
  }
  return "word";
}

namespace {

// Bump when a change to the rules changes the terms of some text.
constexpr int kRulesVersion = 3;

// A paragraph is analysed in one piece; beyond this it is cut (offsets are 32-bit).
constexpr std::size_t kMaxPieceBytes = std::size_t{1} << 30;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read stop word file '" + path.string() + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::uint64_t fnv1a(std::string_view data, std::uint64_t hash = 1469598103934665603ULL) {
  for (unsigned char c : data)
    hash = (hash ^ c) * 1099511628211ULL;
  return hash;
}

// Cuts at most @p max bytes off the front of @p text without splitting a UTF-8 sequence.
std::size_t piece_length(std::string_view text, std::size_t max) {
  if (text.size() <= max) return text.size();
  std::size_t cut = max;
  while (cut > max - 4 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
    --cut;
  return cut;
}

std::shared_ptr<const AnalysisConfig> make_config(const AnalyzerOptions& options) {
  if (options.languages.empty()) throw InvalidArgument("analyzer: no language configured");
  auto config = std::make_shared<AnalysisConfig>();
  config->options = options;
  const auto default_language =
      std::find(options.languages.begin(), options.languages.end(), options.default_language);
  if (default_language == options.languages.end())
    throw InvalidArgument("analyzer: default language '" + options.default_language +
                          "' is not among the configured languages");
  config->default_language = static_cast<std::size_t>(default_language - options.languages.begin());
  if (options.use_stopwords) {
    const std::string text = options.stopwords_file.empty()
                                 ? std::string(builtin_french_stopwords())
                                 : read_file(options.stopwords_file);
    config->stopwords_hash = fnv1a(text);
    const UnicodeFolder& folder = config->folder;
    config->stopwords =
        StopWords::parse(text, [&folder](std::string_view word) { return folder.fold_utf8(word); });
  }
  return config;
}

}  // namespace

class Analyzer::Impl {
 public:
  explicit Impl(std::shared_ptr<const AnalysisConfig> config)
      : config_(config),
        detector_(config->options.languages, config->options.default_language,
                  config->options.min_detect_bytes),
        terms_(config) {}

  // Streams the tokens of @p text to @p sink as views: analysis runs on every
  // document, and copying each token would cost more than ICU itself.
  void analyze(std::string_view text, std::string_view language, TokenSink& sink) {
    const std::size_t forced = language.empty() ? kDetect : language_index(language);
    Emitter out{sink, 0, {}};
    std::size_t base = 0;
    while (base < text.size()) {
      const std::size_t length = piece_length(text.substr(base), kMaxPieceBytes);
      analyze_piece(text, base, length, forced, out);
      base += length;
    }
  }

  WordTerms word_terms(std::string_view word, std::string_view language) {
    const std::size_t index =
        language.empty() ? config_->default_language : language_index(language);
    std::u16string units = to_utf16(word);
    std::u16string_view core = units;
    core.remove_prefix(elision_length(core));
    std::u16string scratch;
    if (is_acronym(core)) core = without_dots(core, scratch);
    return terms_.terms(core, index).terms;
  }

  const AnalysisConfig& config() const { return *config_; }

  // The paragraph length below which language is not detected changes which stemmer a
  // paragraph gets. Written only when it is not the default, so that indexes built
  // before it was recorded (all with the default) keep their schema.
  static std::string detection(const AnalyzerOptions& options) {
    if (options.min_detect_bytes == AnalyzerOptions{}.min_detect_bytes) return "";
    return " min-detect-bytes=" + std::to_string(options.min_detect_bytes);
  }

  std::string version() const {
    const AnalyzerOptions& options = config_->options;
    std::string languages;
    for (const std::string& language : options.languages)
      languages += language + ",";
    languages.pop_back();
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx",
                  static_cast<unsigned long long>(config_->stopwords_hash));
    return "crible-analysis/" + std::to_string(kRulesVersion) + " unicode=" + U_UNICODE_VERSION +
           " languages=" + languages + " default=" + options.default_language +
           " stopwords=" + (options.use_stopwords ? hash : "off") +
           " max-word-bytes=" + std::to_string(options.max_word_bytes) + detection(options);
  }

 private:
  static constexpr std::size_t kDetect = static_cast<std::size_t>(-1);

  std::size_t language_index(std::string_view language) const {
    const auto& languages = config_->options.languages;
    const auto found = std::find(languages.begin(), languages.end(), language);
    if (found == languages.end())
      throw InvalidArgument("analyzer: language '" + std::string(language) + "' is not configured");
    return static_cast<std::size_t>(found - languages.begin());
  }

  static std::u16string_view without_dots(std::u16string_view acronym, std::u16string& scratch) {
    scratch.clear();
    for (char16_t c : acronym)
      if (c != u'.') scratch.push_back(c);
    return scratch;
  }

  struct Emitter {
    TokenSink& sink;
    std::uint32_t position = 0;
    TokenView token;
  };

  // The language of the paragraph units [begin, end) holding @p words.
  std::size_t detect(std::string_view piece, std::int32_t begin, std::int32_t end,
                     std::span<const WordSpan> words) {
    const AnalysisConfig& config = *config_;
    const std::size_t bytes = clean_.byte_offsets[end] - clean_.byte_offsets[begin];
    if (bytes < config.options.min_detect_bytes || config.options.languages.size() == 1)
      return config.default_language;
    if (config.options.languages[config.default_language] == "fr" &&
        plainly_french(clean_.units, words))
      return config.default_language;
    std::string_view paragraph = piece.substr(clean_.byte_offsets[begin], bytes);
    if (!is_valid_utf8(paragraph)) {
      utf8_.clear();
      append_utf8(std::u16string_view(clean_.units).substr(begin, end - begin), utf8_);
      paragraph = utf8_;
    }
    return language_index(detector_.detect(paragraph));
  }

  // Analyses text[base, base + length): cleaned, broken into words and typed tokens
  // in one pass, then paragraph by paragraph (one language each).
  void analyze_piece(std::string_view text, std::size_t base, std::size_t length,
                     std::size_t forced, Emitter& out) {
    const std::string_view piece = text.substr(base, length);
    clean_utf8(piece, clean_);
    const std::u16string_view units = clean_.units;
    words_.clear();
    breaker_.split(units, words_);
    specials_.clear();
    find_special_tokens(units, config_->folder, specials_);

    std::size_t word = 0, special = 0;
    std::int32_t paragraph = 0;
    const auto size = static_cast<std::int32_t>(units.size());
    while (paragraph < size && (word < words_.size() || special < specials_.size())) {
      std::size_t newline = units.find(u'\n', static_cast<std::size_t>(paragraph));
      const std::int32_t end =
          newline == std::u16string_view::npos ? size : static_cast<std::int32_t>(newline);
      std::size_t word_end = word, special_end = special;
      while (word_end < words_.size() && words_[word_end].begin < end)
        ++word_end;
      while (special_end < specials_.size() && specials_[special_end].begin < end)
        ++special_end;
      if (word_end > word || special_end > special) {
        const std::span<const WordSpan> paragraph_words(words_.data() + word, word_end - word);
        const std::size_t language =
            forced == kDetect ? detect(piece, paragraph, end, paragraph_words) : forced;
        emit(text, base, word, word_end, special, special_end, language, out);
      }
      word = word_end;
      special = special_end;
      paragraph = end + 1;
    }
  }

  // Emits words [word, word_end) and typed tokens [special, special_end) in text order;
  // a typed token comes just before the first word it contains, at its position.
  void emit(std::string_view text, std::size_t base, std::size_t word, std::size_t word_end,
            std::size_t special, std::size_t special_end, std::size_t language, Emitter& out) {
    TokenView& token = out.token;
    token.lang = config_->options.languages[language];
    const auto byte_at = [&](std::int32_t unit) { return base + clean_.byte_offsets[unit]; };
    const std::u16string_view units = clean_.units;
    while (word < word_end || special < special_end) {
      if (special < special_end &&
          (word == word_end || specials_[special].begin <= words_[word].begin)) {
        const SpecialSpan& span = specials_[special++];
        token.start = byte_at(span.begin);
        token.end = byte_at(span.end);
        token.text = text.substr(token.start, token.end - token.start);
        token.position = word < word_end ? out.position + 1 : ++out.position;
        token.kind = span.kind;
        token.stopword = false;
        token.folded = {};
        for (std::size_t i = 0; i < span.terms.size() && i < special_views_.size(); ++i)
          special_views_[i] = span.terms[i];
        token.terms = std::span<const std::string_view>(
            special_views_.data(), std::min(span.terms.size(), special_views_.size()));
        out.sink.token(token);
        continue;
      }
      const WordSpan& span = words_[word++];
      token.start = byte_at(span.begin);
      token.end = byte_at(span.end);
      token.text = text.substr(token.start, token.end - token.start);
      token.position = ++out.position;
      token.kind = span.kind == WordKind::number ? TokenKind::number : TokenKind::word;
      token.stopword = false;
      token.terms = {};
      token.folded = {};
      if (token.end - token.start <= config_->options.max_word_bytes) {
        std::u16string_view core = units.substr(span.core_begin, span.core_end - span.core_begin);
        if (span.acronym) core = without_dots(core, acronym_);
        const WordHit hit = terms_.lookup(core, language);
        token.stopword = hit.stopword;
        token.terms = hit.terms;
        token.folded = hit.folded;
      }
      out.sink.token(token);
    }
  }

  std::shared_ptr<const AnalysisConfig> config_;
  LanguageDetector detector_;
  WordBreaker breaker_;
  WordTermMaker terms_;
  // Scratch buffers, reused from one call to the next.
  CleanText clean_;
  std::vector<WordSpan> words_;
  std::vector<SpecialSpan> specials_;
  std::u16string acronym_;
  std::string utf8_;
  std::array<std::string_view, 4> special_views_;  // a typed token has at most 2 terms
};

Analyzer Analyzer::create(const AnalyzerOptions& options) {
  return Analyzer(std::make_unique<Impl>(make_config(options)));
}

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::Analyzer(const Analyzer& other) : impl_(std::make_unique<Impl>(*other.impl_)) {}
Analyzer& Analyzer::operator=(const Analyzer& other) {
  if (this != &other) impl_ = std::make_unique<Impl>(*other.impl_);
  return *this;
}
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;
Analyzer::~Analyzer() = default;

void assign(Token& token, const TokenView& view) {
  token.text.assign(view.text);
  token.start = view.start;
  token.end = view.end;
  token.position = view.position;
  token.kind = view.kind;
  token.lang.assign(view.lang);
  token.terms.resize(view.terms.size());
  for (std::size_t i = 0; i < view.terms.size(); ++i)
    token.terms[i].assign(view.terms[i]);
  token.folded.assign(view.folded);
  token.stopword = view.stopword;
}

namespace {

// Copies views into Tokens, reusing the strings and vectors already there.
class TokenVectorSink : public TokenSink {
 public:
  explicit TokenVectorSink(std::vector<Token>& tokens) : tokens_(tokens) {}
  ~TokenVectorSink() override { tokens_.resize(count_); }

  void token(const TokenView& view) override {
    if (count_ == tokens_.size()) tokens_.emplace_back();
    assign(tokens_[count_++], view);
  }

 private:
  std::vector<Token>& tokens_;
  std::size_t count_ = 0;
};

}  // namespace

std::vector<Token> Analyzer::analyze(std::string_view text, std::string_view language) {
  std::vector<Token> tokens;
  analyze(text, tokens, language);
  return tokens;
}

void Analyzer::analyze(std::string_view text, std::vector<Token>& tokens,
                       std::string_view language) {
  TokenVectorSink sink(tokens);
  impl_->analyze(text, language, sink);
}

void Analyzer::analyze(std::string_view text, TokenSink& sink, std::string_view language) {
  impl_->analyze(text, language, sink);
}

WordTerms Analyzer::word_terms(std::string_view word, std::string_view language) {
  return impl_->word_terms(word, language);
}

std::string Analyzer::fold(std::string_view text) const {
  return impl_->config().folder.fold_utf8(text);
}

bool Analyzer::is_stopword(std::string_view folded_word) const {
  const AnalysisConfig& config = impl_->config();
  return config.options.use_stopwords && config.stopwords.contains(folded_word);
}

std::string Analyzer::version() const {
  return impl_->version();
}

const std::vector<std::string>& Analyzer::languages() const {
  return impl_->config().options.languages;
}

const AnalyzerOptions& Analyzer::options() const {
  return impl_->config().options;
}

}  // namespace crible
