#include "search/query_compiler.h"

#include <algorithm>
#include <functional>

#include "analysis/special_tokens.h"
#include "core/calendar.h"
#include "crible/error.h"
#include "index/schema.h"
#include "search/query_syntax.h"
#include "search/vocabulary.h"

namespace crible::search {

namespace {

using Node = SyntaxNode;
using Kind = SyntaxNode::Kind;
using MaybeQuery = std::optional<Xapian::Query>;

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return text;
}

bool is_blank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_query_space);
}

bool is_digits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int days_in_month(int year, int month) {
  return static_cast<int>(core::days_in_month(year, static_cast<unsigned>(month)));
}

// "2021", "2021-02", "2021-02-19" -> "2021", "202102", "20210219"; empty when it is
// not one of these forms or not a day of the calendar (2021-02-29, 21-02).
std::string date_prefix(std::string_view text) {
  const std::string_view year = text.substr(0, 4);
  if (text.size() == 4 && is_digits(year)) return std::string(year);
  if (text.size() != 7 && text.size() != 10) return {};
  const std::string_view month = text.substr(5, 2);
  if (!is_digits(year) || text[4] != '-' || !is_digits(month)) return {};
  const int month_number = std::stoi(std::string(month));
  if (month_number < 1 || month_number > 12) return {};
  if (text.size() == 7) return std::string(year) + std::string(month);
  const std::string_view day = text.substr(8, 2);
  if (text[7] != '-' || !is_digits(day)) return {};
  const int day_number = std::stoi(std::string(day));
  if (day_number < 1 || day_number > days_in_month(std::stoi(std::string(year)), month_number))
    return {};
  return std::string(year) + std::string(month) + std::string(day);
}

// date:2021-02-19, date:2021-02, date:2021-02-01..2021-02-28, date:2021-02-01..,
// date:..2021-02-28: a range on the date value ("YYYYMMDD[hhmmss]"), each bound
// covering its whole day, month or year.
Xapian::Query date_query(const std::string& value) {
  const std::size_t dots = value.find("..");
  const std::string_view all(value);
  const std::string_view from = dots == std::string::npos ? all : all.substr(0, dots);
  const std::string_view to = dots == std::string::npos ? all : all.substr(dots + 2);
  const std::string low = date_prefix(from), high = date_prefix(to);
  if ((!from.empty() && low.empty()) || (!to.empty() && high.empty()) ||
      (from.empty() && to.empty()))
    throw InvalidArgument("date: '" + value +
                          "' is not a date or range (2021-02-19, 2021-02, 2021, "
                          "2021-02-01..2021-02-28, 2021-02-01.., ..2021-02-28)");
  // Every value starting with the upper bound's digits sorts below it + "\xff".
  const std::string ceiling = high + "\xff";
  // A range that starts after it ends (2022..2021-01) holds no date. Said explicitly:
  // an empty Xapian::Query is matched as nothing, and must stay so downstream.
  if (!from.empty() && !to.empty() && low > ceiling) return Xapian::Query::MatchNothing;
  if (from.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_LE, schema::kSlotDate, ceiling);
  if (to.empty()) return Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::kSlotDate, low);
  return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, schema::kSlotDate, low, ceiling);
}

// Filters and exclusions add nothing to a score.
Xapian::Query unweighted(const Xapian::Query& query) {
  return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, query, 0.0);
}

// @p query as a match test only, its weights dropped: each AND_MAYBE is its required
// side (the same documents), each OP_SCALE_WEIGHT its subquery. For the right side of
// an AND_NOT: Xapian 1.4.22 reads uninitialised maximum weights when an AND_MAYBE
// sits under an AND there (seen with valgrind; the matcher then wrongly decays it and
// documents that should be excluded are not, now and then and only in some
// processes: found by tests/search/test_differential.cpp). Branches without either
// operator are kept as they are (phrases, synonyms, wildcards and value ranges hold
// none).
Xapian::Query matching_only(const Xapian::Query& query) {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_AND_MAYBE || op == Xapian::Query::OP_SCALE_WEIGHT)
    return matching_only(query.get_subquery(0));
  if (op != Xapian::Query::OP_AND && op != Xapian::Query::OP_OR &&
      op != Xapian::Query::OP_AND_NOT && op != Xapian::Query::OP_FILTER)
    return query;
  std::vector<Xapian::Query> children;
  for (std::size_t i = 0; i < query.get_num_subqueries(); ++i)
    children.push_back(matching_only(query.get_subquery(i)));
  return Xapian::Query(op, children.begin(), children.end());
}

