#include "reference_query.h"

#include <xapian.h>

#include <algorithm>
#include <functional>

#include "index/schema.h"

namespace crible::test::ref {

// ---------------------------------------------------------------------------------
// Builders

Node text(std::string chunk) {
  Node node;
  node.kind = Kind::text;
  node.text = std::move(chunk);
  return node;
}

Node phrase(std::string words, bool unclosed) {
  Node node;
  node.kind = Kind::phrase;
  node.text = std::move(words);
  node.unclosed = unclosed;
  return node;
}

Node wildcard(std::string prefix) {
  Node node;
  node.kind = Kind::wildcard;
  node.text = std::move(prefix);
  return node;
}

Node field(std::string name, std::string value, bool quoted) {
  Node node;
  node.kind = Kind::field;
  node.field = std::move(name);
  node.text = std::move(value);
  node.quoted = quoted;
  return node;
}

Node junk(std::string raw) {
  Node node;
  node.kind = Kind::junk;
  node.text = std::move(raw);
  return node;
}

Node near(NearOp op, int n, std::vector<Node> operands) {
  Node node;
  node.kind = Kind::near;
  node.near_op = op;
  node.near_n = n;
  node.children = std::move(operands);
  return node;
}

Node item(Node primary, Modifier modifier) {
  Node node;
  node.kind = Kind::item;
  node.modifier = modifier;
  node.children.push_back(std::move(primary));
  return node;
}

Node seq(std::vector<Node> items) {
  Node node;
  node.kind = Kind::seq;
  node.children = std::move(items);
  return node;
}

Node and_chain(std::vector<Node> seqs, std::vector<AndOp> ops) {
  Node node;
  node.kind = Kind::and_;
  node.children = std::move(seqs);
  node.ops = std::move(ops);
  return node;
}

Node xor_chain(std::vector<Node> ands) {
  Node node;
  node.kind = Kind::xor_;
  node.children = std::move(ands);
  return node;
}

Node or_chain(std::vector<Node> xors) {
  Node node;
  node.kind = Kind::or_;
  node.children = std::move(xors);
  return node;
}

Node group(Node or_node, bool glued) {
  Node node;
  node.kind = Kind::group;
  node.glued = glued;
  node.children.push_back(as_or(std::move(or_node)));
  return node;
}

Node as_or(Node node) {
  if (node.kind == Kind::seq) node = and_chain({std::move(node)}, {});
  if (node.kind == Kind::and_) node = xor_chain({std::move(node)});
  if (node.kind == Kind::xor_) node = or_chain({std::move(node)});
  if (node.kind != Kind::or_) throw std::logic_error("as_or: not an expression node");
  return node;
}

Node single(Node primary, Modifier modifier) {
  std::vector<Node> items;
  items.push_back(item(std::move(primary), modifier));
  return as_or(seq(std::move(items)));
}

// ---------------------------------------------------------------------------------
// Lexical helpers

namespace {

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool has_space(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
  });
}

// A letter or a digit for the wildcard rule; any non-ASCII byte counts as part of a
// letter (the generator only writes letters there).
bool has_alnum(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
}

// "name:value" with a known field name: a field, not text.
bool looks_like_field(std::string_view chunk) {
  const std::size_t colon = chunk.find(':');
  return colon != std::string_view::npos && is_field_name(std::string(chunk.substr(0, colon)));
}

}  // namespace

bool is_operator_chunk(const std::string& chunk) {
  if (chunk == "AND" || chunk == "OR" || chunk == "NOT" || chunk == "XOR" || chunk == "NEAR" ||
      chunk == "ADJ")
    return true;
  // Any NEAR/<digits> or ADJ/<digits>: also the out-of-range ones, which a text chunk
  // must not look like either (the generator writes those on purpose, tagged).
  for (const std::string_view op : {std::string_view("NEAR/"), std::string_view("ADJ/")})
    if (chunk.size() > op.size() && chunk.compare(0, op.size(), op) == 0 &&
        all_digits(std::string_view(chunk).substr(op.size())))
      return true;
  return false;
}

bool is_field_name(const std::string& name) {
  return name == "title" || is_filter_field(name);
}

bool is_filter_field(const std::string& name) {
  return name == "author" || name == "entity" || name == "type" || name == "host" ||
         name == "lang" || name == "date";
}

// ---------------------------------------------------------------------------------
// Renderer

