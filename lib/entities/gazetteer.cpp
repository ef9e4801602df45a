// The gazetteer: loading and validating data/entities.tsv, and matching its entities
// on analysed tokens. The rules of the file format are in data/ENTITIES.md.

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "analysis/elision.h"
#include "analysis/special_tokens.h"
#include "analysis/unicode_fold.h"
#include "analysis/word_breaker.h"
#include "core/edit_distance.h"
#include "crible/entities.h"
#include "crible/error.h"

namespace crible {

using analysis::UnicodeFolder;

std::string_view to_string(EntityType type) noexcept {
  switch (type) {
    case EntityType::org:
      return "ORG";
    case EntityType::person:
      return "PERSON";
    case EntityType::place:
      return "PLACE";
    case EntityType::media:
      return "MEDIA";
    case EntityType::product:
      return "PRODUCT";
    case EntityType::event:
      return "EVENT";
  }
  return "ORG";
}

namespace {

constexpr std::string_view kHeader =
    "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules";
constexpr std::size_t kColumns = 10;

// A word as matching sees it: folded like an index term (elision off, acronym dots
// off, case and accents folded), and how it was written.
struct WordForm {
  std::string folded;
  bool capitalised = false;  // first letter upper case
  bool all_upper = false;    // every letter upper case
};

// Reads how a word (UTF-8, elision off) is written: first letter upper case, every
// letter upper case.
void read_letter_case(std::string_view core, WordForm& form) {
  bool any_letter = false, all_upper = true;
  for (std::int32_t i = 0; i < static_cast<std::int32_t>(core.size());) {
    UChar32 cp = static_cast<unsigned char>(core[i]);
    if (cp < 0x80)
      ++i;
    else
      U8_NEXT(core.data(), i, static_cast<std::int32_t>(core.size()), cp);
    if (cp < 0 || !u_isalpha(cp)) continue;
    const bool upper = u_isupper(cp);
    if (!any_letter) form.capitalised = upper;
    any_letter = true;
    all_upper = all_upper && upper;
    if (!all_upper) break;  // the first letter and "not all capitals" are all we need
  }
  form.all_upper = any_letter && all_upper;
}

WordForm word_form(std::string_view text, const UnicodeFolder& folder) {
  std::u16string units = analysis::to_utf16(text);
  std::u16string_view core = units;
  core.remove_prefix(analysis::elision_length(core));
  std::u16string plain;
  for (char16_t c : core)
    if (!(c == u'.' && analysis::is_acronym(core))) plain.push_back(c);
  const std::string written = analysis::to_utf8(plain);
  WordForm form;
  form.folded = folder.fold_utf8(written);
  read_letter_case(written, form);
  return form;
}

// The same as word_form() for an analysed token, cheaper: the analyzer already folded
// it (Token::folded), only the case of its letters is read here.
WordForm token_form(const Token& token, const UnicodeFolder& folder) {
  if (token.folded.empty()) return word_form(token.text, folder);
  std::string_view core = token.text;
  // The case that matters is the word's, not its elision's ("d'Oracle", "l’Élysée").
  core.remove_prefix(analysis::elision_bytes(core));
  WordForm form;
  form.folded = token.folded;
  read_letter_case(core, form);
  return form;
}

struct Rules {
  bool cased = false;
  bool upper = false;
  // Lower case is ambiguous: taken only with evidence (data/ENTITIES.md, "Evidence"),
  // these word sequences in the text counting as evidence too.
  bool evidence = false;
  std::vector<std::vector<std::string>> evidence_words;
  std::vector<std::vector<std::string>> not_before, not_after;  // folded word sequences
  std::vector<std::string> context;                             // folded words
  // An office held in turn ("le président américain"): the alias names the entity only
  // in documents dated within one of these [from, to) ranges ("YYYY-MM-DD", empty:
  // open), and not when a name follows it (the name says who).
  std::vector<std::pair<std::string, std::string>> during;
};

// "YYYY-MM-DD", a month 01-12 and a day 01-31.
bool is_day(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (text[i] < '0' || text[i] > '9') return false;
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

struct Pattern {
  std::size_t entity = 0;
  std::vector<WordForm> words;
  Rules rules;
};

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \r");
  return std::string(s.substr(first, last - first + 1));
}

std::vector<std::string> split(std::string_view s, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = std::min(s.find(separator, start), s.size());
    std::string part = trim(s.substr(start, end - start));
    if (!part.empty()) parts.push_back(std::move(part));
    start = end + 1;
  }
  return parts;
}

std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return s;
}

