#include <xapian.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "crible/entities.h"
#include "crible/error.h"
#include "crible/query.h"

namespace crible {
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
    if (terms.stopword) stop_terms_.insert(terms.phrase_stem);
    for (const std::string& other : terms.other_stems)
      alternatives_[terms.phrase_stem].insert(other);
    return stem;
  }
  std::string get_description() const override { return "crible::Analyzer"; }

  void clear() {
    alternatives_.clear();
    stop_terms_.clear();
  }
  // Stop words in phrases: QueryParser keeps them, the index has no postings for them.
  bool is_stop_term(const std::string& term) const { return stop_terms_.count(term) > 0; }
  const std::set<std::string>* alternatives(const std::string& term) const {
    const auto found = alternatives_.find(term);
    return found == alternatives_.end() ? nullptr : &found->second;
  }

 private:
  Analyzer& analyzer_;
  std::map<std::string, std::set<std::string>> alternatives_;
  std::set<std::string> stop_terms_;
};

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

}  // namespace

// entity:Microsoft, entity:msft, entity:"Tik Tok", entity:ORCL: a filter on the
// entity's XE term, whatever alias names it.
class EntityFieldProcessor : public Xapian::FieldProcessor {
 public:
  explicit EntityFieldProcessor(const Gazetteer& gazetteer) : gazetteer_(gazetteer) {}

  Xapian::Query operator()(const std::string& surface) override {
    if (const Entity* entity = gazetteer_.resolve(surface)) return Xapian::Query("XE" + entity->id);
    // No exception through Xapian's parser (it leaks on one): remember, fail after.
    if (unknown_.empty()) unknown_ = surface;
    return Xapian::Query::MatchNothing;
  }

  void clear() { unknown_.clear(); }

  // Throws InvalidArgument naming the first unknown entity of the last parse and the
  // closest known ones.
  void check() const {
    if (!unknown_.empty()) gazetteer_.require(unknown_);
  }

 private:
  const Gazetteer& gazetteer_;
  std::string unknown_;
};

class QueryBuilder::Impl {
 public:
  Impl(Analyzer analyzer, QueryOptions options, std::optional<Gazetteer> gazetteer)
      : analyzer_(std::move(analyzer)),
        gazetteer_(std::move(gazetteer)),
        stem_(new AnalyzerStem(analyzer_)),
        stopper_(analyzer_) {
    parser_.set_stemmer(Xapian::Stem(stem_));  // the Stem takes ownership
    parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
    parser_.set_stopper(&stopper_);
    parser_.set_default_op(options.default_and ? Xapian::Query::OP_AND : Xapian::Query::OP_OR);
    if (gazetteer_) {
      entity_field_ = std::make_unique<EntityFieldProcessor>(*gazetteer_);
      // A unique (empty) grouping: `entity:a entity:b` asks for documents mentioning
      // both, not either.
      const std::string each_filter_apart;
      parser_.add_boolean_prefix("entity", entity_field_.get(), &each_filter_apart);
    }
  }

  ParsedQuery parse(std::string_view text) {
    ParsedQuery parsed;
    try {
      parsed.description = build(text, kFlags).get_description();
    } catch (const Xapian::QueryParserError& e) {
      parsed.note = "syntax error (" + e.get_msg() + "): searched for the words only";
      try {
        parsed.description = build(without_operators(text), 0).get_description();
      } catch (const Xapian::Error& e2) {
        throw Error("query: " + e2.get_msg());
      }
    } catch (const Xapian::Error& e) {
      throw Error("query: " + e.get_msg());
    }
    return parsed;
  }

 private:
  static constexpr unsigned kFlags =
      Xapian::QueryParser::FLAG_BOOLEAN | Xapian::QueryParser::FLAG_PHRASE |
      Xapian::QueryParser::FLAG_LOVEHATE | Xapian::QueryParser::FLAG_PURE_NOT;
  // Not FLAG_BOOLEAN_ANY_CASE: "or" and "et" are French words, only AND OR NOT are operators.

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

  Xapian::Query build(std::string_view text, unsigned flags) {
    stem_->clear();
    if (entity_field_) entity_field_->clear();
    Xapian::Query query = with_other_stems(parser_.parse_query(std::string(text), flags));
    if (entity_field_) entity_field_->check();
    return query;
  }

  // Replaces each stem term by the synonym of all its stems. Phrases and NEAR stay on
  // the positional stem every occurrence of a word carries.
  Xapian::Query with_other_stems(const Xapian::Query& query) const {
    const auto type = query.get_type();
    if (type == Xapian::Query::LEAF_TERM) {
      const std::set<std::string>* others = stem_->alternatives(*query.get_terms_begin());
      if (!others) return query;
      std::vector<Xapian::Query> synonyms{query};
      for (const std::string& other : *others)
        synonyms.emplace_back(other);
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
      if (child.get_type() == Xapian::Query::LEAF_TERM &&
          stem_->is_stop_term(*child.get_terms_begin()))
        continue;
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
  std::unique_ptr<EntityFieldProcessor> entity_field_;
  Xapian::QueryParser parser_;
};

QueryBuilder::QueryBuilder(Analyzer analyzer, QueryOptions options)
    : impl_(std::make_unique<Impl>(std::move(analyzer), options, std::nullopt)) {}
QueryBuilder::QueryBuilder(Analyzer analyzer, Gazetteer gazetteer, QueryOptions options)
    : impl_(std::make_unique<Impl>(std::move(analyzer), options, std::move(gazetteer))) {}
QueryBuilder::QueryBuilder(QueryBuilder&&) noexcept = default;
QueryBuilder& QueryBuilder::operator=(QueryBuilder&&) noexcept = default;
QueryBuilder::~QueryBuilder() = default;

ParsedQuery QueryBuilder::parse(std::string_view query) {
  return impl_->parse(query);
}

}  // namespace crible
