#include "query_generator.h"

#include <algorithm>
#include <map>
#include <string_view>
#include <utility>

namespace crible::test::ref {

const std::set<std::string>& ambiguous_tags() {
  // See the "ambiguities" list of the differential test's report.
  static const std::set<std::string> tags = {
      "plus-filter",   "signed-near",   "near-stopword", "entity-handle",
      "date-inverted", "date-datetime", "date-short",    "field-case",
      "quoted-filter", "host-www",      "host-case",     "signed-invalid-near",
  };
  return tags;
}

namespace {

// Lower and upper case of the accented letters of French, for case variants (the
// analyzer folds them all; the point is to write what users write).
constexpr std::pair<std::string_view, std::string_view> kCase[] = {
    {"à", "À"}, {"â", "Â"}, {"ä", "Ä"}, {"é", "É"}, {"è", "È"}, {"ê", "Ê"},
    {"ë", "Ë"}, {"î", "Î"}, {"ï", "Ï"}, {"ô", "Ô"}, {"ö", "Ö"}, {"ù", "Ù"},
    {"û", "Û"}, {"ü", "Ü"}, {"ç", "Ç"}, {"œ", "Œ"}, {"æ", "Æ"}, {"ÿ", "Ÿ"},
};
constexpr std::pair<std::string_view, std::string_view> kAccents[] = {
    {"à", "a"}, {"â", "a"}, {"ä", "a"}, {"á", "a"}, {"é", "e"}, {"è", "e"}, {"ê", "e"}, {"ë", "e"},
    {"î", "i"}, {"ï", "i"}, {"í", "i"}, {"ô", "o"}, {"ö", "o"}, {"ó", "o"}, {"ù", "u"}, {"û", "u"},
    {"ü", "u"}, {"ú", "u"}, {"ç", "c"}, {"ÿ", "y"}, {"ñ", "n"}, {"À", "A"}, {"Â", "A"}, {"É", "E"},
    {"È", "E"}, {"Ê", "E"}, {"Î", "I"}, {"Ô", "O"}, {"Ù", "U"}, {"Û", "U"}, {"Ç", "C"},
};

template <std::size_t N>
std::string replace_each(std::string_view s,
                         const std::pair<std::string_view, std::string_view> (&table)[N],
                         bool forward, bool (*ascii)(char&)) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool done = false;
    for (const auto& [a, b] : table) {
      const std::string_view from = forward ? a : b, to = forward ? b : a;
      if (s.compare(i, from.size(), from) == 0) {
        out += to;
        i += from.size();
        done = true;
        break;
      }
    }
    if (done) continue;
    char c = s[i++];
    if (ascii) ascii(c);
    out += c;
  }
  return out;
}

bool ascii_upper(char& c) {
  if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return true;
}
bool ascii_lower(char& c) {
  if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return true;
}

std::string upper(std::string_view s) {
  return replace_each(s, kCase, true, ascii_upper);
}
std::string lower(std::string_view s) {
  return replace_each(s, kCase, false, ascii_lower);
}
std::string strip_accents(std::string_view s) {
  return replace_each(s, kAccents, true, nullptr);
}

// The UTF-8 code points of @p s.
std::vector<std::string> code_points(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    std::size_t n = 1;
    while (i + n < s.size() && (static_cast<unsigned char>(s[i + n]) & 0xC0) == 0x80)
      ++n;
    out.emplace_back(s.substr(i, n));
    i += n;
  }
  return out;
}

std::string capitalize(std::string_view s) {
  const std::vector<std::string> points = code_points(s);
  if (points.empty()) return std::string(s);
  std::string out = upper(points[0]);
  for (std::size_t i = 1; i < points.size(); ++i)
    out += points[i];
  return out;
}

bool starts_with_vowel(std::string_view s) {
  const std::string first = strip_accents(lower(code_points(s).empty() ? "" : code_points(s)[0]));
  return !first.empty() && std::string_view("aeiouyh").find(first[0]) != std::string_view::npos;
}

std::string sanitize_phrase(std::string s) {
  for (char& c : s)
    if (c == '"' || static_cast<unsigned char>(c) < 0x20) c = ' ';
  return s;
}