bool valid_id(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

namespace {
struct Word;
struct Pending;
}  // namespace

// Hidden: a member class of an exported class would be exported with it.
class __attribute__((visibility("hidden"))) Gazetteer::Impl {
 public:
  Impl(std::string_view text, const std::string& source, const Analyzer& prototype)
      : source_(source), analyzer_(prototype) {
    parse(text);
    for (const char c : text)
      version_hash_ = (version_hash_ ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
  }

  const std::vector<Entity>& entities() const { return entities_; }

  const Entity* find(std::string_view id) const {
    const auto found = by_id_.find(std::string(id));
    return found == by_id_.end() ? nullptr : &entities_[found->second];
  }

  const Entity* resolve(std::string_view surface) const {
    if (const Entity* entity = find(ascii_lower(std::string(surface)))) return entity;
    std::string key = trim(surface);
    if (!key.empty() && (key[0] == '@' || key[0] == '$')) {
      const auto& map = key[0] == '@' ? handles_ : cashtags_;
      const auto found = map.find(ascii_lower(key.substr(1)));
      return found == map.end() ? nullptr : &entities_[found->second];
    }
    if (const auto found = cashtags_.find(ascii_lower(key)); found != cashtags_.end())
      return &entities_[found->second];
    if (const auto found = handles_.find(ascii_lower(key)); found != handles_.end())
      return &entities_[found->second];
    const std::string folded = joined_folded(key);
    const auto found = alias_keys_.find(folded);
    return found == alias_keys_.end() ? nullptr : &entities_[found->second];
  }

  std::vector<std::string> closest(std::string_view surface, std::size_t count) const {
    const std::string target = joined_folded(surface);
    std::vector<std::pair<std::size_t, std::size_t>> scored;  // distance, entity
    for (const auto& [key, entity] : alias_keys_)
      scored.emplace_back(core::edit_distance(key, target), entity);
    for (std::size_t i = 0; i < entities_.size(); ++i)
      scored.emplace_back(core::edit_distance(entities_[i].id, target), i);
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> ids;
    for (const auto& [distance, entity] : scored) {
      if (ids.size() == count) break;
      if (std::find(ids.begin(), ids.end(), entities_[entity].id) == ids.end())
        ids.push_back(entities_[entity].id);
    }
    return ids;
  }

  std::string version() const {
    char hash[17];
    std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(version_hash_));
    return std::string(hash);
  }

  // Every candidate of @p tokens and what was decided; @p reasons: with the reasons in
  // words (explain), else only what matching needs.
  std::vector<EntityDecision> decide(std::string_view text, const std::vector<Token>& tokens,
                                     const EntityEvidence& evidence, bool reasons) const;

 private:
  std::optional<std::size_t> typed_entity(const Token& token) const;
  void resolve_evidence(std::string_view text, const std::vector<Word>& words,
                        const EntityEvidence& evidence, const std::vector<Pending>& pending,
                        std::vector<EntityDecision>& decisions, bool reasons) const;
  const EntityDecision* coordinated(std::string_view text, const EntityDecision& d,
                                    std::size_t entity,
                                    const std::vector<EntityDecision>& decisions) const;

 public:
 private:
  [[noreturn]] void fail(std::size_t line, std::size_t column, const std::string& reason) const {
    throw ParseError(source_, line, "column " + std::to_string(column) + ": " + reason);
  }

  std::string joined_folded(std::string_view text) const {
    std::string joined;
    for (const WordForm& word : words_of(text))
      joined += (joined.empty() ? "" : " ") + word.folded;
    return joined;
  }

  // Aliases and query names go through the analyzer like any text. One analyzer
  // (caches and all) serves every call, under a lock: loading analyses thousands of
  // aliases, and copying an analyzer for each was most of the load time.
  std::vector<WordForm> words_of(std::string_view text) const {
    const std::lock_guard<std::mutex> lock(analyzer_mutex_);
    std::vector<WordForm> words;
    for (const Token& token : analyzer_.analyze(text, "fr"))
      if (token.kind == TokenKind::word || token.kind == TokenKind::number)
        words.push_back(word_form(token.text, folder_));
    return words;
  }

  void parse(std::string_view text);
  void add_row(const std::vector<std::string>& cells, std::size_t line);
  Rules parse_rules(const std::string& rules, std::size_t line) const;
  void add_rules(Entity& entity, const std::string& cell, std::size_t line,
                 std::map<std::string, Rules>& rules) const;

  std::string source_;
  mutable std::mutex analyzer_mutex_;
  mutable Analyzer analyzer_;
  UnicodeFolder folder_;
  std::vector<Entity> entities_;
  std::unordered_map<std::string, std::size_t> by_id_;
  std::unordered_map<std::string, std::size_t> handles_, cashtags_, domains_;
  std::unordered_map<std::string, std::size_t> alias_keys_;         // folded alias -> entity
  std::unordered_map<std::string, std::vector<Pattern>> patterns_;  // first folded word
  std::vector<std::vector<std::size_t>> related_;  // entity -> related entities, both ways
  std::uint64_t version_hash_ = 1469598103934665603ULL;
};

void Gazetteer::Impl::parse(std::string_view text) {
  std::vector<std::pair<std::size_t, std::vector<std::string>>> rows;
  bool header = false;
  std::size_t line_number = 0, start = 0;
  while (start < text.size()) {
    const std::size_t end = std::min(text.find('\n', start), text.size());
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    if (!header) {
      if (line != kHeader)
        fail(line_number, 1, "expected the header line \"" + std::string(kHeader) + "\"");
      header = true;
      continue;
    }
    std::vector<std::string> cells;
    std::size_t cell_start = 0;
    while (cell_start <= line.size()) {
      const std::size_t cell_end = std::min(line.find('\t', cell_start), line.size());
      cells.push_back(trim(line.substr(cell_start, cell_end - cell_start)));
      cell_start = cell_end + 1;
    }
    if (cells.size() > kColumns) fail(line_number, kColumns + 1, "more than 10 columns");
    if (cells.size() < 4)
      fail(line_number, cells.size() + 1, "a row needs at least id, name, type and aliases");
    cells.resize(kColumns);
    rows.emplace_back(line_number, std::move(cells));
  }
  if (!header) fail(line_number ? line_number : 1, 1, "no header line");
  for (const auto& [line, cells] : rows)
    add_row(cells, line);
  // Related ids may point forward: check them once every row is in.
  for (const auto& [line, cells] : rows)
    for (const std::string& related : split(cells[8], '|'))
      if (!by_id_.count(related))
        fail(line, 9, "related id \"" + related + "\" is not in the gazetteer");
  // Related goes both ways as evidence: Oracle lists Larry Ellison, and Ellison's
  // mention is evidence for Oracle as much as Oracle's is for him.
  related_.resize(entities_.size());
  for (std::size_t i = 0; i < entities_.size(); ++i)
    for (const std::string& id : entities_[i].related) {
      const std::size_t other = by_id_.at(id);
      related_[i].push_back(other);
      related_[other].push_back(i);
    }
}

void Gazetteer::Impl::add_row(const std::vector<std::string>& cells, std::size_t line) {
  static const std::map<std::string, EntityType, std::less<>> kTypes = {
      {"ORG", EntityType::org},     {"PERSON", EntityType::person},   {"PLACE", EntityType::place},
      {"MEDIA", EntityType::media}, {"PRODUCT", EntityType::product}, {"EVENT", EntityType::event}};
  Entity entity;
  entity.id = cells[0];
  if (!valid_id(entity.id))
    fail(line, 1, "id \"" + entity.id + "\" must be lower-case letters, digits, _ or -");
  if (by_id_.count(entity.id)) fail(line, 1, "duplicate id \"" + entity.id + "\"");
  entity.name = cells[1];
  if (entity.name.empty()) fail(line, 2, "empty name");
  const auto type = kTypes.find(cells[2]);
  if (type == kTypes.end())
    fail(line, 3, "type \"" + cells[2] + "\" is not ORG, PERSON, PLACE, MEDIA, PRODUCT or EVENT");
  entity.type = type->second;
  entity.aliases = split(cells[3], '|');
  entity.handles = split(cells[4], '|');
  entity.cashtags = split(cells[5], '|');
  entity.domains = split(cells[6], '|');
  entity.wikidata = cells[7];
  entity.related = split(cells[8], '|');
  if (std::find(entity.aliases.begin(), entity.aliases.end(), entity.name) == entity.aliases.end())
    entity.aliases.insert(entity.aliases.begin(), entity.name);
  for (const std::string& handle : entity.handles)
    if (handle.size() < 2 || handle[0] != '@')
      fail(line, 5, "handle \"" + handle + "\" must start with @");
  for (const std::string& cashtag : entity.cashtags)
    if (cashtag.size() < 2 || cashtag[0] != '$')
      fail(line, 6, "cashtag \"" + cashtag + "\" must start with $");
  if (!entity.wikidata.empty() && (entity.wikidata[0] != 'Q' || entity.wikidata.size() < 2))
    fail(line, 8, "wikidata id \"" + entity.wikidata + "\" must look like Q42");

  std::map<std::string, Rules> rules;
  add_rules(entity, cells[9], line, rules);

  const std::size_t index = entities_.size();
  for (const std::string& alias : entity.aliases) {
    Pattern pattern;
    pattern.entity = index;
    pattern.words = words_of(alias);
    if (pattern.words.empty()) fail(line, 4, "alias \"" + alias + "\" has no words");
    // Rules belong to what the alias reads as: "Tik Tok" and "Tik-Tok" are one.
    const std::string key = joined_folded(alias);
    if (const auto found = rules.find(key); found != rules.end()) pattern.rules = found->second;
    alias_keys_.emplace(key, index);
    auto& bucket = patterns_[pattern.words.front().folded];
    bucket.push_back(std::move(pattern));
    std::stable_sort(bucket.begin(), bucket.end(), [](const Pattern& a, const Pattern& b) {
      return a.words.size() > b.words.size();
    });
  }
  for (const std::string& handle : entity.handles)
    handles_.emplace(ascii_lower(handle.substr(1)), index);
  for (const std::string& cashtag : entity.cashtags)
    cashtags_.emplace(ascii_lower(cashtag.substr(1)), index);
  for (const std::string& domain : entity.domains)
    domains_.emplace(ascii_lower(domain), index);
  by_id_.emplace(entity.id, index);
  entities_.push_back(std::move(entity));
}

void Gazetteer::Impl::add_rules(Entity& entity, const std::string& cell, std::size_t line,
                                std::map<std::string, Rules>& rules) const {
  for (const std::string& item : split(cell, '|')) {
    const std::size_t equals = item.find('=');
    if (equals == std::string::npos) fail(line, 10, "rule \"" + item + "\" is not ALIAS=RULE");
    const std::string alias = trim(item.substr(0, equals));
    if (std::find(entity.aliases.begin(), entity.aliases.end(), alias) == entity.aliases.end() &&
        alias != entity.name)
      fail(line, 10, "rule for \"" + alias + "\", which is not an alias of " + entity.id);
    rules[joined_folded(alias)] = parse_rules(item.substr(equals + 1), line);
  }
}

Rules Gazetteer::Impl::parse_rules(const std::string& text, std::size_t line) const {
  Rules rules;
  for (const std::string& rule : split(text, ';')) {
    const std::size_t colon = rule.find(':');
    const std::string name = trim(rule.substr(0, colon));
    if (name == "during") {  // dates, not words
      if (colon == std::string::npos) fail(line, 10, "rule during needs dates: during:FROM..TO");
      for (const std::string& range : split(rule.substr(colon + 1), ',')) {
        const std::size_t dots = range.find("..");
        const std::string from = trim(range.substr(0, dots));
        const std::string to = dots == std::string::npos ? "" : trim(range.substr(dots + 2));
        if (dots == std::string::npos || (from.empty() && to.empty()) ||
            (!from.empty() && !is_day(from)) || (!to.empty() && !is_day(to)) ||
            (!from.empty() && !to.empty() && to <= from))
          fail(line, 10,
               "rule during: \"" + range +
                   "\" is not FROM..TO (YYYY-MM-DD, either open, TO after FROM)");
        rules.during.emplace_back(from, to);
      }
      continue;
    }
    std::vector<std::vector<std::string>> sequences;
    if (colon != std::string::npos)
      for (const std::string& words : split(rule.substr(colon + 1), ',')) {
        std::vector<std::string> sequence;
        for (const WordForm& word : words_of(words))
          sequence.push_back(word.folded);
        if (!sequence.empty()) sequences.push_back(std::move(sequence));
      }
    if (name == "cased") {
      rules.cased = true;
    } else if (name == "upper") {
      rules.upper = true;
    } else if (name == "not_before") {
      rules.not_before = std::move(sequences);
    } else if (name == "not_after") {
      rules.not_after = std::move(sequences);
    } else if (name == "context") {
      for (auto& sequence : sequences)
        rules.context.insert(rules.context.end(), sequence.begin(), sequence.end());
    } else if (name == "evidence") {
      rules.evidence = true;
      rules.evidence_words = std::move(sequences);
    } else {
      fail(line, 10,
           "unknown rule \"" + name +
               "\" (cased, upper, evidence, not_before, not_after, context, during)");
    }
  }
  if (rules.cased && rules.evidence)
    fail(line, 10,
         "rules cased and evidence contradict: cased refuses lower case, evidence "
         "takes it with evidence");
  return rules;
}

namespace {

// The words of a text, as matching sees them, outside typed tokens.
struct Word {
  WordForm form;
  std::size_t start = 0, end = 0;
  std::uint32_t position = 0;
};

bool inside(const Token& token, const Token& span) {
  return token.start >= span.start && token.end <= span.end;
}

bool sequence_at(const std::vector<Word>& words, std::size_t at,
                 const std::vector<std::string>& sequence, bool backwards) {
  for (std::size_t k = 0; k < sequence.size(); ++k) {
    const std::size_t index = backwards ? at - (sequence.size() - 1 - k) : at + k;
    if (backwards && at + 1 < sequence.size() - k) return false;
    if (index >= words.size() || words[index].form.folded != sequence[k]) return false;
  }
  return true;
}

}  // namespace

namespace {

std::string quoted(std::string_view text, std::size_t start, std::size_t end) {
  return "'" + std::string(text.substr(start, end - start)) + "'";
}

std::string words_of_sequence(const std::vector<std::string>& sequence) {
  std::string out;
  for (const std::string& word : sequence)
    out += (out.empty() ? "" : " ") + word;
  return out;
}

// Where an entity is known from, for a candidate that needs evidence.
struct Known {
  std::unordered_map<std::string, std::string> where;  // id -> "in the text" / ...

  void add(const std::vector<std::string>& ids, const std::string& place) {
    for (const std::string& id : ids)
      where.emplace(id, place);
  }
  const std::string* find(const std::string& id) const {
    const auto found = where.find(id);
    return found == where.end() ? nullptr : &found->second;
  }
};

}  // namespace

namespace {

// Candidates that need evidence, decided once every sure mention of the text is known.
struct Pending {
  std::size_t decision, entity;
  const Rules* rules;
};

// Whether the word sequence @p sequence occurs anywhere in @p words.
bool sequence_in(const std::vector<Word>& words, const std::vector<std::string>& sequence) {
  for (std::size_t j = 0; j < words.size(); ++j)
    if (sequence_at(words, j, sequence, false)) return true;
  return false;
}

// The words a mention takes from the matching after it: all of them, but an office's
// ("le président américain" is also the United States, "le locataire de la
// Maison-Blanche" also the White House).
std::size_t words_taken(const Rules& rules, std::size_t words) {
  return rules.during.empty() ? words : 1;
}

}  // namespace

// The entity a typed token names: a handle, a cashtag, a hashtag read as an alias, a
// URL by its host or a parent domain of it (never a word of its path).
std::optional<std::size_t> Gazetteer::Impl::typed_entity(const Token& token) const {
  std::optional<std::size_t> entity;
  const std::string body = token.text.size() > 1 ? token.text.substr(1) : std::string();
  if (token.kind == TokenKind::handle) {
    if (const auto found = handles_.find(ascii_lower(body)); found != handles_.end())
      entity = found->second;
  } else if (token.kind == TokenKind::cashtag) {
    if (const auto found = cashtags_.find(ascii_lower(body)); found != cashtags_.end())
      entity = found->second;
  } else if (token.kind == TokenKind::hashtag) {
    const WordForm form = word_form(body, folder_);
    if (const auto found = alias_keys_.find(form.folded); found != alias_keys_.end())
      entity = found->second;
  } else if (token.kind == TokenKind::url) {
    std::string host = analysis::url_host(token.text);
    while (!entity && !host.empty()) {
      if (const auto found = domains_.find(host); found != domains_.end()) entity = found->second;
      const std::size_t dot = host.find('.');
      host = dot == std::string::npos ? std::string() : host.substr(dot + 1);
    }
  }
  return entity;
}

// "Orange et Capgemini", "Total, Vinci": a name listed with a sure one of its type
// is read as a name of that type. The sure decision it is listed with, or null.
const EntityDecision* Gazetteer::Impl::coordinated(
    std::string_view text, const EntityDecision& d, std::size_t entity,
    const std::vector<EntityDecision>& decisions) const {
  static constexpr std::string_view kLinks[] = {" et ", " ou ", ", ", " & "};
  const auto linked = [&](std::size_t from, std::size_t to) {
    if (from > to) return false;
    const std::string_view gap = text.substr(from, to - from);
    return std::find(std::begin(kLinks), std::end(kLinks), gap) != std::end(kLinks);
  };
  for (const EntityDecision& other : decisions) {
    if (!other.taken || other.id == d.id) continue;
    const Entity* found = find(other.id);
    if (!found || found->type != entities_[entity].type) continue;
    if (linked(d.end, other.start) || linked(other.end, d.start)) return &other;
  }
  return nullptr;
}

// Evidence: the entity, or one related to it, sure in this text, in the document's
// other parts or in its thread (one sense per document; a comment read under its
// article); or, for an `evidence` form, one of its evidence words in the text. A
// candidate taken on evidence is evidence in turn, until nothing changes.
void Gazetteer::Impl::resolve_evidence(std::string_view text, const std::vector<Word>& words,
                                       const EntityEvidence& evidence,
                                       const std::vector<Pending>& pending,
                                       std::vector<EntityDecision>& decisions, bool reasons) const {
  Known known;
  for (const EntityDecision& d : decisions)
    if (d.taken) known.where.emplace(d.id, "in the text");
  known.add(evidence.document, "in the document");
  known.add(evidence.thread, "in its thread");
  for (bool changed = !pending.empty(); changed;) {
    changed = false;
    for (const Pending& p : pending) {
      EntityDecision& d = decisions[p.decision];
      if (d.taken) continue;
      std::string why;
      if (const std::string* where = known.find(d.id)) {
        why = "evidence: " + d.id + " " + *where;
      } else {
        for (const std::size_t other : related_[p.entity])
          if (const std::string* where = known.find(entities_[other].id)) {
            why = "evidence: related " + entities_[other].id + " " + *where;
            break;
          }
      }
      if (why.empty())
        if (const EntityDecision* other = coordinated(text, d, p.entity, decisions))
          why = "evidence: coordinated with " + other->id + " " +
                quoted(text, other->start, other->end);
      if (why.empty() && p.rules->evidence)
        for (const auto& sequence : p.rules->evidence_words)
          if (sequence_in(words, sequence)) {
            why = "evidence: the words '" + words_of_sequence(sequence) + "' in the text";
            break;
          }
      if (why.empty()) continue;
      d.taken = true;
      if (reasons) d.reason += "; " + why;
      known.where.emplace(d.id, "in the text");
      changed = true;
    }
  }
}

std::vector<EntityDecision> Gazetteer::Impl::decide(std::string_view text,
                                                    const std::vector<Token>& tokens,
                                                    const EntityEvidence& evidence,
                                                    bool reasons) const {
  std::vector<EntityDecision> decisions;
  const auto decision = [&](std::size_t entity, std::size_t start, std::size_t end,
                            std::uint32_t position, bool taken, const auto& why) {
    EntityDecision out{entities_[entity].id, start, end, position, taken, false, {}};
    if (reasons) out.reason = why();
    return out;
  };
  std::vector<const Token*> typed;
  for (const Token& token : tokens)
    if (token.kind != TokenKind::word && token.kind != TokenKind::number) typed.push_back(&token);

  // Typed tokens: handles, cashtags, hashtags, URL hosts (whole hosts only). Never
  // ambiguous: a handle names one account.
  for (const Token* token : typed) {
    const std::optional<std::size_t> entity = typed_entity(*token);
    if (entity)
      decisions.push_back(decision(*entity, token->start, token->end, token->position, true, [&] {
        return std::string(to_string(token->kind)) + " " + quoted(text, token->start, token->end);
      }));
  }

  // Words, outside typed tokens: a URL's path or an address is not a mention.
  std::vector<Word> words;
  words.reserve(tokens.size());
  for (const Token& token : tokens) {
    if (token.kind != TokenKind::word && token.kind != TokenKind::number) continue;
    if (!typed.empty() && std::any_of(typed.begin(), typed.end(),
                                      [&](const Token* span) { return inside(token, *span); }))
      continue;
    words.push_back({token_form(token, folder_), token.start, token.end, token.position});
  }
  // The document's words, for `context` rules: built the first time one needs them.
  std::unordered_set<std::string_view> document_words;
  const auto in_document = [&](const std::string& word) {
    if (document_words.empty())
      for (const Word& w : words)
        document_words.insert(w.form.folded);
    return document_words.count(word) > 0;
  };

  std::vector<Pending> pending;
  for (std::size_t i = 0; i < words.size();) {
    const auto candidates = patterns_.find(words[i].form.folded);
    std::size_t matched = 0;
    std::optional<EntityDecision> waiting;  // the longest candidate needing evidence here
    Pending waiting_for{};
    std::size_t waiting_words = 0;
    if (candidates != patterns_.end()) {
      for (const Pattern& pattern : candidates->second) {  // longest first
        const std::size_t n = pattern.words.size();
        if (i + n > words.size()) continue;
        bool same = true, lower = false, upper = true;
        for (std::size_t k = 0; k < n && same; ++k) {
          const Word& word = words[i + k];
          const WordForm& expected = pattern.words[k];
          same = word.form.folded == expected.folded &&
                 (k == 0 || word.position == words[i + k - 1].position + 1);
          lower = lower || (expected.capitalised && !word.form.capitalised);
          upper = upper && word.form.all_upper;
        }
        if (!same) continue;
        const Rules& rules = pattern.rules;
        const std::size_t start = words[i].start, end = words[i + n - 1].end;
        const std::uint32_t position = words[i].position;
        const auto refuse = [&](const auto& why) {
          if (reasons)
            decisions.push_back(decision(pattern.entity, start, end, position, false, why));
        };
        if (rules.cased && lower) {
          refuse([&] { return quoted(text, start, end) + " is not capitalised (rule cased)"; });
          continue;
        }
        if (rules.upper && !upper) {
          refuse([&] { return quoted(text, start, end) + " is not in capitals (rule upper)"; });
          continue;
        }
        if (!rules.during.empty()) {
          const std::string_view day = std::string_view(evidence.date).substr(0, 10);
          const bool held =
              is_day(day) &&
              std::any_of(rules.during.begin(), rules.during.end(), [&](const auto& range) {
                return (range.first.empty() || day >= range.first) &&
                       (range.second.empty() || day < range.second);
              });
          if (!held) {
            refuse([&] {
              return quoted(text, start, end) +
                     (is_day(day) ? " names someone else on " + std::string(day)
                                  : std::string(" needs the document's date")) +
                     " (rule during)";
            });
            continue;
          }
          // A capitalised word among the next two, in the same sentence: "le Premier
          // ministre (démissionnaire) Adel Abdel Mahdi" is about that name.
          bool name_follows = false;
          for (std::size_t k = i + n; k < std::min(words.size(), i + n + 2) && !name_follows; ++k) {
            const std::string_view gap =
                text.substr(words[k - 1].end, words[k].start - words[k - 1].end);
            if (gap.find_first_of(".!?;:\n") != std::string_view::npos) break;
            name_follows = words[k].form.capitalised;
          }
          if (name_follows) {
            refuse(
                [&] { return quoted(text, start, end) + " is followed by a name (rule during)"; });
            continue;
          }
        }
        const auto before =
            std::find_if(rules.not_before.begin(), rules.not_before.end(),
                         [&](const auto& s) { return sequence_at(words, i + n, s, false); });
        if (before != rules.not_before.end()) {
          refuse([&] {
            return "vetoed: followed by '" + words_of_sequence(*before) + "' (rule not_before)";
          });
          continue;
        }
        const auto after =
            i == 0
                ? rules.not_after.end()
                : std::find_if(rules.not_after.begin(), rules.not_after.end(),
                               [&](const auto& s) { return sequence_at(words, i - 1, s, true); });
        if (after != rules.not_after.end()) {
          refuse(
              [&] { return "vetoed: after '" + words_of_sequence(*after) + "' (rule not_after)"; });
          continue;
        }
        const auto context = std::find_if(rules.context.begin(), rules.context.end(),
                                          [&](const std::string& w) { return in_document(w); });
        const bool needs_context = !rules.context.empty() && context == rules.context.end();
        const bool needs_evidence = needs_context || (rules.evidence && lower);
        if (!needs_evidence) {
          decisions.push_back(decision(pattern.entity, start, end, position, true, [&] {
            return "alias " + quoted(text, start, end) +
                   (rules.context.empty() ? "" : ", context word '" + *context + "' in the text") +
                   (rules.during.empty()
                        ? ""
                        : ", in office on " + evidence.date.substr(0, 10) + " (rule during)");
          }));
          matched = words_taken(rules, n);
          break;
        }
        if (!waiting) {  // a shorter pattern may still be sure: look on
          waiting = decision(pattern.entity, start, end, position, false, [&] {
            return quoted(text, start, end) + (needs_context
                                                   ? " has none of its context words (rule context)"
                                                   : " is in lower case (rule evidence)");
          });
          waiting->needed_evidence = true;
          waiting_for = {0, pattern.entity, &rules};
          waiting_words = words_taken(rules, n);
        }
      }
    }
    if (!matched && waiting) {
      waiting_for.decision = decisions.size();
      decisions.push_back(std::move(*waiting));
      pending.push_back(waiting_for);
      matched = waiting_words;
    }
    i += matched ? matched : 1;
  }

  resolve_evidence(text, words, evidence, pending, decisions, reasons);
  if (reasons)
    for (const Pending& p : pending)
      if (!decisions[p.decision].taken)
        decisions[p.decision].reason +=
            "; no evidence: neither it nor a related entity in the text, the document or its "
            "thread";
  std::stable_sort(
      decisions.begin(), decisions.end(),
      [](const EntityDecision& a, const EntityDecision& b) { return a.start < b.start; });
  return decisions;
}

std::vector<std::string> Gazetteer::unknown_names(std::string_view text,
                                                  const std::vector<Token>& tokens) const {
  const std::vector<EntityMention> known = match(text, tokens);
  const auto is_known = [&](const Token& token) {
    return std::any_of(known.begin(), known.end(), [&](const EntityMention& m) {
      return token.start < m.end && token.end > m.start;
    });
  };
  // A sentence starts after . ! ? or a line break (skipping spaces and quotes).
  const auto starts_sentence = [&](std::size_t start) {
    while (start > 0) {
      const char c = text[start - 1];
      if (c == ' ' || c == '"' || c == '\t' || c == '(') {
        --start;
        continue;
      }
      return c == '.' || c == '!' || c == '?' || c == '\n' || c == ':';
    }
    return true;
  };
  std::vector<std::string> names;
  std::vector<const Token*> run;
  const auto flush = [&] {
    // A sentence's first word is capitalised anyway: it does not start a name.
    if (!run.empty() && starts_sentence(run.front()->start)) run.erase(run.begin());
    if (run.size() >= 2)
      names.emplace_back(text.substr(run.front()->start, run.back()->end - run.front()->start));
    run.clear();
  };
  for (const Token& token : tokens) {
    if (token.kind != TokenKind::word) {
      if (token.kind != TokenKind::number) continue;  // typed tokens: their words follow
      flush();
      continue;
    }
    const unsigned char first = static_cast<unsigned char>(token.text.front());
    const bool capitalised =
        (first >= 'A' && first <= 'Z') || (first >= 0xC3 && token.text.size() > 1 &&
                                           static_cast<unsigned char>(token.text[1]) >= 0x80 &&
                                           static_cast<unsigned char>(token.text[1]) <= 0x9E);
    // Words of one name are separated by a space or a hyphen ("États-Unis"), or follow
    // an initial ("D. Trump"); anything else (a line break, a comma) ends the name.
    const auto joinable = [&](const Token& previous) {
      const std::string_view gap = text.substr(previous.end, token.start - previous.end);
      const bool initial = previous.text.size() == 1 && gap == ". ";
      return initial || gap == " " || gap == "-" || gap == "\xC2\xA0";
    };
    const bool adjacent =
        !run.empty() && token.position == run.back()->position + 1 && joinable(*run.back());
    if (!capitalised || token.stopword || is_known(token) || (!run.empty() && !adjacent)) {
      flush();
      if (!capitalised || token.stopword || is_known(token)) continue;
    }
    run.push_back(&token);
  }
  flush();
  return names;
}

Gazetteer::Gazetteer(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
Gazetteer::Gazetteer(const Gazetteer&) = default;
Gazetteer& Gazetteer::operator=(const Gazetteer&) = default;
Gazetteer::Gazetteer(Gazetteer&&) noexcept = default;
Gazetteer& Gazetteer::operator=(Gazetteer&&) noexcept = default;
Gazetteer::~Gazetteer() = default;

Gazetteer Gazetteer::parse(std::string_view text, const std::string& source,
                           const Analyzer& analyzer) {
  return Gazetteer(std::make_shared<const Impl>(text, source, analyzer));
}

Gazetteer Gazetteer::load(const std::filesystem::path& path, const Analyzer& analyzer) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError("cannot read gazetteer '" + path.string() + "'");
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path.string(), analyzer);
}

