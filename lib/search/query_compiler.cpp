#include "search/query_compiler.h"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "analysis/special_tokens.h"
#include "crible/error.h"
#include "index/schema.h"

namespace crible::search {

namespace {

// Xapian's QueryParser hands every query word to this stemmer, lower-cased and with
// its elision still attached ("d'oracle"); it answers with crible's own stem, and
// remembers the other stems of that word so the query can search them too.
class AnalyzerStem : public Xapian::StemImplementation {
 public:
  explicit AnalyzerStem(Analyzer& analyzer) : analyzer_(analyzer) {}

  std::string operator()(const std::string& word) override {
    const WordTerms terms = analyzer_.word_terms(word);
    if (terms.phrase_stem.empty()) return word;
    const std::string stem = terms.phrase_stem.substr(1);  // QueryParser adds the "Z"
    if (terms.stopword) stop_stems_.insert(stem);
    for (const std::string& other : terms.other_stems)
      alternatives_[stem].insert(other.substr(1));
    return stem;
  }
  std::string get_description() const override { return "crible::Analyzer"; }

  void clear() {
    alternatives_.clear();
    stop_stems_.clear();
  }

  // Stems come back from QueryParser as "Z" + field prefix + stem.
  bool is_stop_term(const std::string& term, std::size_t prefix) const {
    return stop_stems_.count(term.substr(prefix)) > 0;
  }
  const std::set<std::string>* alternatives(const std::string& term, std::size_t prefix) const {
    const auto found = alternatives_.find(term.substr(prefix));
    return found == alternatives_.end() ? nullptr : &found->second;
  }

 private:
  Analyzer& analyzer_;
  std::map<std::string, std::set<std::string>> alternatives_;  // stem -> other stems
  std::set<std::string> stop_stems_;
};

class AnalyzerStopper : public Xapian::Stopper {
 public:
  explicit AnalyzerStopper(const Analyzer& analyzer) : analyzer_(analyzer) {}
  bool operator()(const std::string& word) const override {
    return analyzer_.is_stopword(analyzer_.fold(word));
  }
  std::string get_description() const override { return "crible::Analyzer stop words"; }

 private:
  const Analyzer& analyzer_;
};

// The length of a stem term's prefix: "Z" plus the field prefix ("ZS" for title:).
std::size_t stem_prefix_length(const std::string& term) {
  std::size_t length = 1;
  while (length < term.size() && term[length] >= 'A' && term[length] <= 'Z')
    ++length;
  return length;
}

// The window of a PHRASE or NEAR query as Xapian describes it ("(a PHRASE 3 b)"):
// Xapian 1.4 has no accessor for it.
Xapian::termcount window_of(const Xapian::Query& query, const char* op) {
  const std::string description = query.get_description();
  const std::string marker = std::string(" ") + op + " ";
  const std::size_t at = description.find(marker);
  if (at == std::string::npos) return 0;
  return static_cast<Xapian::termcount>(
      std::strtoul(description.c_str() + at + marker.size(), nullptr, 10));
}

// Field processors must not throw through Xapian's parser (it leaks when one does):
// they note the first problem here, and compile() throws it once parsing is over.
struct FieldProblems {
  std::string first;
  void note(std::string problem) {
    if (first.empty()) first = std::move(problem);
  }
};

// A boolean field whose value becomes one term: prefix + normalise(value).
class TermField : public Xapian::FieldProcessor {
 public:
  using Normalise = std::function<std::string(const std::string&, FieldProblems&)>;
  TermField(std::string prefix, Normalise normalise, FieldProblems& problems)
      : prefix_(std::move(prefix)), normalise_(std::move(normalise)), problems_(problems) {}

  Xapian::Query operator()(const std::string& value) override {
    const std::string normalised = normalise_(value, problems_);
    if (normalised.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(prefix_ + normalised);
  }

 private:
  std::string prefix_;
  Normalise normalise_;
  FieldProblems& problems_;
};

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return text;
}

// "2021", "2021-02", "2021-02-19" (or without dashes) -> "2021", "202102", "20210219";
// empty when it is not a date.
std::string date_prefix(std::string_view text) {
  std::string digits;
  for (const char c : text) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != '-')
      return {};
  }
  if (digits.size() != 4 && digits.size() != 6 && digits.size() != 8) return {};
  if (digits.size() >= 6) {
    const int month = std::stoi(digits.substr(4, 2));
    if (month < 1 || month > 12) return {};
  }
  if (digits.size() == 8) {
    const int day = std::stoi(digits.substr(6, 2));
    if (day < 1 || day > 31) return {};
  }
  return digits;
}

