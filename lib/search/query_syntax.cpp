#include "search/query_syntax.h"

#include <algorithm>
#include <array>

namespace crible::search {

namespace {

constexpr std::array<std::string_view, 7> kFields = {"title", "author", "entity", "type",
                                                     "host",  "lang",   "date"};

// One lexical unit of a query.
struct Lexeme {
  enum class Kind { text, phrase, wildcard, field, open, close, op };
  Kind kind = Kind::text;
  std::string text;              // text, phrase, wildcard: the content; op: AND OR NOT XOR NEAR ADJ
  std::string field;             // field: its name
  Kind value_kind = Kind::text;  // field: what its value is (text, phrase or wildcard)
  std::size_t start = 0, end = 0;
  std::size_t value_start = 0;  // field: where its value starts
  unsigned distance = 10;       // NEAR/n, ADJ/n
  char mark = 0;                // '+' or '-' written before it
};

// "NEAR/12" -> 12; 0 when it is not an operator with a distance from 1 to 99.
unsigned distance_of(std::string_view chunk, std::string_view op) {
  if (chunk.size() <= op.size() + 1 || chunk.substr(0, op.size()) != op || chunk[op.size()] != '/')
    return 0;
  const std::string_view digits = chunk.substr(op.size() + 1);
  if (digits.size() > 2) return 0;
  unsigned value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return 0;
    value = value * 10 + static_cast<unsigned>(c - '0');
  }
  return value;
}

class Lexer {
 public:
  Lexer(std::string_view query, std::vector<std::string>& notes) : query_(query), notes_(notes) {}

  std::vector<Lexeme> run() {
    std::vector<Lexeme> out;
    while (skip_space()) {
      const std::size_t start = at_;
      const char c = query_[at_];
      if (c == '(' || c == ')') {
        out.push_back(punctuation(c == '(' ? Lexeme::Kind::open : Lexeme::Kind::close));
        continue;
      }
      char mark = 0;
      if (c == '+' || c == '-') {
        const bool alone =
            at_ + 1 >= query_.size() || is_query_space(query_[at_ + 1]) || query_[at_ + 1] == ')';
        ++at_;
        if (alone) {
          notes_.push_back(quote_at(query_.substr(start, 1), start) + " marks nothing: ignored");
          continue;
        }
        mark = c;
        if (query_[at_] == '(') {
          out.push_back(punctuation(Lexeme::Kind::open));
          out.back().mark = mark;
          out.back().start = start;
          continue;
        }
      }
      Lexeme lexeme = query_[at_] == '"' ? phrase() : chunk();
      if (mark != 0 && lexeme.kind == Lexeme::Kind::op) {  // -AND: a word, not an operator
        lexeme.kind = Lexeme::Kind::text;
        lexeme.text = std::string(query_.substr(start + 1, lexeme.end - start - 1));
      }
      lexeme.mark = mark;
      lexeme.start = start;
      out.push_back(std::move(lexeme));
    }
    return out;
  }

 private:
  bool skip_space() {
    while (at_ < query_.size() && is_query_space(query_[at_]))
      ++at_;
    return at_ < query_.size();
  }

  Lexeme punctuation(Lexeme::Kind kind) {
    Lexeme lexeme;
    lexeme.kind = kind;
    lexeme.start = at_;
    lexeme.end = ++at_;
    return lexeme;
  }

  // At a '"': the phrase up to the next one, or to the end of the query.
  Lexeme phrase() {
    Lexeme lexeme;
    lexeme.kind = Lexeme::Kind::phrase;
    const std::size_t open = at_++;
    const std::size_t close = query_.find('"', at_);
    if (close == std::string_view::npos) {
      notes_.push_back("the phrase opened by '\"' at byte " + std::to_string(open) +
                       " is never closed: it runs to the end of the query");
      lexeme.text = std::string(query_.substr(at_));
      at_ = query_.size();
    } else {
      lexeme.text = std::string(query_.substr(at_, close - at_));
      at_ = close + 1;
    }
    lexeme.end = at_;
    return lexeme;
  }