// Date values are "YYYYMMDD[hhmmss]"; these write parts of one as a query does.
std::string two(int n) {
  return (n < 10 ? "0" : "") + std::to_string(n);
}

}  // namespace

bool QueryGenerator::bare_ok(const std::string& chunk) {
  if (chunk.empty() || chunk[0] == '+' || chunk[0] == '-' || chunk.back() == '*') return false;
  if (chunk.find_first_of(" \t\n\r\f\v()\"") != std::string::npos) return false;
  if (is_operator_chunk(chunk)) return false;
  const std::size_t colon = chunk.find(':');
  return colon == std::string::npos || !is_field_name(chunk.substr(0, colon));
}

QueryGenerator::QueryGenerator(const std::vector<Document>& documents, const ReferenceIndex& index,
                               Analyzer analyzer, Gazetteer gazetteer)
    : analyzer_(std::move(analyzer)), gazetteer_(std::move(gazetteer)) {
  std::map<std::string, std::size_t> by_id;
  std::set<std::string> stops;
  for (const Document& document : documents) {
    Doc d;
    d.id = document.id;
    d.author = document.author;
    for (auto [text, raw] : {std::pair{&d.title, &document.title}, {&d.body, &document.body}}) {
      text->raw = *raw;
      for (const Token& token : analyzer_.analyze(*raw)) {
        if (token.kind != TokenKind::word && token.kind != TokenKind::number) continue;
        text->words.push_back({token.text, token.position, token.stopword, token.start, token.end});
        if (token.stopword && bare_ok(token.text)) stops.insert(token.text);
      }
    }
    if (!d.author.empty()) all_authors_.push_back(d.author);
    by_id[d.id] = docs_.size();
    docs_.push_back(std::move(d));
  }
  stop_words_.assign(stops.begin(), stops.end());
  if (stop_words_.empty()) stop_words_ = {"le", "la", "de", "des"};

  // What the index holds of each document: entities, hosts, languages, date.
  std::set<std::string> entities, hosts;
  for (const auto& [term, postings] : index.terms()) {
    std::vector<std::string> Doc::*list = nullptr;
    std::string value;
    if (term.rfind("XE", 0) == 0) {
      list = &Doc::entities;
      value = term.substr(2);
      entities.insert(value);
    } else if (term.rfind("H", 0) == 0) {
      list = &Doc::hosts;
      value = term.substr(1);
      if (bare_ok(value)) hosts.insert(value);
    } else if (term.rfind("L", 0) == 0) {
      list = &Doc::langs;
      value = term.substr(1);
    }
    if (!list) continue;
    for (const auto& posting : postings) {
      const auto it = by_id.find(index.ids()[posting.doc]);
      if (it != by_id.end()) (docs_[it->second].*list).push_back(value);
    }
  }
  for (std::size_t i = 0; i < index.size(); ++i) {
    const auto it = by_id.find(index.ids()[i]);
    if (it != by_id.end()) docs_[it->second].date = index.dates()[i];
  }
  all_entities_.assign(entities.begin(), entities.end());
  all_hosts_.assign(hosts.begin(), hosts.end());
  if (docs_.empty()) throw std::logic_error("QueryGenerator: no documents");
}

bool QueryGenerator::chance(double p) {
  return std::uniform_real_distribution<double>(0, 1)(rng_) < p;
}

std::size_t QueryGenerator::below(std::size_t n) {
  return n <= 1 ? 0 : std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
}

const QueryGenerator::Doc& QueryGenerator::doc() {
  return chance(0.75) ? docs_[focus_] : one_of(docs_);
}

const QueryGenerator::Text& QueryGenerator::pick_text(const Doc& d, bool title_only) {
  if (title_only || (d.body.words.empty() && !d.title.words.empty())) return d.title;
  if (!d.title.words.empty() && chance(0.3)) return d.title;
  return d.body;
}

const QueryGenerator::Word* QueryGenerator::pick_word(const Text& text, bool allow_stop) {
  if (text.words.empty()) return nullptr;
  for (int attempt = 0; attempt < 20; ++attempt) {
    const Word& w = one_of(text.words);
    if ((allow_stop || !w.stopword) && bare_ok(w.text)) return &w;
  }
  return nullptr;
}