namespace {

class Renderer {
 public:
  explicit Renderer(std::string separator) : separator_(std::move(separator)) {}

  std::string finish(bool drop_trailing_parens) {
    if (depth_ != 0) fail("unbalanced groups");
    if (drop_trailing_parens && !stopped_) {
      while (!out_.empty() && (out_.back() == ')' || has_space(out_.substr(out_.size() - 1))))
        out_.pop_back();
    }
    return out_;
  }

  void node(const Node& n) {
    switch (n.kind) {
      case Kind::or_:
        chain(n, [](std::size_t) { return std::string("OR"); });
        break;
      case Kind::xor_:
        chain(n, [](std::size_t) { return std::string("XOR"); });
        break;
      case Kind::and_:
        if (n.ops.size() + 1 != n.children.size()) fail("and_: ops and operands");
        for (std::size_t i = 1; i < n.ops.size(); ++i) {
          // `a NOT NOT b`, `a NOT AND NOT b`: the spec's grammar and its prose read
          // these differently; the generator must not write them.
          const bool is_not = n.ops[i] != AndOp::and_;
          if (is_not && n.children[i].children.empty() && n.ops[i - 1] != AndOp::and_)
            fail("NOT after an operand-less NOT");
        }
        chain(n, [&](std::size_t i) {
          return std::string(n.ops[i] == AndOp::and_   ? "AND"
                             : n.ops[i] == AndOp::not_ ? "NOT"
                                                       : "AND NOT");
        });
        break;
      case Kind::seq:
        for (const Node& child : n.children)
          node(child);
        break;
      case Kind::item:
        if (n.children.size() != 1) fail("item without its primary");
        if (n.modifier != Modifier::none) {
          if (n.children[0].kind == Kind::junk) fail("modifier on junk");
          emit(n.modifier == Modifier::required ? "+" : "-");
          glue_ = true;
        }
        node(n.children[0]);
        break;
      case Kind::group:
        emit("(");
        ++depth_;
        if (n.glued) glue_ = true;
        node(n.children.at(0));
        --depth_;
        if (n.glued)
          append(")");
        else
          emit(")");
        break;
      case Kind::text:
        check_text(n.text);
        emit(n.text);
        break;
      case Kind::phrase:
        if (n.text.find('"') != std::string::npos) fail("quote inside a phrase");
        if (n.unclosed) {
          emit("\"" + n.text);
          stopped_ = true;  // the phrase runs to the end: nothing may follow
        } else {
          emit("\"" + n.text + "\"");
        }
        break;
      case Kind::wildcard:
        if (n.text.empty() || !has_alnum(n.text) || n.text.back() == '*') fail("bad wildcard");
        check_bare(n.text + "*");  // the whole chunk: `OR*` is a wildcard, not `OR`
        emit(n.text + "*");
        break;
      case Kind::field:
        if (!is_field_name(n.field)) fail("unknown field " + n.field);
        if (n.quoted) {
          if (n.text.find('"') != std::string::npos) fail("quote in a field phrase");
          emit(n.field + ":\"" + n.text + "\"");
        } else {
          if (has_space(n.text) || n.text.find_first_of("()\"") != std::string::npos)
            fail("bad field value " + n.text);
          emit(n.field + ":" + n.text);
        }
        break;
      case Kind::near: {
        if (n.children.size() < 2) fail("near with fewer than two operands");
        const std::string op = std::string(n.near_op == NearOp::near ? "NEAR" : "ADJ") +
                               (n.near_n ? "/" + std::to_string(n.near_n) : "");
        for (std::size_t i = 0; i < n.children.size(); ++i) {
          if (i) emit(op);
          const Kind k = n.children[i].kind;
          if (k != Kind::text && k != Kind::phrase && k != Kind::field && k != Kind::wildcard)
            fail("near operand");
          node(n.children[i]);
        }
        break;
      }
      case Kind::junk:
        if (n.text == ")") {
          if (depth_ != 0) fail("stray ')' inside a group");
        } else if (n.text != "*" && n.text != "+" && n.text != "-" && n.text != "\"\"" &&
                   n.text != "()" && n.text != "( )" && n.text != "->" && n.text != "-*" &&
                   n.text != "+*") {
          fail("unknown junk " + n.text);
        }
        emit(n.text);
        break;
    }
  }