  // Text up to whitespace, a parenthesis or a quote: an operator, a field, a wildcard
  // or plain text.
  Lexeme chunk() {
    const std::size_t start = at_;
    while (at_ < query_.size() && !is_query_space(query_[at_]) && query_[at_] != '(' &&
           query_[at_] != ')' && query_[at_] != '"')
      ++at_;
    const std::string_view text = query_.substr(start, at_ - start);
    Lexeme lexeme;
    lexeme.end = at_;
    if (const std::size_t colon = text.find(':');
        colon != std::string_view::npos && is_known_field(text.substr(0, colon))) {
      lexeme.kind = Lexeme::Kind::field;
      lexeme.field = std::string(text.substr(0, colon));
      lexeme.value_start = start + colon + 1;
      const std::string_view value = text.substr(colon + 1);
      if (value.empty() && at_ < query_.size() && query_[at_] == '"') {
        const Lexeme quoted = phrase();
        lexeme.value_kind = Lexeme::Kind::phrase;
        lexeme.text = quoted.text;
        lexeme.end = quoted.end;
      } else {
        lexeme.value_kind = wildcard_prefix(value) ? Lexeme::Kind::wildcard : Lexeme::Kind::text;
        lexeme.text = std::string(lexeme.value_kind == Lexeme::Kind::wildcard
                                      ? value.substr(0, value.size() - 1)
                                      : value);
      }
      return lexeme;
    }
    if (!text.empty() && is_operator(text, lexeme)) return lexeme;
    if (wildcard_prefix(text)) {
      lexeme.kind = Lexeme::Kind::wildcard;
      lexeme.text = std::string(text.substr(0, text.size() - 1));
      return lexeme;
    }
    lexeme.text = std::string(text);
    return lexeme;
  }

  static bool wildcard_prefix(std::string_view text) { return !text.empty() && text.back() == '*'; }

  static bool is_operator(std::string_view text, Lexeme& lexeme) {
    for (const std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
      const bool plain = text == op;
      const unsigned distance = (op == "NEAR" || op == "ADJ") && !plain ? distance_of(text, op) : 0;
      if (plain || distance > 0) {
        lexeme.kind = Lexeme::Kind::op;
        lexeme.text = std::string(op);
        if (distance > 0) lexeme.distance = distance;
        return true;
      }
    }
    return false;
  }

  std::string_view query_;
  std::vector<std::string>& notes_;
  std::size_t at_ = 0;
};

// Recursive descent over the lexemes, loosest operator first (docs/query-syntax.md).
class Parser {
 public:
  Parser(std::string_view query, std::vector<Lexeme> lexemes, std::vector<std::string>& notes)
      : query_(query), lexemes_(std::move(lexemes)), notes_(notes) {}

  std::optional<SyntaxNode> run() { return binary(0); }

 private:
  using Node = std::optional<SyntaxNode>;
  static constexpr std::array<std::string_view, 3> kLevels = {"OR", "XOR", "AND"};

  const Lexeme* peek() const { return at_ < lexemes_.size() ? &lexemes_[at_] : nullptr; }
  bool peek_op(std::string_view op) const {
    const Lexeme* next = peek();
    return next && next->kind == Lexeme::Kind::op && next->text == op;
  }

  std::string named(const Lexeme& lexeme) const {
    return quote_at(query_.substr(lexeme.start, lexeme.end - lexeme.start), lexeme.start);
  }