std::string QueryGenerator::variant(const std::string& word) {
  std::string out = word;
  const std::size_t r = below(100);
  if (r < 45) {
  } else if (r < 55) {
    out = lower(word);
  } else if (r < 65) {
    out = capitalize(word);
  } else if (r < 73) {
    out = upper(word);
  } else if (r < 85) {
    out = strip_accents(word);
  } else if (word.find('\'') == std::string::npos && word.find("’") == std::string::npos &&
             starts_with_vowel(word)) {
    static const std::vector<std::string> elisions = {"l'",  "d'", "L'", "D'", "l’",
                                                      "qu'", "n'", "s'", "j'"};
    out = one_of(elisions) + word;
  }
  if (bare_ok(out)) return out;
  return bare_ok(word) ? word : absent_word();
}

std::string QueryGenerator::absent_word() {
  static const std::vector<std::string> words = {"zorglub", "xylophonite",   "brouzouf",
                                                 "kwyjibo", "blorptastique", "quetzalcoatlus",
                                                 "zzzq",    "grümph"};
  if (chance(0.5)) return one_of(words);
  // A real word, misspelt: usually absent, sometimes another real word.
  const Word* w = pick_word(pick_text(doc(), false), false);
  if (!w) return one_of(words);
  std::vector<std::string> points = code_points(w->text);
  if (points.size() > 3 && chance(0.5))
    points.erase(points.begin() + static_cast<std::ptrdiff_t>(1 + below(points.size() - 2)));
  else
    points.insert(points.begin() + static_cast<std::ptrdiff_t>(below(points.size() + 1)), "q");
  std::string out;
  for (const std::string& p : points)
    out += p;
  return bare_ok(out) ? out : one_of(words);
}

std::string QueryGenerator::stop_word() {
  return variant(one_of(stop_words_));
}

std::string QueryGenerator::phrase_from(const Text& text, std::size_t first, std::size_t count,
                                        bool raw) {
  const std::size_t last = std::min(first + count, text.words.size()) - 1;
  if (raw)
    return sanitize_phrase(
        text.raw.substr(text.words[first].start, text.words[last].end - text.words[first].start));
  std::string out;
  for (std::size_t i = first; i <= last; ++i)
    out += (i == first ? "" : " ") + variant(text.words[i].text);
  return sanitize_phrase(out);
}

// ---------------------------------------------------------------------------------
// Primaries

Node QueryGenerator::gen_word() {
  const Doc& d = doc();
  const Text& t = pick_text(d, false);
  if (&t == &d.title) tags_.insert("title-word");
  const Word* w = pick_word(t, false);
  return text(w ? variant(w->text) : absent_word());
}

Node QueryGenerator::gen_several_words() {
  tags_.insert("several-words");
  const Text& t = pick_text(doc(), false);
  if (chance(0.1) || t.words.size() < 2) {
    // A name:value whose name is no field: plain text, two words.
    tags_.insert("unknown-field");
    static const std::vector<std::string> names = {"titre", "auteur", "source", "sujet", "http"};
    std::string name = one_of(names);
    if (chance(0.1)) {
      // A field name in capitals: the spec lists the names in lower case only.
      tags_.insert("field-case");
      name = chance(0.5) ? "Title" : "TITLE";
    }
    const Word* w = pick_word(t, false);
    return text(name + ":" + (w ? variant(w->text) : absent_word()));
  }
  static const std::vector<std::string> separators = {"-", "-", ",", "/", ";"};
  const std::string sep = one_of(separators);
  const std::size_t count = 2 + below(2);
  const std::size_t first = below(t.words.size() - 1);
  std::string chunk;
  for (std::size_t i = first; i < std::min(first + count, t.words.size()); ++i) {
    const std::string& w = t.words[i].text;
    if (!bare_ok(w)) break;
    chunk += (chunk.empty() ? "" : sep) + (chance(0.8) ? w : variant(w));
  }
  return text(bare_ok(chunk) ? chunk : absent_word());
}

