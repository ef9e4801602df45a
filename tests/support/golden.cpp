#include "golden.h"

#include <fstream>
#include <stdexcept>

namespace crible::test {
namespace {

void append_code_point(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

}  // namespace

std::string unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\' || i + 1 == text.size()) {
      out += text[i];
      continue;
    }
    const char kind = text[++i];
    if (kind == 'n') {
      out += '\n';
    } else if (kind == 't') {
      out += '\t';
    } else if (kind == '\\') {
      out += '\\';
    } else if (kind == 'u' || kind == 'x') {
      const std::size_t digits = kind == 'u' ? 4 : 2;
      const auto value = std::stoul(std::string(text.substr(i + 1, digits)), nullptr, 16);
      if (kind == 'u')
        append_code_point(out, static_cast<char32_t>(value));
      else
        out += static_cast<char>(value);
      i += digits;
    } else {
      throw std::runtime_error("bad escape \\" + std::string(1, kind));
    }
  }
  return out;
}

std::vector<GoldenCase> load_golden(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path.string());
  std::vector<GoldenCase> cases;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#') continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos)
      throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": no TAB");
    cases.push_back({number, unescape(line.substr(0, tab)), line.substr(tab + 1)});
  }
  return cases;
}

std::string render_terms(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& token : tokens) {
    for (const std::string& term : token.terms) {
      if (!out.empty()) out += ' ';
      out += term + "[" + std::to_string(token.position) + "]";
    }
  }
  return out;
}

std::filesystem::path source_path(std::string_view relative) {
  return std::filesystem::path(CRIBLE_SOURCE_DIR) / relative;
}

}  // namespace crible::test