// date:2021-02-19, date:2021-02, date:2021-02-01..2021-02-28, date:2021-02-01..,
// date:..2021-02-28: a range on the date value ("YYYYMMDD[hhmmss]"), each bound
// covering its whole day, month or year.
class DateField : public Xapian::FieldProcessor {
 public:
  explicit DateField(FieldProblems& problems) : problems_(problems) {}

  Xapian::Query operator()(const std::string& value) override {
    const std::size_t dots = value.find("..");
    const std::string_view from = dots == std::string::npos
                                      ? std::string_view(value)
                                      : std::string_view(value).substr(0, dots);
    const std::string_view to = dots == std::string::npos
                                    ? std::string_view(value)
                                    : std::string_view(value).substr(dots + 2);
    const std::string low = date_prefix(from), high = date_prefix(to);
    if ((!from.empty() && low.empty()) || (!to.empty() && high.empty()) ||
        (from.empty() && to.empty())) {
      problems_.note("date: '" + value +
                     "' is not a date or range (2021-02-19, 2021-02, 2021, "
                     "2021-02-01..2021-02-28, 2021-02-01.., ..2021-02-28)");
      return Xapian::Query::MatchNothing;
    }
    // Every value starting with the upper bound's digits sorts below it + "\xff".
    const std::string ceiling = high + "\xff";
    if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, ceiling);
    if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, low);
    return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, low, ceiling);
  }

 private:
  FieldProblems& problems_;
};

// entity:Microsoft, entity:msft, entity:"Tik Tok", entity:ORCL: a filter on the
// entity's XE term, whatever alias names it.
class EntityField : public Xapian::FieldProcessor {
 public:
  EntityField(const Gazetteer& gazetteer, std::vector<std::string>& found)
      : gazetteer_(gazetteer), found_(found) {}

  Xapian::Query operator()(const std::string& surface) override {
    if (const Entity* entity = gazetteer_.resolve(surface)) {
      found_.push_back(entity->id);
      return Xapian::Query(std::string(schema::kEntity) + entity->id);
    }
    if (unknown_.empty()) unknown_ = surface;
    return Xapian::Query::MatchNothing;
  }

  void clear() { unknown_.clear(); }
  // Throws InvalidArgument naming the first unknown entity and the closest known ones.
  void check() const {
    if (!unknown_.empty()) gazetteer_.require(unknown_);
  }

 private:
  const Gazetteer& gazetteer_;
  std::vector<std::string>& found_;
  std::string unknown_;
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

class QueryCompiler::Impl {
 public:
  Impl(Analyzer analyzer, std::optional<Gazetteer> gazetteer, CompileOptions options)
      : analyzer_(std::move(analyzer)),
        gazetteer_(std::move(gazetteer)),
        stem_(new AnalyzerStem(analyzer_)),
        stopper_(analyzer_) {
    parser_.set_stemmer(Xapian::Stem(stem_));  // the Stem takes ownership
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser_.set_stopper(&stopper_);
    set_options(options);
    add_fields();
  }

  void set_options(const CompileOptions& options) {
    max_bytes_ = options.max_bytes;
    max_terms_ = options.max_terms;
    parser_.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    parser_.set_max_expansion(options.max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_ERROR);
  }

  CompiledQuery compile(std::string_view text) {
    if (text.size() > max_bytes_)
      throw InvalidArgument("query is " + std::to_string(text.size()) +
                            " bytes, over the limit of " + std::to_string(max_bytes_));
    CompiledQuery compiled;
    try {
      compiled.query = build(with_folded_wildcards(text, compiled.wildcards), kFlags);
    } catch (const Xapian::QueryParserError& e) {
      compiled.note = "syntax error (" + e.get_msg() + "): searched for the words only";
      compiled.wildcards.clear();
      try {
        compiled.query = build(without_operators(text), 0);
      } catch (const Xapian::Error& e2) {
        throw InvalidArgument("query: " + e2.get_msg());
      }
    } catch (const Xapian::Error& e) {
      throw InvalidArgument("query: " + e.get_msg());
    }
    compiled.entities = std::move(entities_);
    entities_.clear();
    return compiled;
  }

  Analyzer& analyzer() { return analyzer_; }