 private:
  template <typename OpName>
  void chain(const Node& n, OpName op_name) {
    if (n.children.empty()) fail("empty chain");
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i) emit(op_name(i - 1));
      node(n.children[i]);
    }
  }

  void emit(const std::string& chunk) {
    if (stopped_) fail("something after an unclosed phrase");
    if (!out_.empty() && !glue_) out_ += separator_;
    glue_ = false;
    out_ += chunk;
  }
  void append(const std::string& s) {
    if (stopped_) fail("something after an unclosed phrase");
    glue_ = false;
    out_ += s;
  }

  // What any bare (unquoted) chunk must not hold to stay one chunk of its kind.
  void check_bare(const std::string& chunk) {
    if (chunk.empty()) fail("empty chunk");
    if (has_space(chunk) || chunk.find_first_of("()\"") != std::string::npos)
      fail("chunk with whitespace, parenthesis or quote: " + chunk);
    if (chunk[0] == '+' || chunk[0] == '-') fail("chunk starting with + or -: " + chunk);
    if (looks_like_field(chunk)) fail("chunk that is a field: " + chunk);
    if (is_operator_chunk(chunk)) fail("chunk that is an operator: " + chunk);
  }
  void check_text(const std::string& chunk) {
    check_bare(chunk);
    if (chunk.back() == '*') fail("text ending in '*': " + chunk);
  }

  [[noreturn]] void fail(const std::string& why) {
    throw std::logic_error("reference query cannot be rendered: " + why + " (so far: " + out_ +
                           ")");
  }

  std::string separator_;
  std::string out_;
  bool glue_ = false;
  bool stopped_ = false;
  int depth_ = 0;
};

}  // namespace

std::string render(const Query& query) {
  Renderer renderer(query.separator);
  renderer.node(query.root);
  return renderer.finish(query.drop_trailing_parens);
}

std::string describe(const Node& n) {
  const auto quoted = [](const std::string& s) { return "\"" + s + "\""; };
  const auto children = [&](std::string_view head, std::string_view separator) {
    if (n.children.size() == 1 && head != "near" && head != "seq") return describe(n.children[0]);
    std::string out = "(" + std::string(head);
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      if (i && !separator.empty()) out += " " + std::string(separator);
      out += " " + describe(n.children[i]);
    }
    return out + ")";
  };
  switch (n.kind) {
    case Kind::or_:
      return children("or", "");
    case Kind::xor_:
      return children("xor", "");
    case Kind::and_: {
      if (n.children.size() == 1) return describe(n.children[0]);
      std::string out = "(and " + describe(n.children[0]);
      for (std::size_t i = 0; i < n.ops.size(); ++i)
        out +=
            std::string(n.ops[i] == AndOp::and_ ? " AND " : " NOT ") + describe(n.children[i + 1]);
      return out + ")";
    }
    case Kind::seq:
      if (n.children.empty()) return "·";
      return children("seq", "");
    case Kind::item: {
      const std::string sign = n.modifier == Modifier::required   ? "+"
                               : n.modifier == Modifier::excluded ? "-"
                                                                  : "";
      return sign + describe(n.children.at(0));
    }
    case Kind::group:
      return "(group " + describe(n.children.at(0)) + ")";
    case Kind::text:
      return quoted(n.text);
    case Kind::phrase:
      return "(phrase " + quoted(n.text) + (n.unclosed ? " unclosed" : "") + ")";
    case Kind::wildcard:
      return "(wildcard " + quoted(n.text) + ")";
    case Kind::field:
      return "(" + n.field + (n.quoted ? " phrase " : " ") + quoted(n.text) + ")";
    case Kind::near: {
      std::string head = std::string(n.near_op == NearOp::near ? "near" : "adj") +
                         (n.near_n ? "/" + std::to_string(n.near_n) : "");
      std::string out = "(" + head;
      for (const Node& child : n.children)
        out += " " + describe(child);
      return out + ")";
    }
    case Kind::junk:
      return "(junk " + quoted(n.text) + ")";
  }
  return "?";
}

// ---------------------------------------------------------------------------------
// Raw index data