  // Level 0: OR, 1: XOR, 2: AND and NOT (binary and unary).
  Node binary(std::size_t level) {
    if (level == kLevels.size()) return sequence();
    Node left = binary(level + 1);
    for (;;) {
      const bool is_not = level == 2 && peek_op("NOT");
      if (!is_not && !peek_op(kLevels[level])) return left;
      const Lexeme op = lexemes_[at_++];
      bool negated = is_not;
      if (!negated && level == 2 && peek_op("NOT")) {  // AND NOT
        ++at_;
        negated = true;
      }
      Node right = binary(level + 1);
      if (negated) {
        left = negation(std::move(left), std::move(right), op);
        continue;
      }
      if (!left || !right) {
        notes_.push_back(named(op) + " has nothing on its " + (left ? "right" : "left") +
                         ": ignored");
        if (!left) left = std::move(right);
        continue;
      }
      SyntaxNode node;
      node.kind = level == 0   ? SyntaxNode::Kind::or_op
                  : level == 1 ? SyntaxNode::Kind::xor_op
                               : SyntaxNode::Kind::and_op;
      node.start = left->start;
      node.end = right->end;
      node.children.push_back(std::move(*left));
      node.children.push_back(std::move(*right));
      left = std::move(node);
    }
  }

  Node negation(Node left, Node right, const Lexeme& op) {
    if (!right) {
      notes_.push_back(named(op) + " has nothing on its right: ignored");
      return left;
    }
    SyntaxNode node;
    node.kind = SyntaxNode::Kind::not_op;
    node.has_left = left.has_value();
    node.start = left ? left->start : op.start;
    node.end = right->end;
    node.children.push_back(left ? std::move(*left) : SyntaxNode{});
    node.children.push_back(std::move(*right));
    return node;
  }

  // Items side by side, up to a binary operator, a ')' closing a group, or the end.
  Node sequence() {
    SyntaxNode node;
    node.kind = SyntaxNode::Kind::sequence;
    while (const Lexeme* next = peek()) {
      if (next->kind == Lexeme::Kind::op) {
        if (next->text == "NEAR" || next->text == "ADJ") {
          notes_.push_back(named(*next) + " has no word on its left: ignored");
          ++at_;
          continue;
        }
        break;  // a binary operator: the caller's
      }
      if (next->kind == Lexeme::Kind::close) {
        if (depth_ > 0) break;
        notes_.push_back(named(*next) + " closes no '(': ignored");
        ++at_;
        continue;
      }
      if (Node item = primary()) node.children.push_back(std::move(*item));
    }
    if (node.children.empty()) return std::nullopt;
    if (node.children.size() == 1 && node.children.front().mark == 0)
      return std::move(node.children.front());
    node.start = node.children.front().start;
    node.end = node.children.back().end;
    return node;
  }

  Node primary() {
    const Lexeme lexeme = lexemes_[at_++];
    switch (lexeme.kind) {
      case Lexeme::Kind::open:
        return group(lexeme);
      case Lexeme::Kind::text:
        return near_chain(leaf(lexeme, SyntaxNode::Kind::text));
      case Lexeme::Kind::phrase:
        return leaf(lexeme, SyntaxNode::Kind::phrase);
      case Lexeme::Kind::wildcard:
        return leaf(lexeme, SyntaxNode::Kind::wildcard);
      case Lexeme::Kind::field:
        return field(lexeme);
      default:
        return std::nullopt;  // sequence() handles operators and ')'
    }
  }

  SyntaxNode leaf(const Lexeme& lexeme, SyntaxNode::Kind kind) const {
    SyntaxNode node;
    node.kind = kind;
    node.text = lexeme.text;
    node.start = lexeme.start;
    node.end = lexeme.end;
    node.mark = lexeme.mark;
    return node;
  }

  Node field(const Lexeme& lexeme) {
    if (lexeme.text.empty()) {  // host: or host:"": nothing to search
      notes_.push_back(named(lexeme) + " has no value: ignored");
      return std::nullopt;
    }
    SyntaxNode node = leaf(lexeme, SyntaxNode::Kind::field);
    node.field = lexeme.field;
    node.children.push_back(
        leaf(lexeme, lexeme.value_kind == Lexeme::Kind::phrase     ? SyntaxNode::Kind::phrase
                     : lexeme.value_kind == Lexeme::Kind::wildcard ? SyntaxNode::Kind::wildcard
                                                                   : SyntaxNode::Kind::text));
    node.children.back().mark = 0;
    node.children.back().start = lexeme.value_start;
    return node;
  }