 private:
  static constexpr unsigned kFlags =
      Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
      Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT |
      Xapian::QueryParser::FLAG_WILDCARD;
  // Not FLAG_BOOLEAN_ANY_CASE: "or" and "et" are French words, only AND OR NOT are operators.

  void add_fields() {
    parser_.add_prefix("title", std::string(schema::kTitle));
    const std::string each_filter_apart;  // a unique grouping: filters AND together
    const auto boolean = [&](const char* field, Xapian::FieldProcessor* processor) {
      fields_.emplace_back(processor);
      parser_.add_boolean_prefix(field, processor, &each_filter_apart);
    };
    boolean("type", new TermField(
                        std::string(schema::kType),
                        [](const std::string& value, FieldProblems& problems) {
                          std::string type = ascii_lower(value);
                          if (type == "article" || type == "comment") return type;
                          problems.note("type: '" + value + "' is not article or comment");
                          return std::string();
                        },
                        problems_));
    boolean("author",
            new TermField(
                std::string(schema::kAuthor),
                [this](const std::string& value, FieldProblems&) { return analyzer_.fold(value); },
                problems_));
    boolean("host",
            new TermField(
                std::string(schema::kHost),
                [](const std::string& value, FieldProblems&) { return analysis::url_host(value); },
                problems_));
    boolean("lang", new TermField(
                        std::string(schema::kLanguage),
                        [](const std::string& value, FieldProblems&) { return ascii_lower(value); },
                        problems_));
    boolean("date", new DateField(problems_));
    if (gazetteer_) {
      entity_field_ = new EntityField(*gazetteer_, entities_);
      boolean("entity", entity_field_);
    } else {  // without it, "entity:x" would silently become a phrase of words
      boolean("entity", new TermField(
                            std::string(schema::kEntity),
                            [](const std::string&, FieldProblems& problems) {
                              problems.note("entity: this index was built without entities");
                              return std::string();
                            },
                            problems_));
    }
  }

  // Wildcards bypass the stemmer, so the parser would look for "écon*" as written:
  // fold each wildcard word (and drop its elision) before parsing, like index words.
  std::string with_folded_wildcards(std::string_view text, std::vector<std::string>& wildcards) {
    std::string out;
    bool quoted = false;
    std::size_t i = 0;
    while (i < text.size()) {
      if (is_space(text[i])) {
        out += text[i++];
        continue;
      }
      std::size_t end = i;
      while (end < text.size() && !is_space(text[end]))
        ++end;
      std::string_view chunk = text.substr(i, end - i);
      const bool toggles = std::count(chunk.begin(), chunk.end(), '"') % 2 == 1;
      const std::size_t star = chunk.find('*');
      if (!quoted && star != std::string_view::npos && star > 0 &&
          chunk.find('"') == std::string_view::npos) {
        // Keep what precedes the word: + - ( and a field prefix.
        std::size_t word = chunk.rfind(':', star);
        word = word == std::string_view::npos ? 0 : word + 1;
        while (word < star && (chunk[word] == '+' || chunk[word] == '-' || chunk[word] == '('))
          ++word;
        const std::string folded = analyzer_.word_terms(chunk.substr(word, star - word)).unstemmed;
        if (!folded.empty()) {
          out.append(chunk.substr(0, word)).append(folded).append(chunk.substr(star));
          wildcards.push_back(folded);
          i = end;
          continue;
        }
      }
      out.append(chunk);
      if (toggles) quoted = !quoted;
      i = end;
    }
    return out;
  }

  // The query without its boolean operator words, for the fallback parse.
  static std::string without_operators(std::string_view text) {
    static constexpr std::string_view kOperators[] = {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};
    std::string kept;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find_first_of(" \t\n", start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view word = text.substr(start, end - start);
      if (std::find(std::begin(kOperators), std::end(kOperators), word) == std::end(kOperators)) {
        kept.append(word);
        kept.push_back(' ');
      }
      start = end + 1;
    }
    return kept;
  }

  Xapian::Query build(const std::string& text, unsigned flags) {
    stem_->clear();
    problems_.first.clear();
    entities_.clear();
    if (entity_field_) entity_field_->clear();
    const Xapian::Query parsed = parser_.parse_query(text, flags);
    if (entity_field_) entity_field_->check();
    if (!problems_.first.empty()) throw InvalidArgument(problems_.first);
    const std::size_t terms = leaf_count(parsed);
    if (terms > max_terms_)
      throw InvalidArgument("query has " + std::to_string(terms) + " terms, over the limit of " +
                            std::to_string(max_terms_));
    return with_other_stems(parsed);
  }