// left AND_NOT right, the right side matching only (see matching_only).
Xapian::Query and_not(const Xapian::Query& left, const Xapian::Query& right) {
  return Xapian::Query(Xapian::Query::OP_AND_NOT, left, matching_only(right));
}

Xapian::Query combine(Xapian::Query::op op, const std::vector<Xapian::Query>& queries) {
  if (queries.size() == 1) return queries.front();
  return Xapian::Query(op, queries.begin(), queries.end());
}

// A searched word of a text: its stems and its position in that text.
// A word's typo neighbours weigh this much of what they would as the word itself:
// below it, as Meilisearch ranks fewer typos first.
constexpr double kTypoWeight = 0.5;
// A note names this many of the neighbours a mistyped word searched.
constexpr std::size_t kNamedNeighbours = 5;

struct Word {
  std::string unstemmed;                 // "economie": the folded word term
  std::string lang;                      // the language it was analysed in
  std::string phrase_stem;               // "Zeconom": positional
  std::vector<std::string> other_stems;  // indexed at the same position
  std::uint32_t position = 0;
};

}  // namespace

class QueryCompiler::Impl {
 public:
  Impl(Analyzer analyzer, std::optional<Gazetteer> gazetteer, CompileOptions options)
      : analyzer_(std::move(analyzer)), gazetteer_(std::move(gazetteer)) {
    set_options(options);
  }

  void set_options(const CompileOptions& options) { options_ = options; }

  CompiledQuery compile(std::string_view text) {
    if (text.size() > options_.max_bytes)
      throw InvalidArgument("query is " + std::to_string(text.size()) +
                            " bytes, over the limit of " + std::to_string(options_.max_bytes));
    CompiledQuery compiled;
    if (is_blank(text)) {  // every document
      compiled.query = Xapian::Query::MatchAll;
      choose_language(nullptr, compiled);
      return compiled;
    }
    query_ = text;
    out_ = &compiled;
    notes_.clear();
    next_position_ = 0;
    leaves_ = 0;
    SyntaxTree tree = parse_syntax(text);
    notes_ = std::move(tree.notes);
    choose_language(tree.root ? &*tree.root : nullptr, compiled);
    const MaybeQuery query = tree.root ? node(*tree.root) : std::nullopt;
    out_ = nullptr;
    if (leaves_ > options_.max_terms)
      throw InvalidArgument("query has " + std::to_string(leaves_) + " terms, over the limit of " +
                            std::to_string(options_.max_terms));
    if (query) {
      compiled.query = *query;
    } else {
      compiled.nothing_to_search = true;
      notes_.push_back(
          "nothing to search for: the query has only stop words, punctuation or "
          "operators; it matches no document");
    }
    for (const std::string& note : notes_)
      compiled.note += (compiled.note.empty() ? "" : "; ") + note;
    return compiled;
  }

  Analyzer& analyzer() { return analyzer_; }

 private:
  // docs/query-syntax.md, "Query language": the caller's language, else the one all
  // positive lang: filters name, else the language of the query's words read as one
  // paragraph of a document (the same detection as indexing, so a query is read as
  // its words would be if a document held them), else the default.
  void choose_language(const Node* root, CompiledQuery& compiled) {
    const AnalyzerOptions& analysis = analyzer_.options();
    const auto stems = [&](std::string_view language) {
      return std::find(analysis.languages.begin(), analysis.languages.end(), language) !=
             analysis.languages.end();
    };
    std::vector<std::string> filtered;
    if (root) language_filters(*root, true, filtered);
    if (!options_.language.empty()) {
      if (!stems(options_.language))
        throw InvalidArgument("query language '" + options_.language +
                              "' is not one of the analyzer's languages (" +
                              joined(analysis.languages) + ")");
      compiled.language = options_.language;
      compiled.language_source = "option";
    } else if (one_stemmed(filtered, stems)) {
      compiled.language = filtered.front();
      compiled.language_source = "filter";
    } else {
      std::string words;
      if (root) searched_text(*root, words);
      analyzer_.analyze(words, tokens_);
      const bool detectable = words.size() >= analysis.min_detect_bytes && !tokens_.empty();
      compiled.language = detectable ? tokens_.front().lang : analysis.default_language;
      compiled.language_source = detectable ? "detected" : "default";
    }
    language_ = compiled.language;
  }