Node QueryGenerator::gen_phrase() {
  tags_.insert("phrase");
  const Text& t = pick_text(doc(), false);
  if (t.words.empty()) return phrase(absent_word());
  const std::size_t count = 1 + below(5);
  const std::size_t first = below(t.words.size());
  std::string words = phrase_from(t, first, count, chance(0.5));
  if (chance(0.12)) {
    // Operators, fields and parentheses inside a phrase are text.
    tags_.insert("phrase-syntax");
    static const std::vector<std::string> noise = {"(",   ")",  "*",   "+",    "-",      ":",
                                                   "AND", "OR", "NOT", "NEAR", "title:", "->"};
    const std::size_t space = words.find(' ');
    const std::string n = one_of(noise);
    if (space == std::string::npos)
      words += " " + n;
    else
      words.insert(space, " " + n + " ");
  } else if (chance(0.1)) {
    // Another word in the middle: usually no document.
    const Word* w = pick_word(pick_text(doc(), false), false);
    if (w) words += " " + w->text;
  }
  return phrase(words);
}

Node QueryGenerator::gen_wildcard() {
  tags_.insert("wildcard");
  const Word* w = pick_word(pick_text(doc(), false), false);
  std::string word = w ? w->text : absent_word();
  // Cut the prefix from the word without its elision, then maybe write one back.
  for (const std::string_view apostrophe : {std::string_view("'"), std::string_view("’")}) {
    const std::size_t at = word.rfind(apostrophe);
    if (at != std::string::npos && at + apostrophe.size() < word.size())
      word = word.substr(at + apostrophe.size());
  }
  const std::vector<std::string> points = code_points(word);
  std::size_t length = points.size();
  if (chance(0.05))
    length = 1;
  else if (points.size() > 2 && chance(0.8))
    length = 2 + below(points.size() - 1);  // 2 .. size
  std::string prefix;
  for (std::size_t i = 0; i < std::min(length, points.size()); ++i)
    prefix += points[i];
  if (chance(0.2)) prefix = capitalize(prefix);
  if (chance(0.12) && starts_with_vowel(prefix)) {
    tags_.insert("wildcard-elision");
    prefix = (chance(0.5) ? "l'" : "d'") + prefix;
  }
  if (!bare_ok(prefix + "x") || prefix.find_first_of("'’") == prefix.size() - 1) prefix = "zorg";
  return wildcard(prefix);
}

Node QueryGenerator::gen_title() {
  tags_.insert("title");
  // A document with a title (comments have none).
  const Doc* d = &doc();
  for (int attempt = 0; attempt < 10 && d->title.words.empty(); ++attempt)
    d = &one_of(docs_);
  const Text& t = d->title;
  const std::size_t r = below(100);
  if (t.words.empty() || r < 4) {
    tags_.insert("ignored");
    return chance(0.5) ? field("title", "") : field("title", "", true);
  }
  if (r < 44) {
    const Word* w = pick_word(t, false);
    return field("title", w ? variant(w->text) : absent_word());
  }
  if (r < 56 && t.words.size() >= 2) {
    tags_.insert("several-words");
    const std::size_t first = below(t.words.size() - 1);
    const std::string chunk = t.words[first].text + "-" + t.words[first + 1].text;
    if (bare_ok(chunk)) return field("title", chunk);
  }
  if (r < 84) {
    tags_.insert("phrase");
    return field("title", phrase_from(t, below(t.words.size()), 1 + below(4), chance(0.5)), true);
  }
  if (r < 96) {
    tags_.insert("wildcard");
    const Word* w = pick_word(t, false);
    const std::vector<std::string> points = code_points(w ? w->text : "zorg");
    std::string prefix;
    for (std::size_t i = 0; i < std::min<std::size_t>(points.size(), 2 + below(4)); ++i)
      prefix += points[i];
    if (bare_ok(prefix + "x") && prefix.find_first_of("'’") == std::string::npos)
      return field("title", prefix + "*");
    return field("title", "zorg*");
  }
  tags_.insert("ignored");
  return field("title", stop_word());
}