  // The terms of a parsed query (its leaves: words, field values, wildcards), each
  // counted as often as it occurs, since each is a posting list to the matcher.
  static std::size_t leaf_count(const Xapian::Query& query) {
    const std::size_t children = query.get_num_subqueries();
    if (children == 0) return query.empty() ? 0 : 1;
    std::size_t leaves = 0;
    for (std::size_t i = 0; i < children; ++i)
      leaves += leaf_count(query.get_subquery(i));
    return leaves;
  }

  // Replaces each stem term by the synonym of all its stems. Phrases and NEAR stay on
  // the positional stem every occurrence of a word carries.
  Xapian::Query with_other_stems(const Xapian::Query& query) const {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
      const std::string term = *query.get_terms_begin();
      if (term.empty() || term[0] != 'Z') return query;
      const std::size_t prefix = stem_prefix_length(term);
      const std::set<std::string>* others = stem_->alternatives(term, prefix);
      if (!others) return query;
      std::vector<Xapian::Query> synonyms{query};
      for (const std::string& other : *others)
        synonyms.emplace_back(term.substr(0, prefix) + other);
      return Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end());
    }
    switch (type) {
      case Xapian::Query::OP_AND:
      case Xapian::Query::OP_OR:
      case Xapian::Query::OP_AND_NOT:
      case Xapian::Query::OP_XOR:
      case Xapian::Query::OP_AND_MAYBE:
      case Xapian::Query::OP_FILTER:
      case Xapian::Query::OP_SYNONYM:
      case Xapian::Query::OP_MAX: {
        std::vector<Xapian::Query> children;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
          children.push_back(with_other_stems(query.get_subquery(i)));
        return Xapian::Query(static_cast<Xapian::Query::op>(type), children.begin(),
                             children.end());
      }
      case Xapian::Query::OP_PHRASE:
      case Xapian::Query::OP_NEAR:
        return without_stop_words(query, type == Xapian::Query::OP_PHRASE ? "PHRASE" : "NEAR");
      default:
        return query;
    }
  }

  // A phrase or NEAR without its stop words, in the same window: stop words take a
  // position in the index but have no postings ("rachat de TikTok" matches
  // "rachat _ tiktok" within 3 positions).
  Xapian::Query without_stop_words(const Xapian::Query& query, const char* op) const {
    std::vector<Xapian::Query> kept;
    for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) {
      const Xapian::Query child = query.get_subquery(i);
      if (child.get_type() == Xapian::Query::LEAF_TERM) {
        const std::string term = *child.get_terms_begin();
        if (!term.empty() && term[0] == 'Z' && stem_->is_stop_term(term, stem_prefix_length(term)))
          continue;
      }
      kept.push_back(child);
    }
    if (kept.size() == query.get_num_subqueries()) return query;
    if (kept.empty()) return Xapian::Query();
    if (kept.size() == 1) return kept.front();
    return Xapian::Query(query.get_type(), kept.begin(), kept.end(), window_of(query, op));
  }

  Analyzer analyzer_;
  std::optional<Gazetteer> gazetteer_;
  AnalyzerStem* stem_;  // owned by parser_'s Xapian::Stem
  AnalyzerStopper stopper_;
  FieldProblems problems_;
  std::vector<std::string> entities_;  // entity ids named by the query being parsed
  std::vector<std::unique_ptr<Xapian::FieldProcessor>> fields_;
  EntityField* entity_field_ = nullptr;  // in fields_
  Xapian::QueryParser parser_;
  std::size_t max_bytes_ = 0;  // CompileOptions: set in the constructor
  std::size_t max_terms_ = 0;
};

QueryCompiler::QueryCompiler(Analyzer analyzer, std::optional<Gazetteer> gazetteer,
                             CompileOptions options)
    : impl_(std::make_unique<Impl>(std::move(analyzer), std::move(gazetteer), options)) {}
QueryCompiler::QueryCompiler(QueryCompiler&&) noexcept = default;
QueryCompiler& QueryCompiler::operator=(QueryCompiler&&) noexcept = default;
QueryCompiler::~QueryCompiler() = default;

CompiledQuery QueryCompiler::compile(std::string_view text) {
  return impl_->compile(text);
}

void QueryCompiler::set_options(const CompileOptions& options) {
  impl_->set_options(options);
}

Analyzer& QueryCompiler::analyzer() {
  return impl_->analyzer();
}

}  // namespace crible::search