Gazetteer Gazetteer::open(const std::filesystem::path& path, const Analyzer& analyzer) {
  return path.empty() ? builtin(analyzer) : load(path, analyzer);
}

const Entity& Gazetteer::require(std::string_view surface) const {
  if (const Entity* entity = resolve(surface)) return *entity;
  std::string message = "unknown entity \"" + std::string(surface) + "\"";
  const std::vector<std::string> nearest = closest(surface, 3);
  if (!nearest.empty()) {
    message += "; closest known:";
    for (const std::string& id : nearest)
      message += " " + id;
  }
  throw InvalidArgument(message);
}

std::size_t Gazetteer::size() const {
  return impl_->entities().size();
}
const std::vector<Entity>& Gazetteer::entities() const {
  return impl_->entities();
}
const Entity* Gazetteer::find(std::string_view id) const {
  return impl_->find(id);
}
const Entity* Gazetteer::resolve(std::string_view surface) const {
  return impl_->resolve(surface);
}
std::string Gazetteer::version() const {
  return impl_->version();
}
std::vector<std::string> Gazetteer::closest(std::string_view surface, std::size_t count) const {
  return impl_->closest(surface, count);
}
std::vector<EntityMention> Gazetteer::match(std::string_view text, const std::vector<Token>& tokens,
                                            const EntityEvidence& evidence) const {
  std::vector<EntityMention> mentions;
  for (EntityDecision& decision : impl_->decide(text, tokens, evidence, false))
    if (decision.taken)
      mentions.push_back({std::move(decision.id), decision.start, decision.end, decision.position});
  return mentions;
}
std::vector<EntityDecision> Gazetteer::explain(std::string_view text,
                                               const std::vector<Token>& tokens,
                                               const EntityEvidence& evidence, bool reasons) const {
  return impl_->decide(text, tokens, evidence, reasons);
}

}  // namespace crible