  static std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items)
      out += (out.empty() ? "" : ", ") + item;
    return out;
  }

  // Whether @p languages, not empty, are all one language the analyzer stems.
  template <typename Stems>
  static bool one_stemmed(const std::vector<std::string>& languages, const Stems& stems) {
    return !languages.empty() && stems(languages.front()) &&
           std::all_of(languages.begin(), languages.end(),
                       [&](const std::string& language) { return language == languages.front(); });
  }

  // The values of the lang: filters a match must satisfy (not under NOT or -).
  static void language_filters(const Node& node, bool positive, std::vector<std::string>& out) {
    const bool here = positive && node.mark != '-';
    if (node.kind == Kind::field) {
      if (here && node.field == "lang") out.push_back(ascii_lower(node.children.front().text));
      return;
    }
    for (std::size_t i = 0; i < node.children.size(); ++i)
      language_filters(node.children[i], here && !(node.kind == Kind::not_op && i == 1), out);
  }

  // The words a query searches (texts, phrases, title: values), joined by spaces.
  static void searched_text(const Node& node, std::string& out) {
    if (node.kind == Kind::text || node.kind == Kind::phrase) {
      out += (out.empty() ? "" : " ") + node.text;
      return;
    }
    if (node.kind == Kind::field && node.field != "title") return;
    for (const Node& child : node.children)
      searched_text(child, out);
  }

  MaybeQuery node(const Node& node) {
    switch (node.kind) {
      case Kind::text:
      case Kind::phrase:
      case Kind::wildcard:
        return words(node, "");
      case Kind::field: {  // a filter alone (not in a sequence) still adds no score
        const MaybeQuery query = field(node);
        return query && is_filter_field(node.field) ? unweighted(*query) : query;
      }
      case Kind::near:
        return near(node);
      case Kind::sequence:
        return sequence(node);
      case Kind::and_op:
        return binary(Xapian::Query::OP_AND, node);
      case Kind::or_op:
        return binary(Xapian::Query::OP_OR, node);
      case Kind::xor_op:
        return symmetric_difference(node);
      case Kind::not_op: {
        const MaybeQuery left = node.has_left ? this->node(node.children[0]) : std::nullopt;
        const MaybeQuery right = this->node(node.children[1]);
        if (!right) return left;  // a NOT whose operand was all stop words: nothing to take away
        return and_not(left ? *left : unweighted(Xapian::Query::MatchAll), *right);
      }
    }
    return std::nullopt;
  }

  // An operand that gave nothing to search is absent: the other one stands alone.
  MaybeQuery binary(Xapian::Query::op op, const Node& node) {
    const MaybeQuery left = this->node(node.children[0]);
    const MaybeQuery right = this->node(node.children[1]);
    if (!left || !right) return left ? left : right;
    return Xapian::Query(op, *left, *right);
  }

  // a XOR b as (a OR b) AND_NOT (a AND b): the same documents and the same weights (a
  // match holds one side only, OR's weight is that side's), without OP_XOR, which
  // crashes Xapian 1.4.22's matcher over several databases (a sharded index) when a
  // shard matches one side only (found by tests/search/test_differential.cpp). The
  // operands are written twice, so they count twice against max_terms.
  MaybeQuery symmetric_difference(const Node& node) {
    const std::size_t leaves_before = leaves_;
    const MaybeQuery left = this->node(node.children[0]);
    const MaybeQuery right = this->node(node.children[1]);
    if (!left || !right) return left ? left : right;
    leaves_ += leaves_ - leaves_before;
    return and_not(Xapian::Query(Xapian::Query::OP_OR, *left, *right),
                   Xapian::Query(Xapian::Query::OP_AND, *left, *right));
  }

  // docs/query-syntax.md, "A sequence": plain items by the default operator, + and
  // filters required, - excluded.
  MaybeQuery sequence(const Node& node) {
    std::vector<Xapian::Query> plain, required, filters, excluded;
    for (const Node& item : with_ignored_near_spliced(node.children)) {
      const bool filter = item.kind == Kind::field && is_filter_field(item.field);
      const MaybeQuery query = filter ? field(item) : this->node(item);
      if (!query) continue;
      if (item.mark == '-')
        excluded.push_back(*query);
      else if (item.mark == '+')
        required.push_back(*query);
      else if (filter)
        filters.push_back(*query);
      else
        plain.push_back(*query);
    }
    MaybeQuery positive;
    if (options_.default_and) {
      required.insert(required.end(), plain.begin(), plain.end());
      plain.clear();
    }
    if (!required.empty()) {
      positive = combine(Xapian::Query::OP_AND, required);
      if (!plain.empty())
        positive = Xapian::Query(Xapian::Query::OP_AND_MAYBE, *positive,
                                 combine(Xapian::Query::OP_OR, plain));
    } else if (!plain.empty()) {
      positive = combine(Xapian::Query::OP_OR, plain);
    }
    if (!filters.empty()) {
      const Xapian::Query filter = combine(Xapian::Query::OP_AND, filters);
      positive = positive ? Xapian::Query(Xapian::Query::OP_FILTER, *positive, filter)
                          : unweighted(filter);
    }
    if (excluded.empty()) return positive;
    return and_not(positive ? *positive : unweighted(Xapian::Query::MatchAll),
                   combine(Xapian::Query::OP_OR, excluded));
  }

  MaybeQuery field(const Node& node) {
    const Node& value = node.children.front();
    if (node.field == "title") return words(value, schema::kTitle);
    const std::string& text = value.text;
    std::string term;
    if (node.field == "date") {
      ++leaves_;
      Xapian::Query range = date_query(text);
      if (range.empty())
        notes_.push_back(quote_at(written(node), node.start) +
                         " starts after it ends: it matches no document");
      return range;
    }
    if (node.field == "type") {
      const std::string type = ascii_lower(text);
      if (type != "article" && type != "comment")
        throw InvalidArgument("type: '" + text + "' is not article or comment");
      term = std::string(schema::kType) + type;
    } else if (node.field == "entity") {
      if (!gazetteer_) throw InvalidArgument("entity: this index was built without entities");
      const Entity& entity = gazetteer_->require(text);
      out_->entities.push_back(entity.id);
      term = std::string(schema::kEntity) + entity.id;
    } else if (node.field == "author") {
      term = std::string(schema::kAuthor) + analyzer_.fold(text);
    } else if (node.field == "host") {
      const std::string host = analysis::url_host(text);
      if (host.empty()) throw InvalidArgument("host: '" + text + "' is not a host name");
      term = std::string(schema::kHost) + host;
    } else {  // lang
      term = std::string(schema::kLanguage) + ascii_lower(text);
    }
    ++leaves_;
    return Xapian::Query(term);
  }

  // A text, phrase or wildcard, under @p prefix ("" for the body, "S" for title:).
  MaybeQuery words(const Node& node, std::string_view prefix) {
    if (node.kind == Kind::wildcard) return wildcard(node, prefix);
    const std::vector<Word> searched = analyse(node);
    if (searched.empty()) {
      if (!any_word_)
        notes_.push_back(quote_at(written(node), node.start) + " has nothing to search: ignored");
      return std::nullopt;
    }
    out_->text_spans.emplace_back(node.start, node.end);
    if (searched.size() == 1) {
      const Word& word = searched.front();
      if (node.kind == Kind::phrase || word_count_ > 1) return stem(word.phrase_stem, prefix);
      std::vector<Xapian::Query> stems{stem(word.phrase_stem, prefix)};
      for (const std::string& other : word.other_stems)
        stems.push_back(stem(other, prefix, false));
      return with_typos(combine(Xapian::Query::OP_SYNONYM, stems), word, prefix, node);
    }
    std::vector<Xapian::Query> terms;
    for (const Word& word : searched)
      terms.push_back(stem(word.phrase_stem, prefix));
    const Xapian::termcount window = searched.back().position - searched.front().position + 1;
    return Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(), window);
  }

  // With CompileOptions::typos, a word the index lacks: @p exact OR its neighbours'
  // stems (one synonym, so that a document is not rewarded for holding several of them),
  // weighted down.
  Xapian::Query with_typos(Xapian::Query exact, const Word& word, std::string_view prefix,
                           const Node& node) {
    if (!options_.typos || !options_.database || options_.database->term_exists(word.unstemmed))
      return exact;
    const std::vector<VocabularyWord> found =
        options_.typos().neighbours(word.unstemmed, options_.max_wildcard_expansion);
    std::vector<Xapian::Query> stems;
    std::string named;
    for (std::size_t k = 0; k < found.size(); ++k) {
      const WordTerms terms = analyzer_.word_terms(found[k].term, word.lang);
      if (terms.phrase_stem.empty()) continue;
      stems.push_back(stem(terms.phrase_stem, prefix, false));
      for (const std::string& other : terms.other_stems)
        stems.push_back(stem(other, prefix, false));
      if (k < kNamedNeighbours) named += (named.empty() ? "" : ", ") + found[k].term;
    }
    if (stems.empty()) return exact;
    notes_.push_back(quote_at(written(node), node.start) + " is not in the index: also searched " +
                     named + (found.size() > kNamedNeighbours ? ", …" : ""));
    return Xapian::Query(Xapian::Query::OP_OR, exact,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                       combine(Xapian::Query::OP_SYNONYM, stems), kTypoWeight));
  }

  MaybeQuery wildcard(const Node& node, std::string_view prefix) {
    const std::string folded = analyzer_.word_terms(node.text).unstemmed;
    if (folded.empty()) {
      notes_.push_back(quote_at(written(node), node.start) + " has nothing to search: ignored");
      return std::nullopt;
    }
    const std::string pattern = std::string(prefix) + folded;
    if (options_.database) check_expansion(pattern, node);
    out_->wildcards.push_back(folded);
    out_->text_spans.emplace_back(node.start, node.end);
    ++leaves_;
    return Xapian::Query(Xapian::Query::OP_WILDCARD, pattern, options_.max_wildcard_expansion,
                         Xapian::Query::WILDCARD_LIMIT_ERROR);
  }

  // Xapian would throw WildcardError when the query runs; counting the index's terms
  // now makes the refusal the compiler's, the same for a search and for parse().
  void check_expansion(const std::string& pattern, const Node& node) const {
    Xapian::termcount count = 0;
    const Xapian::TermIterator end = options_.database->allterms_end(pattern);
    for (auto term = options_.database->allterms_begin(pattern); term != end; ++term)
      if (++count > options_.max_wildcard_expansion)
        throw InvalidArgument(
            "the wildcard " + quote_at(written(node), node.start) + " matches more than " +
            std::to_string(options_.max_wildcard_expansion) + " words: make its prefix longer");
  }

  // a NEAR b: each operand one searched word, else the operator is ignored and the
  // operands are items of a sequence.
  // docs/query-syntax.md: a NEAR/ADJ whose operands are not one word each is ignored
  // and its operands become items of the sequence, the chain's mark on the first
  // (`-a;b NEAR c` excludes a;b and searches c).
  std::vector<Node> with_ignored_near_spliced(const std::vector<Node>& items) {
    std::vector<Node> out;
    for (const Node& item : items) {
      if (item.kind != Kind::near || near_is_valid(item)) {
        out.push_back(item);
        continue;
      }
      note_ignored_near(item);
      for (std::size_t k = 0; k < item.children.size(); ++k) {
        out.push_back(item.children[k]);
        if (k == 0) out.back().mark = item.mark;
      }
    }
    return out;
  }

  bool near_is_valid(const Node& node) {
    return std::all_of(node.children.begin(), node.children.end(), [&](const Node& operand) {
      return analyse(operand).size() == 1 && word_count_ == 1;
    });
  }

  void note_ignored_near(const Node& node) {
    notes_.push_back("'" + node.field + "' at byte " + std::to_string(node.children[1].start) +
                     " needs one word on each side: ignored");
  }

  MaybeQuery near(const Node& node) {
    if (!near_is_valid(node)) {  // not in a sequence (a NEAR b AND c): its items are one
      note_ignored_near(node);
      Node items = node;
      items.kind = Kind::sequence;
      items.mark = 0;
      return sequence(items);
    }
    std::vector<Xapian::Query> terms;
    for (const Node& operand : node.children)
      terms.push_back(stem(analyse(operand).front().phrase_stem, ""));
    for (const Node& operand : node.children)
      out_->text_spans.emplace_back(operand.start, operand.end);
    const auto window = static_cast<Xapian::termcount>(node.distance + terms.size() - 1);
    return Xapian::Query(node.field == "ADJ" ? Xapian::Query::OP_PHRASE : Xapian::Query::OP_NEAR,
                         terms.begin(), terms.end(), window);
  }

  // The searched words of a text or phrase, analysed as document text is. Sets
  // word_count_ (words, stop words included) and any_word_.
  std::vector<Word> analyse(const Node& node) {
    analyzer_.analyze(node.text, tokens_, language_);
    std::vector<Word> searched;
    word_count_ = 0;
    for (const Token& token : tokens_) {
      if (token.kind != TokenKind::word && token.kind != TokenKind::number) continue;
      ++word_count_;
      WordTerms terms = analyzer_.word_terms(token.text, token.lang);
      if (terms.stopword || terms.phrase_stem.empty()) continue;
      if (token.lang == analyzer_.options().default_language) add_accent_stems(terms);
      searched.push_back({std::move(terms.unstemmed), token.lang, std::move(terms.phrase_stem),
                          std::move(terms.other_stems), token.position});
    }
    any_word_ = word_count_ > 0;
    return searched;
  }

  // Design D of bench/RESULTS.md ("Stem design"), as built: a word also searches the
  // stems the index's accented spellings of its folded form carry, so that `donnees`
  // finds what `données` finds. Its own stems stay: an accented spelling the index does
  // not hold ("abordèrent") still finds its Snowball class through its second stem.
  void add_accent_stems(WordTerms& terms) {
    if (!options_.accent_stems) return;
    accent_scratch_.clear();
    options_.accent_stems(terms.unstemmed, accent_scratch_);
    for (std::string& stem : accent_scratch_)
      if (stem != terms.phrase_stem && std::find(terms.other_stems.begin(), terms.other_stems.end(),
                                                 stem) == terms.other_stems.end())
        terms.other_stems.push_back(std::move(stem));
  }

  // A stem term ("Zeconom") as a query leaf, under a field prefix ("ZSeconom").
  // A word's other stems share its position (@p positioned false).
  Xapian::Query stem(const std::string& term, std::string_view prefix, bool positioned = true) {
    ++leaves_;
    std::string name = prefix.empty() ? term : "Z" + std::string(prefix) + term.substr(1);
    return Xapian::Query(name, 1, positioned ? ++next_position_ : 0);
  }

  std::string_view written(const Node& node) const {
    return query_.substr(node.start, node.end - node.start);
  }

  Analyzer analyzer_;
  std::optional<Gazetteer> gazetteer_;
  CompileOptions options_;
  // The query being compiled.
  std::string_view query_;
  CompiledQuery* out_ = nullptr;
  std::vector<std::string> notes_;
  std::vector<Token> tokens_;
  std::string language_;  // the query's language (choose_language)
  std::vector<std::string> accent_scratch_;
  Xapian::termpos next_position_ = 0;
  std::size_t leaves_ = 0;
  std::size_t word_count_ = 0;
  bool any_word_ = false;
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