std::string QueryGenerator::gen_entity_value() {
  const Doc& d = doc();
  const std::vector<std::string>& ids = d.entities.empty() ? all_entities_ : d.entities;
  if (ids.empty() || chance(0.06)) {
    tags_.insert("entity-unknown");
    return chance(0.5) ? "zorglubcorp" : "Société Imaginaire";
  }
  const Entity* entity = gazetteer_.find(one_of(ids));
  if (!entity) return one_of(ids);
  std::vector<std::string> surfaces = {entity->id, entity->name};
  surfaces.insert(surfaces.end(), entity->aliases.begin(), entity->aliases.end());
  std::string surface = one_of(surfaces);
  if (chance(0.08) && (!entity->handles.empty() || !entity->cashtags.empty())) {
    tags_.insert("entity-handle");
    surface = !entity->handles.empty() && (entity->cashtags.empty() || chance(0.5))
                  ? one_of(entity->handles)
                  : one_of(entity->cashtags);
  }
  const std::size_t r = below(100);
  if (r < 10)
    surface = lower(surface);
  else if (r < 15)
    surface = upper(surface);
  else if (r < 25)
    surface = strip_accents(surface);
  return surface;
}

std::string QueryGenerator::gen_date_value() {
  const Doc& d = doc();
  std::string date = d.date;
  if (date.size() < 8) {
    for (const Doc& other : docs_)
      if (other.date.size() >= 8) date = other.date;
  }
  if (date.size() < 8) date = "20210219";
  const int year = std::stoi(date.substr(0, 4));
  const int month = std::stoi(date.substr(4, 2));
  const int day = std::stoi(date.substr(6, 2));
  // A bound near the document's date: its own day, month or year, or one close to it.
  const auto bound = [&](int shift) {
    const std::size_t r = below(3);
    const int y = year + (chance(0.2) ? shift : 0);
    if (r == 0) return std::to_string(y);
    const int m = std::clamp(month + (chance(0.3) ? shift : 0), 1, 12);
    if (r == 1) return std::to_string(y) + "-" + two(m);
    const int dd = chance(0.5) && m == month && y == year
                       ? day
                       : std::clamp(day + static_cast<int>(below(7)) * shift, 1, 28);
    return std::to_string(y) + "-" + two(m) + "-" + two(dd);
  };
  const std::size_t r = below(100);
  if (r < 6) {
    tags_.insert("date-invalid");
    static const std::vector<std::string> bad = {
        "2021-13", "2021-00",  "2021-02-32",         "hier",    "2021/02/19",
        "21-02",   "20210219", "2021-02-19..demain", "février", "2021-02-00"};
    return one_of(bad);
  }
  if (r < 8) {
    tags_.insert("date-datetime");
    return std::to_string(year) + "-" + two(month) + "-" + two(day) + "T10:00";
  }
  if (r < 9) {
    tags_.insert("date-short");
    return std::to_string(year) + "-" + std::to_string(month);
  }
  if (r < 45) return bound(0);
  tags_.insert("date-range");
  if (r < 55) return bound(-1) + "..";
  if (r < 65) return ".." + bound(1);
  if (r < 68) {
    tags_.insert("date-inverted");
    return bound(1) + ".." + bound(-1);
  }
  const std::string from = bound(-1), to = bound(1);
  // Days are clamped to 28, so a range can come out inverted by chance.
  const auto digits = [](std::string s, const char* pad) {
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s + std::string(pad).substr(s.size() - 4);
  };
  if (digits(from, "0101") > digits(to, "1231")) tags_.insert("date-inverted");
  return from + ".." + to;
}

