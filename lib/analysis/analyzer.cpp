#include "crible/analyzer.h"

#include <unicode/uchar.h>
#include <unicode/uversion.h>

#include <algorithm>
#include <fstream>
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
constexpr int kRulesVersion = 1;

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

bool is_blank(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
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

  void analyze(std::string_view text, std::string_view language, std::vector<Token>& tokens) {
    const std::size_t forced = language.empty() ? kDetect : language_index(language);
    std::uint32_t position = 0;
    std::size_t start = 0;
    while (start <= text.size()) {
      const std::size_t newline = text.find('\n', start);
      const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
      std::string_view paragraph = text.substr(start, end - start);
      std::size_t base = start;
      while (!paragraph.empty()) {
        const std::size_t length = piece_length(paragraph, kMaxPieceBytes);
        if (!is_blank(paragraph.substr(0, length)))
          analyze_paragraph(text, base, paragraph.substr(0, length), forced, position, tokens);
        paragraph.remove_prefix(length);
        base += length;
      }
      if (newline == std::string_view::npos) break;
      start = newline + 1;
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
    return terms_.terms(core, index);
  }

  const AnalysisConfig& config() const { return *config_; }

  std::string version() const {
    const AnalyzerOptions& options = config_->options;
    std::string languages;
    for (const std::string& language : options.languages)
      languages += language + ",";
    languages.pop_back();
    std::uint64_t stop_hash = 0;
    if (options.use_stopwords) {
      stop_hash = options.stopwords_file.empty() ? fnv1a(builtin_french_stopwords())
                                                 : fnv1a(read_file(options.stopwords_file));
    }
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(stop_hash));
    return "crible-analysis/" + std::to_string(kRulesVersion) + " unicode=" + U_UNICODE_VERSION +
           " languages=" + languages + " default=" + options.default_language +
           " stopwords=" + (options.use_stopwords ? hash : "off") +
           " max-word-bytes=" + std::to_string(options.max_word_bytes);
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

  std::size_t detect(std::string_view paragraph) {
    const AnalysisConfig& config = *config_;
    if (paragraph.size() < config.options.min_detect_bytes || config.options.languages.size() == 1)
      return config.default_language;
    if (config.options.languages[config.default_language] == "fr" &&
        plainly_french(clean_.units, words_))
      return config.default_language;
    std::string_view valid = paragraph;
    if (!is_valid_utf8(paragraph)) {
      utf8_.clear();
      append_utf8(clean_.units, utf8_);
      valid = utf8_;
    }
    return language_index(detector_.detect(valid));
  }

  void analyze_paragraph(std::string_view text, std::size_t base, std::string_view paragraph,
                         std::size_t forced, std::uint32_t& position, std::vector<Token>& tokens) {
    clean_utf8(paragraph, clean_);
    const std::u16string_view units = clean_.units;
    const auto byte_at = [&](std::int32_t unit) { return base + clean_.byte_offsets[unit]; };
    words_.clear();
    breaker_.split(units, words_);
    const std::size_t language = forced == kDetect ? detect(paragraph) : forced;
    const std::string& language_code = config_->options.languages[language];
    const std::size_t first = tokens.size();
    for (const WordSpan& word : words_) {
      Token& token = tokens.emplace_back();
      token.start = byte_at(word.begin);
      token.end = byte_at(word.end);
      token.text.assign(text.substr(token.start, token.end - token.start));
      token.position = ++position;
      token.kind = word.kind == WordKind::number ? TokenKind::number : TokenKind::word;
      token.lang = language_code;
      if (token.end - token.start > config_->options.max_word_bytes) continue;
      std::u16string_view core = units.substr(word.core_begin, word.core_end - word.core_begin);
      if (word.acronym) core = without_dots(core, acronym_);
      const WordTerms& terms = terms_.terms(core, language);
      token.stopword = terms.stopword;
      WordTermMaker::append_index_terms(terms, token.terms);
    }

    specials_.clear();
    find_special_tokens(units, config_->folder, specials_);
    if (specials_.empty()) return;
    const std::size_t words_end = tokens.size();
    for (SpecialSpan& special : specials_) {
      Token token;
      token.start = byte_at(special.begin);
      token.end = byte_at(special.end);
      token.text.assign(text.substr(token.start, token.end - token.start));
      token.kind = special.kind;
      token.lang = language_code;
      token.terms = std::move(special.terms);
      // A typed token shares the position of its first word ("@Microsoft" and
      // "Microsoft"), so phrases through it still match.
      const auto next_word =
          std::lower_bound(tokens.begin() + first, tokens.begin() + words_end, token.start,
                           [](const Token& t, std::size_t start) { return t.start < start; });
      token.position = next_word != tokens.begin() + words_end ? next_word->position : ++position;
      tokens.push_back(std::move(token));
    }
    // Typed tokens come just before the words they contain.
    std::stable_sort(tokens.begin() + first, tokens.end(), [](const Token& a, const Token& b) {
      if (a.start != b.start) return a.start < b.start;
      return a.kind != TokenKind::word && a.kind != TokenKind::number &&
             (b.kind == TokenKind::word || b.kind == TokenKind::number);
    });
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

std::vector<Token> Analyzer::analyze(std::string_view text, std::string_view language) {
  std::vector<Token> tokens;
  impl_->analyze(text, language, tokens);
  return tokens;
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

}  // namespace crible