ReferenceIndex::ReferenceIndex(const std::filesystem::path& database) {
  Xapian::Database db(database.string());
  std::map<std::string, std::vector<Posting>> terms;
  for (auto doc = db.postlist_begin(""); doc != db.postlist_end(""); ++doc) {
    const Xapian::docid did = *doc;
    const auto index = static_cast<std::uint32_t>(ids_.size());
    std::string id;
    for (auto term = db.termlist_begin(did); term != db.termlist_end(did); ++term) {
      const std::string name = *term;
      if (name.size() > schema::kId.size() && name.compare(0, schema::kId.size(), schema::kId) == 0)
        id = name.substr(schema::kId.size());
      Posting posting;
      posting.doc = index;
      for (auto pos = db.positionlist_begin(did, name); pos != db.positionlist_end(did, name);
           ++pos)
        posting.positions.push_back(*pos);
      terms_[name].push_back(std::move(posting));
    }
    if (id.empty()) throw std::runtime_error("document without a Q term");
    ids_.push_back(id);
    dates_.push_back(db.get_document(did).get_value(schema::kSlotDate));
  }
  const std::string prefix(schema::kMetaAccentPrefix);
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key) {
    const std::string value = db.get_metadata(*key);
    std::vector<std::string>& stems = accent_stems_[(*key).substr(prefix.size())];
    for (std::size_t start = 0; start < value.size();) {
      const std::size_t end = std::min(value.find(' ', start), value.size());
      stems.push_back(value.substr(start, end - start));
      start = end + 1;
    }
  }
}

const std::vector<std::string>* ReferenceIndex::accent_stems(const std::string& folded) const {
  const auto it = accent_stems_.find(folded);
  return it == accent_stems_.end() ? nullptr : &it->second;
}

const std::vector<ReferenceIndex::Posting>* ReferenceIndex::postings(
    const std::string& term) const {
  const auto it = terms_.find(term);
  return it == terms_.end() ? nullptr : &it->second;
}

// ---------------------------------------------------------------------------------
// Evaluator

namespace {

// A set of documents (indexes into ReferenceIndex::ids()), as a bitset: the sets are
// small (hundreds of documents) and combined often.
class DocSet {
 public:
  explicit DocSet(std::size_t size, bool full = false)
      : size_(size), words_((size + 63) / 64, full ? ~std::uint64_t{0} : 0) {
    trim();
  }
  void insert(std::size_t i) { words_[i / 64] |= std::uint64_t{1} << (i % 64); }
  bool contains(std::size_t i) const { return (words_[i / 64] >> (i % 64)) & 1; }
  DocSet& operator&=(const DocSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i)
      words_[i] &= o.words_[i];
    return *this;
  }
  DocSet& operator|=(const DocSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i)
      words_[i] |= o.words_[i];
    return *this;
  }
  DocSet& operator^=(const DocSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i)
      words_[i] ^= o.words_[i];
    return *this;
  }
  DocSet& operator-=(const DocSet& o) {
    for (std::size_t i = 0; i < words_.size(); ++i)
      words_[i] &= ~o.words_[i];
    return *this;
  }
  std::size_t size() const { return size_; }

 private:
  void trim() {
    if (size_ % 64 && !words_.empty()) words_.back() &= (std::uint64_t{1} << (size_ % 64)) - 1;
  }
  std::size_t size_;
  std::vector<std::uint64_t> words_;
};

// A word of analysed query text.
struct QueryWord {
  std::uint32_t position = 0;
  bool stopword = false;
  std::string text;  // as written: word_terms() takes it (elision and case included)
};

enum class Role { plain, required, filter, excluded };

struct Part {
  Role role;
  DocSet docs;
};

// A Xapian-style window check: do the position lists hold q1 < ... < qk with
// qk - q1 + 1 <= window? For each q1 the earliest later position of each next list is
// the best choice, so a greedy scan decides.
bool ordered_within(const std::vector<const std::vector<std::uint32_t>*>& lists,
                    std::uint32_t window) {
  for (const std::uint32_t first : *lists[0]) {
    std::uint32_t current = first;
    bool complete = true;
    for (std::size_t i = 1; i < lists.size(); ++i) {
      const auto next = std::upper_bound(lists[i]->begin(), lists[i]->end(), current);
      if (next == lists[i]->end()) {
        complete = false;
        break;
      }
      current = *next;
    }
    if (!complete) return false;  // later starts cannot complete either
    if (current - first + 1 <= window) return true;
  }
  return false;
}