Node QueryGenerator::gen_filter() {
  tags_.insert("filter");
  const Doc& d = doc();
  const std::size_t r = below(100);
  std::string name, value;
  if (r < 15) {
    name = "type";
    value = chance(0.5) ? "article" : "comment";
    if (chance(0.05)) {
      tags_.insert("type-invalid");
      static const std::vector<std::string> bad = {"x", "articles", "commentaire", "tweet"};
      value = one_of(bad);
    } else if (chance(0.02)) {
      tags_.insert("field-case");  // `type:Article`: an error, literally
      value = capitalize(value);
    }
  } else if (r < 40) {
    name = "entity";
    value = gen_entity_value();
  } else if (r < 55) {
    name = "author";
    value =
        d.author.empty() ? (all_authors_.empty() ? "Personne" : one_of(all_authors_)) : d.author;
    if (chance(0.05)) value = "Personne Inconnue";
    const std::size_t v = below(10);
    if (v == 0)
      value = lower(value);
    else if (v == 1)
      value = upper(value);
    else if (v == 2)
      value = strip_accents(value);
    if (value.find('"') != std::string::npos) value = "Personne Inconnue";
  } else if (r < 70) {
    name = "host";
    value = !d.hosts.empty() && chance(0.9)     ? one_of(d.hosts)
            : all_hosts_.empty() || chance(0.2) ? "example.org"
                                                : one_of(all_hosts_);
    if (chance(0.04)) {
      // Documents hold hosts without "www." and in lower case; whether a query's host
      // is normalised so, the spec does not say (the literal reading: it is not).
      if (chance(0.5)) {
        tags_.insert("host-www");
        value = "www." + value;
      } else {
        tags_.insert("host-case");
        value = upper(value);
      }
    }
  } else if (r < 80) {
    name = "lang";
    static const std::vector<std::string> others = {"fr", "en", "de"};
    value = !d.langs.empty() && chance(0.7) ? one_of(d.langs) : one_of(others);
  } else {
    name = "date";
    value = gen_date_value();
  }
  if (chance(0.03)) {
    tags_.insert("ignored");
    return field(name, "", chance(0.5));  // `type:` or `type:""`
  }
  bool quoted = value.find_first_of(" \t()") != std::string::npos || value.empty();
  if (!quoted && chance(0.06)) {
    tags_.insert("quoted-filter");
    quoted = true;
  }
  if (!quoted && !bare_ok(value) && value.find(':') == std::string::npos) quoted = true;
  if (quoted && value.find('"') != std::string::npos) return field("type", "article");
  return field(name, value, quoted);
}

Node QueryGenerator::gen_near() {
  tags_.insert("near");
  const Text& t = pick_text(doc(), false);
  std::vector<std::size_t> searchable;
  for (std::size_t i = 0; i < t.words.size(); ++i)
    if (!t.words[i].stopword && bare_ok(t.words[i].text)) searchable.push_back(i);
  std::vector<Node> operands;
  std::vector<std::size_t> picked;
  if (searchable.size() >= 2) {
    const std::size_t k = chance(0.12) ? 3 : 2;
    const std::size_t start = below(searchable.size());
    picked.push_back(searchable[start]);
    // Then words close to it, before or after (distances 1 to ~15).
    for (std::size_t attempt = 0; attempt < 20 && picked.size() < k; ++attempt) {
      const std::size_t span = 1 + below(8);
      const std::size_t j = chance(0.5) ? std::min(start + span, searchable.size() - 1)
                                        : (start >= span ? start - span : 0);
      if (std::find(picked.begin(), picked.end(), searchable[j]) == picked.end() &&
          lower(t.words[searchable[j]].text) != lower(t.words[picked[0]].text))
        picked.push_back(searchable[j]);
    }
  }
  for (const std::size_t i : picked)
    operands.push_back(text(variant(t.words[i].text)));
  while (operands.size() < 2)
    operands.push_back(text(absent_word()));
  const NearOp op = chance(0.6) ? NearOp::near : NearOp::adj;
  if (op == NearOp::near || chance(0.4)) std::shuffle(operands.begin(), operands.end(), rng_);
  int n = 0;
  if (chance(0.65)) n = 1 + static_cast<int>(below(12));
  if (chance(0.03)) n = chance(0.5) ? 50 : 99;
  // Only with two operands: which operators of `a NEAR "b c" NEAR d` would be ignored,
  // and how their operands regroup, the spec does not say.
  if (operands.size() == 2 && chance(0.15)) {
    // An operand that is not one word: the operator is ignored.
    tags_.insert("near-invalid");
    last_near_invalid_ = true;
    Node& victim = operands[below(operands.size())];
    switch (below(5)) {
      case 0:
        victim = phrase(victim.text + " " + absent_word());
        break;
      case 1:
        victim = field("title", victim.text);
        break;
      case 2:
        victim = gen_wildcard();
        break;
      case 3:
        victim = gen_several_words();
        break;
      default:
        victim = text("?");
        break;
    }
  } else if (operands.size() == 2 && chance(0.03)) {
    tags_.insert("near-stopword");
    operands[below(operands.size())] = text(stop_word());
  }
  return near(op, n, std::move(operands));
}