  Node group(const Lexeme& open) {
    ++depth_;
    Node inner = binary(0);
    --depth_;
    if (const Lexeme* next = peek(); next && next->kind == Lexeme::Kind::close) {
      ++at_;
      if (inner) inner->end = next->end;
    } else {
      notes_.push_back("'(' at byte " + std::to_string(open.start) +
                       " is never closed: closed at the end");
    }
    if (!inner) {
      notes_.push_back("the parentheses at byte " + std::to_string(open.start) +
                       " hold nothing to search: ignored");
      return std::nullopt;
    }
    // A group is a plain item of the sequence around it, even when it holds a lone
    // filter: under default OR, `(entity:x) a` is entity:x OR a, not entity:x AND a.
    const bool lone_filter =
        inner->kind == SyntaxNode::Kind::field && is_filter_field(inner->field);
    // -(a b): the mark is the group's, not its first item's. A NEAR/ADJ chain too: if it
    // is ignored, its operands become items, and +(a ADJ b ADJ "c d") must require the
    // group (a, b, "c d" by the default operator), not a alone.
    const bool marked_items =
        open.mark != 0 && (inner->mark != 0 || inner->kind == SyntaxNode::Kind::sequence ||
                           inner->kind == SyntaxNode::Kind::near);
    if (lone_filter || marked_items) {
      SyntaxNode wrapper;
      wrapper.kind = SyntaxNode::Kind::sequence;
      wrapper.start = open.start;
      wrapper.end = inner->end;
      wrapper.children.push_back(std::move(*inner));
      inner = std::move(wrapper);
    }
    if (open.mark != 0) {
      inner->mark = open.mark;
      inner->start = open.start;
    }
    return inner;
  }

  // text NEAR text ADJ/3 text …: a chain of operands of one operator kind.
  SyntaxNode near_chain(SyntaxNode first) {
    if (!peek_op("NEAR") && !peek_op("ADJ")) return first;
    SyntaxNode chain;
    chain.kind = SyntaxNode::Kind::near;
    chain.mark = first.mark;
    chain.start = first.start;
    first.mark = 0;
    chain.children.push_back(std::move(first));
    while (peek_op("NEAR") || peek_op("ADJ")) {
      const Lexeme op = lexemes_[at_];
      if (!chain.field.empty() && chain.field != op.text) break;  // NEAR then ADJ: a new chain
      const Lexeme* operand = at_ + 1 < lexemes_.size() ? &lexemes_[at_ + 1] : nullptr;
      if (!operand || operand->kind != Lexeme::Kind::text || operand->mark != 0) {
        notes_.push_back(named(op) + " needs a word on each side: ignored");
        ++at_;
        break;
      }
      chain.field = op.text;
      chain.distance = op.distance;
      chain.children.push_back(leaf(*operand, SyntaxNode::Kind::text));
      at_ += 2;
    }
    if (chain.children.size() == 1) {
      SyntaxNode alone = std::move(chain.children.front());
      alone.mark = chain.mark;
      return alone;
    }
    chain.end = chain.children.back().end;
    return chain;
  }

  std::string_view query_;
  std::vector<Lexeme> lexemes_;
  std::vector<std::string>& notes_;
  std::size_t at_ = 0;
  int depth_ = 0;
};

}  // namespace

bool is_query_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_known_field(std::string_view name) {
  return std::find(kFields.begin(), kFields.end(), name) != kFields.end();
}

bool is_filter_field(std::string_view name) {
  return is_known_field(name) && name != "title";
}

std::string quote_at(std::string_view text, std::size_t at) {
  return "'" + std::string(text) + "' at byte " + std::to_string(at);
}

SyntaxTree parse_syntax(std::string_view query) {
  SyntaxTree tree;
  std::vector<Lexeme> lexemes = Lexer(query, tree.notes).run();
  tree.root = Parser(query, std::move(lexemes), tree.notes).run();
  return tree;
}

}  // namespace crible::search