// NEAR: one position per list, all distinct, in any order, within @p window positions
// (max - min + 1 <= window). Tries each actual position as the window's start.
bool unordered_within(const std::vector<const std::vector<std::uint32_t>*>& lists,
                      std::uint32_t window) {
  std::vector<std::uint32_t> starts;
  for (const auto* list : lists)
    starts.insert(starts.end(), list->begin(), list->end());
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  std::vector<std::uint32_t> used;
  std::function<bool(std::size_t, std::uint32_t)> assign = [&](std::size_t i, std::uint32_t start) {
    if (i == lists.size()) return true;
    auto it = std::lower_bound(lists[i]->begin(), lists[i]->end(), start);
    for (; it != lists[i]->end() && *it < start + window; ++it) {
      if (std::find(used.begin(), used.end(), *it) != used.end()) continue;
      used.push_back(*it);
      if (assign(i + 1, start)) return true;
      used.pop_back();
    }
    return false;
  };
  for (const std::uint32_t start : starts) {
    used.clear();
    if (assign(0, start)) return true;
  }
  return false;
}

std::string lower_ascii(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// docs/query-syntax.md on host: values: the host of a host name or URL, lower case,
// without a leading "www.".
std::string host_of(const std::string& value) {
  std::string_view rest = value;
  if (const auto scheme = rest.find("://"); scheme != std::string_view::npos)
    rest.remove_prefix(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto user = rest.rfind('@'); user != std::string_view::npos)
    rest.remove_prefix(user + 1);
  rest = rest.substr(0, rest.find(':'));
  while (!rest.empty() && rest.back() == '.')
    rest.remove_suffix(1);
  std::string host = lower_ascii(std::string(rest));
  if (host.starts_with("www.")) host.erase(0, 4);
  return host;
}

bool is_wildcard_value(const std::string& value) {
  return value.size() >= 2 && value.back() == '*' &&
         has_alnum(std::string_view(value).substr(0, value.size() - 1));
}

int days_in_month(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

// One bound of a date: a day, a month or a year, as the first and last day it covers
// (YYYYMMDD strings, compared with the first 8 characters of the date value).
bool parse_date_bound(const std::string& s, std::string& first, std::string& last) {
  const auto digits = [&](std::size_t at, std::size_t n) {
    return s.size() >= at + n && all_digits(std::string_view(s).substr(at, n));
  };
  if (s.size() == 4 && digits(0, 4)) {
    first = s + "0101";
    last = s + "1231";
    return true;
  }
  if (s.size() == 7 && digits(0, 4) && s[4] == '-' && digits(5, 2)) {
    const int month = std::stoi(s.substr(5, 2));
    if (month < 1 || month > 12) return false;
    first = s.substr(0, 4) + s.substr(5, 2) + "01";
    last = s.substr(0, 4) + s.substr(5, 2) + "31";
    return true;
  }
  if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' &&
      digits(8, 2)) {
    const int year = std::stoi(s.substr(0, 4));
    const int month = std::stoi(s.substr(5, 2));
    const int day = std::stoi(s.substr(8, 2));
    if (month < 1 || month > 12 || day < 1 || day > days_in_month(year, month)) return false;
    first = last = s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
    return true;
  }
  return false;
}

}  // namespace

class ReferenceEvaluator::Impl {
 public:
  Impl(const ReferenceIndex& index, Analyzer& analyzer, const Gazetteer& gazetteer,
       const EvalOptions& options)
      : index_(index), analyzer_(analyzer), gazetteer_(gazetteer), options_(options) {}

  DocSet all() const { return DocSet(index_.size(), true); }
  DocSet none() const { return DocSet(index_.size()); }

  std::optional<DocSet> or_node(const Node& n) {
    std::optional<DocSet> result;
    for (const Node& child : n.children) {
      std::optional<DocSet> v = xor_node(child);
      if (!v) continue;  // an absent operand: the operator keeps the other one
      if (!result)
        result = std::move(v);
      else
        *result |= *v;
    }
    return result;
  }

  std::optional<DocSet> xor_node(const Node& n) {
    std::optional<DocSet> result;
    for (const Node& child : n.children) {
      std::optional<DocSet> v = and_node(child);
      if (!v) continue;
      if (!result)
        result = std::move(v);
      else
        *result ^= *v;
    }
    return result;
  }

  std::optional<DocSet> and_node(const Node& n) {
    std::optional<DocSet> result = seq_node(n.children.at(0));
    for (std::size_t i = 0; i < n.ops.size(); ++i) {
      std::optional<DocSet> v = seq_node(n.children.at(i + 1));
      if (!v) continue;  // `a AND ·` = a, `a NOT ·` = a
      if (n.ops[i] == AndOp::and_) {
        if (!result)
          result = std::move(v);  // `· AND b` = b
        else
          *result &= *v;
      } else {
        if (!result) result = all();  // `· NOT b` = every document but b
        *result -= *v;
      }
    }
    return result;
  }

