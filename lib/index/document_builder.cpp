#include "index/document_builder.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <map>
#include <set>

#include "analysis/elision.h"
#include "analysis/special_tokens.h"
#include "index/hit_summary.h"
#include "index/schema.h"
#include "json/dates.h"

namespace crible::index {
namespace {

constexpr std::size_t kMaxTermBytes = 240;

bool is_stem(std::string_view term) {
  return !term.empty() && term[0] == 'Z';
}

// Adds a text's tokens to a Xapian document: stems with positions (shifted by
// @p base), other terms as plain terms, each @p weight times; with a prefix, words
// become prefix + word and stems "Z" + prefix + stem, as Xapian's QueryParser
// spells prefixed stems.
class PostingSink : public TokenSink {
 public:
  // Where a token's terms go: under a prefix, counted this many times.
  struct Output {
    std::string_view prefix;
    unsigned weight = 1;
  };

  // @p accent_stems: where an accented word's stems beyond its folded form's go, for
  // words of @p language (the analyzer's default: accents are French here).
  // @p forms: where a word's spelling goes when it is not its folded term (its case
  // or accents), for the suggestions' display (schema::kMetaDisplayPrefix).
  PostingSink(Xapian::Document& document, std::map<std::string, unsigned>& languages,
              std::map<std::string, std::set<std::string>>& accent_stems, std::string_view language,
              std::vector<std::pair<std::string, std::string>>& forms)
      : document_(document),
        languages_(languages),
        accent_stems_(accent_stems),
        language_(language),
        forms_(forms) {}

  // Positions start after @p base; each token goes to every output (the title goes
  // to `title:` and, weighted up, to plain search in one analysis).
  void configure(Xapian::termpos base, std::initializer_list<Output> outputs) {
    base_ = base;
    outputs_.assign(outputs.begin(), outputs.end());
    last_position_ = base;
  }
  Xapian::termpos last_position() const { return last_position_; }

  // The text being analysed, whose tokens' offsets note_form() reads.
  void set_text(std::string_view text) { text_ = text; }

  void token(const TokenView& token) override {
    const Xapian::termpos position = base_ + token.position;
    last_position_ = std::max(last_position_, position);
    const bool word = token.kind == TokenKind::word || token.kind == TokenKind::number;
    // terms: the folded word, its phrase stem, then the stems an accented spelling
    // adds ("donnees", "Zdonne", "Zdon"), which the folded word's query lacks.
    if (word && token.terms.size() > 2 && token.lang == language_) {
      std::set<std::string>& stems = accent_stems_[std::string(token.terms[0])];
      for (std::size_t k = 2; k < token.terms.size(); ++k)
        stems.emplace(token.terms[k]);
    }
    if (token.kind == TokenKind::word && !token.terms.empty()) note_form(token);
    for (const Output& output : outputs_) {
      if (word && !token.terms.empty()) ++languages_[std::string(token.lang)];
      for (const std::string_view term : token.terms)
        add(term, word, position, output);
    }
  }

 private:
  // Longer spellings are not worth showing as a suggestion.
  static constexpr std::size_t kMaxFormBytes = 64;

  // Records how the token writes its word, when not as its folded term. The capital a
  // sentence or title starts with says nothing of the word: it is lowered there.
  void note_form(const TokenView& token) {
    const std::string_view written = token.text.substr(analysis::elision_bytes(token.text));
    if (written == token.terms[0] || written.size() > kMaxFormBytes) return;
    if (!starts_sentence(token.start)) {
      forms_.emplace_back(token.terms[0], written);
      return;
    }
    std::string lowered = lower_first_letter(written);
    if (lowered != token.terms[0]) forms_.emplace_back(token.terms[0], std::move(lowered));
  }