Node QueryGenerator::gen_ignored() {
  tags_.insert("ignored");
  const std::size_t r = below(100);
  if (r < 35) {
    static const std::vector<std::string> raws = {"*",   "+",  "-",  "\"\"", "()",
                                                  "( )", "->", "-*", "+*"};
    return junk(one_of(raws));
  }
  if (r < 60) {
    static const std::vector<std::string> punctuation = {
        "?", "!", "...", "«", "»", "–", "—", ";", "&", "=", "/", ",", ":", "%", "§", "…", "**"};
    std::string p = one_of(punctuation);
    return p == "**" ? junk("*") : text(p);
  }
  if (r < 85) return text(stop_word());
  if (r < 95) {
    std::string words = stop_word();
    for (std::size_t i = 0, n = below(3); i <= n; ++i)
      words += " " + stop_word();
    return phrase(words);
  }
  return group(single(chance(0.5) ? text("?") : junk("*")), chance(0.5));
}

bool QueryGenerator::near_valid(const Node& near) {
  for (const Node& operand : near.children) {
    if (operand.kind != Kind::text) return false;
    std::size_t words = 0;
    bool stop = false;
    for (const Token& token : analyzer_.analyze(operand.text))
      if (token.kind == TokenKind::word || token.kind == TokenKind::number)
        ++words, stop = token.stopword;
    if (words != 1 || stop) return false;
  }
  return true;
}

Node QueryGenerator::gen_primary(int depth, Modifier& modifier) {
  last_near_invalid_ = false;
  const int group_weight = depth < 3 ? 9 : 0;
  const int weights[] = {34, 5, 11, 6, 7, 12, 7, group_weight, 5, 2, 2};
  int total = 0;
  for (const int w : weights)
    total += w;
  int r = static_cast<int>(below(static_cast<std::size_t>(total)));
  std::size_t choice = 0;
  while (r >= weights[choice])
    r -= weights[choice++];
  switch (choice) {
    case 0:
      return gen_word();
    case 1:
      return gen_several_words();
    case 2:
      return gen_phrase();
    case 3:
      return gen_wildcard();
    case 4:
      return gen_title();
    case 5: {
      Node f = gen_filter();
      if (modifier == Modifier::required) tags_.insert("plus-filter");
      return f;
    }
    case 6: {
      Node n = gen_near();
      if (modifier != Modifier::none)
        tags_.insert(last_near_invalid_ || !near_valid(n) ? "signed-invalid-near" : "signed-near");
      return n;
    }
    case 7:
      tags_.insert("group");
      return group(gen_or(depth + 1), chance(0.5));
    case 8: {
      Node n = gen_ignored();
      if (n.kind == Kind::junk) modifier = Modifier::none;
      return n;
    }
    case 9:
      tags_.insert("absent-word");
      return text(absent_word());
    default: {
      // Operators in lower case (or French) are words.
      tags_.insert("operator-word");
      static const std::vector<std::string> words = {"and", "or",   "et",  "ou", "Not",
                                                     "xor", "near", "adj", "And"};
      return text(one_of(words));
    }
  }
}

Node QueryGenerator::gen_item(int depth) {
  const std::size_t r = below(100);
  Modifier modifier = r < 11 ? Modifier::required : r < 24 ? Modifier::excluded : Modifier::none;
  Node primary = gen_primary(depth, modifier);
  if (modifier == Modifier::required) tags_.insert("required");
  if (modifier == Modifier::excluded) tags_.insert("excluded");
  return item(std::move(primary), modifier);
}

Node QueryGenerator::gen_seq(int depth, bool may_be_empty) {
  std::vector<Node> items;
  if (may_be_empty && chance(0.04)) {
    tags_.insert("dangling-operator");
    return seq(std::move(items));
  }
  const std::size_t r = below(100);
  const std::size_t n = r < 52 ? 1 : r < 82 ? 2 : r < 95 ? 3 : 4;
  for (std::size_t i = 0; i < n; ++i)
    items.push_back(gen_item(depth));
  if (n > 1) tags_.insert("sequence");
  if (depth == 0 && chance(0.02)) {
    tags_.insert("stray-paren");
    items.insert(items.begin() + static_cast<std::ptrdiff_t>(below(items.size() + 1)),
                 item(junk(")")));
  }
  return seq(std::move(items));
}