  std::optional<DocSet> seq_node(const Node& n) {
    std::vector<Part> parts;
    for (const Node& child : n.children)
      item_node(child, parts);
    if (parts.empty()) return std::nullopt;  // nothing but ignored items: absent

    std::vector<const DocSet*> plain, required, filters, excluded;
    for (const Part& part : parts) {
      switch (part.role) {
        case Role::plain:
          plain.push_back(&part.docs);
          break;
        case Role::required:
          required.push_back(&part.docs);
          break;
        case Role::filter:
          filters.push_back(&part.docs);
          break;
        case Role::excluded:
          excluded.push_back(&part.docs);
          break;
      }
    }
    const auto intersect = [&](DocSet& into, const std::vector<const DocSet*>& sets) {
      for (const DocSet* s : sets)
        into &= *s;
    };
    DocSet result = all();  // no P, R or F: every document (`-tiktok` = `NOT tiktok`)
    if (!plain.empty() || !required.empty() || !filters.empty()) {
      if (options_.default_and) {
        intersect(result, plain);
        intersect(result, required);
        intersect(result, filters);
      } else if (!required.empty()) {
        intersect(result, required);  // the plain items only add to the score
        intersect(result, filters);
      } else if (!plain.empty()) {
        DocSet any = none();
        for (const DocSet* s : plain)
          any |= *s;
        result = std::move(any);
        intersect(result, filters);
      } else {
        intersect(result, filters);
      }
    }
    for (const DocSet* s : excluded)
      result -= *s;
    return result;
  }

  void item_node(const Node& n, std::vector<Part>& parts) {
    const Node& primary = n.children.at(0);
    if (primary.kind == Kind::near && !near_is_valid(primary)) {
      // The operator is ignored: its operands become items of the sequence. A sign
      // marks "the item it starts" (lexical rules): the first operand only, as if the
      // operator had not been written (`-a NEAR "b c"` = `-a "b c"`).
      for (std::size_t i = 0; i < primary.children.size(); ++i)
        add_part(primary.children[i], i == 0 ? n.modifier : Modifier::none, parts);
      return;
    }
    add_part(primary, n.modifier, parts);
  }

  void add_part(const Node& primary, Modifier modifier, std::vector<Part>& parts) {
    std::optional<DocSet> docs = primary_node(primary);
    if (!docs) return;  // ignored item
    Role role = Role::plain;
    if (modifier == Modifier::required)
      role = Role::required;
    else if (modifier == Modifier::excluded)
      role = Role::excluded;
    else if (primary.kind == Kind::field && is_filter_field(primary.field))
      role = Role::filter;
    parts.push_back({role, std::move(*docs)});
  }

  std::optional<DocSet> primary_node(const Node& n) {
    switch (n.kind) {
      case Kind::group:
        return or_node(n.children.at(0));
      case Kind::text:
        return text_chunk(n.text, "");
      case Kind::phrase:
        return phrase_text(n.text, "");
      case Kind::wildcard:
        return wildcard_prefix(n.text, "");
      case Kind::field:
        return field_node(n);
      case Kind::near:
        return near_node(n);
      case Kind::junk:
        return std::nullopt;
      default:
        throw std::logic_error("reference evaluator: not a primary");
    }
  }

  // ---- words

  std::vector<QueryWord> words_of(std::string_view text) {
    std::vector<QueryWord> words;
    for (const Token& token : analyzer_.analyze(text)) {
      if (token.kind != TokenKind::word && token.kind != TokenKind::number) continue;
      words.push_back({token.position, token.stopword, token.text});
    }
    return words;
  }

  // A stem term under a prefix: "Z" + prefix + stem, as titles index them (ZS<stem>).
  static std::string prefixed_stem(const std::string& stem, const std::string& prefix) {
    if (prefix.empty() || stem.empty()) return stem;
    return "Z" + prefix + stem.substr(1);
  }

  DocSet holding_any(const std::vector<std::string>& terms) {
    DocSet docs = none();
    for (const std::string& term : terms)
      if (const auto* postings = index_.postings(term))
        for (const auto& posting : *postings)
          docs.insert(posting.doc);
    return docs;
  }