  // Whether the token at byte @p start begins its text, line or sentence (after . ! ? :
  // or an opening quote or dash).
  bool starts_sentence(std::size_t start) const {
    std::size_t at = std::min(start, text_.size());
    while (at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\t' || text_[at - 1] == '\r'))
      --at;
    if (at == 0) return true;
    const std::string_view before = text_.substr(0, at);
    for (const std::string_view mark : {".", "!", "?", ":", "\n", "\"", "\u00ab", "\u201c",
                                        "\u2014", "\u2013", "\u2026", "\u00a0"})
      if (before.ends_with(mark)) return true;
    return false;
  }

  static std::string lower_first_letter(std::string_view word) {
    std::size_t length = 0;
    UChar32 letter = 0;
    U8_NEXT(reinterpret_cast<const std::uint8_t*>(word.data()), length,
            static_cast<std::int32_t>(word.size()), letter);
    if (letter < 0) return std::string(word);
    std::string out(4, '\0');
    std::size_t written = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<std::uint8_t*>(out.data()), written, 4, u_tolower(letter), error);
    if (error) return std::string(word);
    out.resize(written);
    return out.append(word.substr(length));
  }

  void add(std::string_view term, bool word, Xapian::termpos position, const Output& output) {
    if (!word) {  // typed token terms: no prefix, no position
      document_.add_term(std::string(term), output.weight);
    } else if (is_stem(term)) {
      if (output.prefix.empty())
        term_.assign(term);
      else
        term_.assign("Z").append(output.prefix).append(term.substr(1));  // ZS<stem>
      document_.add_posting(term_, position, output.weight);
    } else {
      term_.assign(output.prefix).append(term);
      document_.add_term(term_, output.weight);
    }
  }

  Xapian::Document& document_;
  std::map<std::string, unsigned>& languages_;
  std::map<std::string, std::set<std::string>>& accent_stems_;
  std::string_view language_;
  std::vector<std::pair<std::string, std::string>>& forms_;
  std::string_view text_;
  std::vector<Output> outputs_;
  Xapian::termpos base_ = 0;
  Xapian::termpos last_position_ = 0;
  std::string term_;  // scratch
};

void add_boolean(Xapian::Document& document, std::string_view prefix, const std::string& value) {
  if (!value.empty()) document.add_boolean_term(fit_term(std::string(prefix) + value));
}

// Entities: one term each, its wdf the number of mentions; and the facet slots
// (schema.h), most mentioned first.
void add_entities(Xapian::Document& document, const std::map<std::string, unsigned>& entities,
                  const std::string& thread) {
  std::vector<std::pair<unsigned, std::string_view>> ranked;
  for (const auto& [id, count] : entities) {
    document.add_term(fit_term(std::string(schema::kEntity) + id), count);
    ranked.emplace_back(count, id);
  }
  if (ranked.empty()) return;
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  std::string list;
  for (const auto& [count, id] : ranked)
    list.append(list.empty() ? "" : std::string(1, schema::kEntitySeparator)).append(id);
  document.add_value(schema::kSlotEntities, list);
  document.add_value(schema::kSlotThreadEntities, thread + schema::kThreadSeparator + list);
}

}  // namespace

std::string fit_term(std::string term) {
  if (term.size() <= kMaxTermBytes) return term;
  std::size_t cut = kMaxTermBytes;
  while (cut > 0 && (static_cast<unsigned char>(term[cut]) & 0xC0) == 0x80)
    --cut;
  term.resize(cut);
  return term;
}

void add_spelling_words(const Xapian::Document& document, SpellingWords& words) {
  for (auto term = document.termlist_begin(); term != document.termlist_end(); ++term) {
    const std::string& word = *term;
    // Prefixed terms start with an ASCII capital; words are folded to lower case.
    if (word.size() < 2 || (word[0] >= 'A' && word[0] <= 'Z')) continue;
    if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    ++words[word];
  }
}

DocumentBuilder::DocumentBuilder(Analyzer analyzer, const Gazetteer* gazetteer, bool sign)
    : analyzer_(std::move(analyzer)), gazetteer_(gazetteer), sign_(sign) {}

namespace {

// Passes tokens on and gives the words (stop words too: they make the shingles) to a
// near-duplicate signature, folded as the index folds them.
class ShingleSink : public TokenSink {
 public:
  ShingleSink(TokenSink& next, dedupe::ShingleSignature* shingles)
      : next_(next), shingles_(shingles) {}
  void token(const TokenView& view) override {
    next_.token(view);
    if (!shingles_) return;
    if (view.kind == TokenKind::word && !view.folded.empty())
      shingles_->add_word(view.folded);
    else if (view.kind == TokenKind::number)
      shingles_->add_word(view.text);
  }