Node QueryGenerator::gen_and(int depth) {
  const std::size_t r = below(100);
  const std::size_t n = r < 62 ? 1 : r < 90 ? 2 : 3;
  std::vector<AndOp> ops;
  for (std::size_t i = 1; i < n; ++i) {
    const std::size_t o = below(100);
    ops.push_back(o < 45 ? AndOp::and_ : o < 75 ? AndOp::not_ : AndOp::and_not);
  }
  std::vector<Node> seqs;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0 && !ops.empty() && ops[0] != AndOp::and_ && chance(0.3)) {
      tags_.insert("unary-not");
      seqs.push_back(seq({}));
      continue;
    }
    // A missing operand; never before a NOT that follows a NOT (`a NOT NOT b`: the
    // spec's grammar and prose disagree).
    const bool before_not_after_not =
        i > 0 && i < ops.size() && ops[i] != AndOp::and_ && ops[i - 1] != AndOp::and_;
    seqs.push_back(gen_seq(depth, n > 1 && !before_not_after_not));
  }
  if (n > 1) tags_.insert("and-not");
  return and_chain(std::move(seqs), std::move(ops));
}

Node QueryGenerator::gen_xor(int depth) {
  const std::size_t r = below(100);
  const std::size_t n = r < 90 ? 1 : r < 98 ? 2 : 3;
  std::vector<Node> ands;
  for (std::size_t i = 0; i < n; ++i) {
    if (n > 1 && chance(0.03)) {
      tags_.insert("dangling-operator");
      ands.push_back(and_chain({seq({})}, {}));
    } else {
      ands.push_back(gen_and(depth));
    }
  }
  if (n > 1) tags_.insert("xor");
  return xor_chain(std::move(ands));
}

Node QueryGenerator::gen_or(int depth) {
  const std::size_t r = below(100);
  const std::size_t n = r < 72 ? 1 : r < 94 ? 2 : 3;
  std::vector<Node> xors;
  for (std::size_t i = 0; i < n; ++i) {
    if (n > 1 && chance(0.03)) {
      tags_.insert("dangling-operator");
      xors.push_back(xor_chain({and_chain({seq({})}, {})}));
    } else {
      xors.push_back(gen_xor(depth));
    }
  }
  if (n > 1) tags_.insert("or");
  return or_chain(std::move(xors));
}

GeneratedQuery QueryGenerator::generate(std::uint64_t seed) {
  rng_.seed(seed);
  tags_.clear();
  focus_ = below(docs_.size());
  GeneratedQuery out;
  Query& q = out.query;
  if (chance(0.01)) {
    tags_.insert("blank");
    q.root = as_or(seq({}));
  } else {
    q.root = gen_or(0);
  }
  // How the end is written: a phrase left open, a '(' never closed.
  Node& last_seq = q.root.children.back().children.back().children.back();
  const std::size_t end = below(1000);
  if (end < 30) {
    tags_.insert("unclosed-phrase");
    const Text& t = pick_text(doc(), false);
    last_seq.children.push_back(item(phrase(
        t.words.empty() ? absent_word() : phrase_from(t, below(t.words.size()), 3, false), true)));
  } else if (end < 45) {
    tags_.insert("unclosed-phrase");
    last_seq.children.push_back(item(phrase("", true)));  // a lone '"' at the end
  } else if (end < 110) {
    q.drop_trailing_parens = true;
    // Often the string would not end in ')': end it with a group, left open.
    if (chance(0.6)) {
      tags_.insert("group");
      last_seq.children.push_back(
          item(group(gen_or(1), chance(0.5)), chance(0.2) ? Modifier::excluded : Modifier::none));
    }
  }
  if (chance(0.04)) q.separator = "  ";
  if (chance(0.01)) q.separator = "\t";
  out.text = render(q);
  if (q.drop_trailing_parens) {
    Query kept = q;
    kept.drop_trailing_parens = false;
    if (render(kept) != out.text) tags_.insert("unclosed-paren");
  }
  out.max_wildcard_expansion = 1000;
  if (chance(0.15)) {
    static const std::vector<std::size_t> limits = {1, 2, 3, 5, 10, 20, 50, 100, 300};
    out.max_wildcard_expansion = one_of(limits);
  }
  out.tags = tags_;
  return out;
}

}  // namespace crible::test::ref