  // A text chunk (plain or title:): one word, several words (a phrase), or nothing.
  std::optional<DocSet> text_chunk(const std::string& chunk, const std::string& prefix) {
    const std::vector<QueryWord> words = words_of(chunk);
    if (words.size() == 1 && !words[0].stopword) {
      const WordTerms terms = analyzer_.word_terms(words[0].text);
      std::vector<std::string> stems;
      if (!terms.phrase_stem.empty()) stems.push_back(prefixed_stem(terms.phrase_stem, prefix));
      for (const std::string& other : terms.other_stems)
        stems.push_back(prefixed_stem(other, prefix));
      if (const auto* accented = index_.accent_stems(terms.unstemmed))
        for (const std::string& other : *accented)
          stems.push_back(prefixed_stem(other, prefix));
      return holding_any(stems);
    }
    return phrase_words(words, prefix);
  }

  std::optional<DocSet> phrase_text(const std::string& text, const std::string& prefix) {
    return phrase_words(words_of(text), prefix);
  }

  // The searched words (stop words dropped) as a phrase within the query's window;
  // one searched word is its phrase stem alone; none: ignored.
  std::optional<DocSet> phrase_words(const std::vector<QueryWord>& words,
                                     const std::string& prefix) {
    std::vector<std::string> terms;
    std::vector<std::uint32_t> positions;
    for (const QueryWord& word : words) {
      if (word.stopword) continue;
      terms.push_back(prefixed_stem(analyzer_.word_terms(word.text).phrase_stem, prefix));
      positions.push_back(word.position);
    }
    if (terms.empty()) return std::nullopt;
    return within(terms, positions.back() - positions.front() + 1, true);
  }

  // Documents holding @p terms at positions within @p window, in order or not.
  DocSet within(const std::vector<std::string>& terms, std::uint32_t window, bool ordered) {
    DocSet docs = none();
    std::vector<const std::vector<ReferenceIndex::Posting>*> postings;
    for (const std::string& term : terms) {
      const auto* p = term.empty() ? nullptr : index_.postings(term);
      if (!p) return docs;  // a term no document holds
      postings.push_back(p);
    }
    if (terms.size() == 1) {
      for (const auto& posting : *postings[0])
        docs.insert(posting.doc);
      return docs;
    }
    // Walk the first term's documents and look the others up (postings are sorted).
    for (const auto& first : *postings[0]) {
      std::vector<const std::vector<std::uint32_t>*> lists{&first.positions};
      bool everywhere = true;
      for (std::size_t i = 1; i < postings.size() && everywhere; ++i) {
        const auto it = std::lower_bound(
            postings[i]->begin(), postings[i]->end(), first.doc,
            [](const ReferenceIndex::Posting& p, std::uint32_t doc) { return p.doc < doc; });
        if (it == postings[i]->end() || it->doc != first.doc)
          everywhere = false;
        else
          lists.push_back(&it->positions);
      }
      if (!everywhere) continue;
      if (std::any_of(lists.begin(), lists.end(), [](const auto* l) { return l->empty(); }))
        continue;
      if (ordered ? ordered_within(lists, window) : unordered_within(lists, window))
        docs.insert(first.doc);
    }
    return docs;
  }

  // ---- wildcards

  std::optional<DocSet> wildcard_prefix(const std::string& written, const std::string& prefix) {
    const std::string folded = analyzer_.word_terms(written).unstemmed;
    if (folded.empty()) throw std::logic_error("wildcard prefix folds to nothing: " + written);
    const std::string start = prefix + folded;
    std::size_t expansions = 0;
    DocSet docs = none();
    const auto& terms = index_.terms();
    for (auto it = terms.lower_bound(start);
         it != terms.end() && it->first.compare(0, start.size(), start) == 0; ++it) {
      ++expansions;
      for (const auto& posting : it->second)
        docs.insert(posting.doc);
    }
    if (expansions > options_.max_wildcard_expansion)
      throw QueryError("wildcard " + written + "* expands to " + std::to_string(expansions) +
                       " terms, more than " + std::to_string(options_.max_wildcard_expansion));
    return docs;
  }

  // ---- fields