 private:
  TokenSink& next_;
  dedupe::ShingleSignature* shingles_;
};

// Passes tokens on to the posting sink and keeps a copy for entity matching.
class RecordingSink : public TokenSink {
 public:
  RecordingSink(TokenSink& next, std::vector<Token>& tokens) : next_(next), tokens_(tokens) {}
  ~RecordingSink() override { tokens_.resize(count_); }
  void token(const TokenView& view) override {
    next_.token(view);
    if (count_ == tokens_.size()) tokens_.emplace_back();
    assign(tokens_[count_++], view);
  }

 private:
  TokenSink& next_;
  std::vector<Token>& tokens_;
  std::size_t count_ = 0;
};

}  // namespace

void DocumentBuilder::index_text(std::string_view text, std::string_view language,
                                 TokenSink& sink) {
  if (!gazetteer_) {
    analyzer_.analyze(text, sink, language);
    return;
  }
  if (parts_ == tokens_.size()) tokens_.emplace_back();
  if (parts_ == texts_.size()) texts_.emplace_back();
  texts_[parts_] = text;
  RecordingSink recording(sink, tokens_[parts_]);
  analyzer_.analyze(text, recording, language);
  ++parts_;
}

std::map<std::string, unsigned> DocumentBuilder::count_entities(
    const std::vector<std::string>& thread_entities, const std::string& date) {
  std::map<std::string, unsigned> counts;
  if (!gazetteer_) return counts;
  EntityEvidence evidence{{}, thread_entities, date};
  std::vector<std::vector<EntityDecision>> decisions(parts_);
  for (std::size_t part = 0; part < parts_; ++part)
    decisions[part] = gazetteer_->explain(texts_[part], tokens_[part], evidence, false);
  // One sense per document: a form refused for want of evidence is read again once
  // the other parts have confirmed entities, until no part finds a new one.
  for (std::size_t round = 0; round < parts_ && parts_ > 1; ++round) {
    std::set<std::string> found;
    bool refused = false;
    for (const auto& part : decisions)
      for (const EntityDecision& decision : part) {
        if (decision.taken) found.insert(decision.id);
        refused = refused || (decision.needed_evidence && !decision.taken);
      }
    if (!refused || found.size() == evidence.document.size()) break;
    evidence.document.assign(found.begin(), found.end());
    for (std::size_t part = 0; part < parts_; ++part)
      decisions[part] = gazetteer_->explain(texts_[part], tokens_[part], evidence, false);
  }
  for (const auto& part : decisions)
    for (const EntityDecision& decision : part)
      if (decision.taken) ++counts[decision.id];
  return counts;
}

Xapian::Document DocumentBuilder::build(const Document& document, std::string stored,
                                        const std::vector<std::string>& thread_entities) {
  parts_ = 0;
  // A declared language crible cannot stem ("de") is detected like an undeclared one;
  // the document still gets its L<lang> term.
  const auto& stemmed = analyzer_.languages();
  const std::string_view analysed_language =
      std::find(stemmed.begin(), stemmed.end(), document.lang) != stemmed.end()
          ? std::string_view(document.lang)
          : std::string_view();
  Xapian::Document out;
  std::map<std::string, unsigned> languages;
  document_forms_.clear();
  PostingSink sink(out, languages, accent_stems_, analyzer_.options().default_language,
                   document_forms_);
  // An article's title and body are what a republication copies.
  shingles_.clear();
  ShingleSink words(sink, sign_ && document.type == DocumentType::article ? &shingles_ : nullptr);

  // Title: prefixed (title:) and unprefixed with more weight, first positions.
  if (!document.title.empty()) {
    sink.configure(0, {{schema::kTitle, 1}, {"", schema::kTitleWeight}});
    sink.set_text(document.title);
    index_text(document.title, analysed_language, words);
  }
  sink.configure(sink.last_position() + schema::kBodyPositionGap, {{"", 1}});
  sink.set_text(document.body);
  index_text(document.body, analysed_language, words);
  signature_ = shingles_.signature();
  if (signature_) {
    for (const std::string& band : dedupe::band_terms(*signature_, schema::kBand))
      out.add_boolean_term(band);
    out.add_value(schema::kSlotSignature, dedupe::encode(*signature_));
  }
  // Embedded quotes (tweets) in their own language, after the body.
  for (const Quote& quote : document.quotes) {
    sink.configure(sink.last_position() + schema::kBodyPositionGap, {{"", 1}});
    const std::string& language = quote.lang;
    const bool known = std::find(analyzer_.languages().begin(), analyzer_.languages().end(),
                                 language) != analyzer_.languages().end();
    sink.set_text(quote.text);
    index_text(quote.text, known ? std::string_view(language) : std::string_view(), sink);
    if (!quote.handle.empty()) {
      std::string handle = quote.handle.substr(quote.handle[0] == '@' ? 1 : 0);
      for (char& c : handle)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
      out.add_term(fit_term("XAT" + handle));
    }
  }

  const std::string type(to_string(document.type));
  const std::string thread = document.type == DocumentType::comment && !document.parent.empty()
                                 ? document.parent
                                 : document.id;
  const std::map<std::string, unsigned> entities = count_entities(thread_entities, document.date);
  entity_ids_.clear();
  for (const auto& [id, count] : entities)
    entity_ids_.push_back(id);
  add_entities(out, entities, thread);
  add_boolean(out, schema::kId, document.id);
  add_boolean(out, schema::kType, type);
  add_boolean(out, schema::kThread, thread);
  add_boolean(out, schema::kAuthor, analyzer_.fold(document.author));
  if (document.premium) out.add_boolean_term(std::string(schema::kPremium));
  add_boolean(out, schema::kHost, analysis::url_host(document.url));
  const std::string day = date_yyyymmdd(document.date);
  if (!day.empty()) {
    add_boolean(out, schema::kDay, day);
    add_boolean(out, schema::kMonth, day.substr(0, 6));
    add_boolean(out, schema::kYear, day.substr(0, 4));
    std::string sortable = day;
    for (std::size_t i = 10; i < document.date.size() && sortable.size() < 14; ++i)
      if (document.date[i] >= '0' && document.date[i] <= '9') sortable += document.date[i];
    out.add_value(schema::kSlotDate, sortable);
  }
  // The declared language, else the one most words were analysed in.
  std::string language = document.lang;
  if (language.empty()) {
    unsigned most = 0;
    for (const auto& [name, count] : languages)
      if (count > most) most = count, language = name;
  }
  add_boolean(out, schema::kLanguage, language);
  out.add_value(schema::kSlotThread, thread);
  out.add_value(schema::kSlotType, type);
  out.add_value(schema::kSlotSummary, encode_summary(document));
  out.set_data(std::move(stored));
  count_document_forms();
  return out;
}

void DocumentBuilder::count_document_forms() {
  std::sort(document_forms_.begin(), document_forms_.end());
  document_forms_.erase(std::unique(document_forms_.begin(), document_forms_.end()),
                        document_forms_.end());
  for (auto& [folded, written] : document_forms_)
    ++display_forms_[folded][written];
}

}  // namespace crible::index