  std::optional<DocSet> field_node(const Node& n) {
    const std::string& value = n.text;
    if (value.empty()) return std::nullopt;  // a known field with an empty value: ignored
    if (n.field == "title") {
      const std::string prefix(schema::kTitle);
      if (n.quoted) return phrase_text(value, prefix);
      if (is_wildcard_value(value))
        return wildcard_prefix(value.substr(0, value.size() - 1), prefix);
      return text_chunk(value, prefix);
    }
    if (n.field == "type") {
      const std::string type = lower_ascii(value);
      if (type != "article" && type != "comment") throw QueryError("type:" + value);
      return holding_any({std::string(schema::kType) + type});
    }
    if (n.field == "entity") {
      const Entity* entity = gazetteer_.resolve(value);
      if (!entity) throw QueryError("unknown entity " + value);
      return holding_any({std::string(schema::kEntity) + entity->id});
    }
    if (n.field == "author")
      return holding_any({std::string(schema::kAuthor) + analyzer_.fold(value)});
    if (n.field == "host") {
      const std::string host = host_of(value);
      if (host.empty()) throw QueryError("host:" + value);
      return holding_any({std::string(schema::kHost) + host});
    }
    if (n.field == "lang")
      return holding_any({std::string(schema::kLanguage) + lower_ascii(value)});
    if (n.field == "date") return date_range(value);
    throw std::logic_error("unknown field " + n.field);
  }

  DocSet date_range(const std::string& value) {
    std::string first = "00000000", last = "99999999", ignored;
    const std::size_t dots = value.find("..");
    if (dots == std::string::npos) {
      if (!parse_date_bound(value, first, last)) throw QueryError("date:" + value);
    } else {
      const std::string from = value.substr(0, dots), to = value.substr(dots + 2);
      if ((from.empty() && to.empty()) || to.find("..") != std::string::npos)
        throw QueryError("date:" + value);
      if (!from.empty() && !parse_date_bound(from, first, ignored))
        throw QueryError("date:" + value);
      if (!to.empty() && !parse_date_bound(to, ignored, last)) throw QueryError("date:" + value);
    }
    DocSet docs = none();
    for (std::size_t i = 0; i < index_.size(); ++i) {
      const std::string& date = index_.dates()[i];
      if (date.size() < 8) continue;  // no date: in no range
      const std::string day = date.substr(0, 8);
      if (first <= day && day <= last) docs.insert(i);
    }
    return docs;
  }

  // ---- NEAR / ADJ

  // Each operand one text chunk of exactly one word that is not a stop word.
  bool near_is_valid(const Node& n) {
    for (const Node& operand : n.children) {
      if (operand.kind != Kind::text) return false;
      const std::vector<QueryWord> words = words_of(operand.text);
      if (words.size() != 1 || words[0].stopword) return false;
    }
    return true;
  }

  std::optional<DocSet> near_node(const Node& n) {
    std::vector<std::string> terms;
    for (const Node& operand : n.children)
      terms.push_back(analyzer_.word_terms(words_of(operand.text).at(0).text).phrase_stem);
    const auto k = static_cast<std::uint32_t>(terms.size());
    const std::uint32_t window = static_cast<std::uint32_t>(n.near_n ? n.near_n : 10) + k - 1;
    return within(terms, window, n.near_op == NearOp::adj);
  }

 private:
  const ReferenceIndex& index_;
  Analyzer& analyzer_;
  const Gazetteer& gazetteer_;
  EvalOptions options_;
};

ReferenceEvaluator::ReferenceEvaluator(const ReferenceIndex& index, Analyzer analyzer,
                                       Gazetteer gazetteer)
    : index_(index), analyzer_(std::move(analyzer)), gazetteer_(std::move(gazetteer)) {}

EvalResult ReferenceEvaluator::evaluate(const Query& query, const EvalOptions& options) {
  EvalResult result;
  const std::string written = render(query);
  Impl impl(index_, analyzer_, gazetteer_, options);
  std::optional<DocSet> docs;
  try {
    docs = impl.or_node(query.root);
  } catch (const QueryError& error) {
    result.error = true;
    result.error_message = error.what();
    return result;
  }
  if (!docs) {
    if (std::all_of(written.begin(), written.end(), [](char c) { return has_space({&c, 1}); }))
      docs = impl.all();  // the empty query: every document
    else
      result.nothing_to_search = true;  // matches no document
  }
  if (docs)
    for (std::size_t i = 0; i < index_.size(); ++i)
      if (docs->contains(i)) result.ids.insert(index_.ids()[i]);
  return result;
}

}  // namespace crible::test::ref
