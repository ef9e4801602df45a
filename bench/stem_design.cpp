// Which stem terms make accent-free search exact? Measured on Snowball's French
// vocabulary (../shared/snowball-fr/v2.2-era, the data matching libstemmer 2.2).
//
// For each design, I(w) is the set of stem terms indexed for a word w and Q(q) the
// set a query word q searches (as one synonym); q finds w when they share a term.
//   A  fold(stem(w))                    I = Q = {fold(stem(w))}
//   B  stem(fold(w))                    I = Q = {fold(stem(fold(w)))}
//   C  both at one position (crible)    I = Q = A u B, through crible's Analyzer
//   C1 C indexed, query B only          what Xapian's QueryParser gives without
//                                       crible's synonym rewrite
// Figures:
//   accent recall   accented words w found by the query fold(w)
//   classes split   Snowball classes (words with one Snowball stem, >= 2 words) with
//                   a pair a, b where the query a does not find b; then the same
//                   with the query fold(a)
//   pairs matched   over ordered pairs (a, b) of distinct words of a class, the
//                   queries a and fold(a) that find b

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "analysis/stemmer.h"
#include "analysis/unicode_fold.h"
#include "crible/analyzer.h"

namespace {

using Terms = std::set<std::string>;

bool shares(const Terms& a, const Terms& b) {
  for (const std::string& t : a)
    if (b.count(t)) return true;
  return false;
}

struct Design {
  std::string name;
  std::function<Terms(const std::string&)> index, query;
};

struct Figures {
  std::size_t accented = 0, accent_found = 0;
  std::size_t classes = 0, split = 0, split_bare = 0;
  std::size_t pairs = 0, pairs_matched = 0;
};

Figures measure(const Design& design, const std::vector<std::string>& words,
                const std::map<std::string, std::vector<std::string>>& classes,
                const crible::analysis::UnicodeFolder& folder) {
  Figures f;
  std::map<std::string, Terms> index, query, query_bare;
  for (const std::string& w : words) {
    index[w] = design.index(w);
    query[w] = design.query(w);
    query_bare[w] = design.query(folder.fold_utf8(w));
  }
  for (const std::string& w : words) {
    if (folder.fold_utf8(w) == w) continue;
    ++f.accented;
    f.accent_found += shares(query_bare[w], index[w]);
  }
  for (const auto& [stem, members] : classes) {
    if (members.size() < 2) continue;
    ++f.classes;
    bool split = false, split_bare = false;
    for (const std::string& a : members) {
      for (const std::string& b : members) {
        if (a == b) continue;
        const bool found = shares(query[a], index[b]);
        const bool found_bare = shares(query_bare[a], index[b]);
        split |= !found;
        split_bare |= !found_bare;
        f.pairs += 2;
        f.pairs_matched += found + found_bare;
      }
    }
    f.split += split;
    f.split_bare += split_bare;
  }
  return f;
}

std::vector<std::string> read_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path dir =
      argc > 1 ? argv[1] : std::filesystem::path(CRIBLE_SHARED_DIR) / "snowball-fr/v2.2-era";
  const std::vector<std::string> words = read_lines(dir / "voc.txt");
  if (words.empty()) {
    std::fprintf(stderr, "no vocabulary in %s\n", dir.c_str());
    return 1;
  }
  const crible::analysis::UnicodeFolder folder;
  crible::analysis::SnowballStemmer stemmer("french");
  crible::AnalyzerOptions options;
  options.use_stopwords = false;  // stemming only: stop words are not stemmed at all
  crible::Analyzer analyzer = crible::Analyzer::create(options);

  std::map<std::string, std::vector<std::string>> classes;
  for (const std::string& w : words)
    classes[stemmer.stem(w)].push_back(w);

  const auto fold_stem = [&](const std::string& w) {
    return Terms{folder.fold_utf8(stemmer.stem(w))};
  };
  const auto stem_fold = [&](const std::string& w) {
    return Terms{folder.fold_utf8(stemmer.stem(folder.fold_utf8(w)))};
  };
  const auto crible_terms = [&](const std::string& w) {
    const crible::WordTerms terms = analyzer.word_terms(w);
    Terms out(terms.other_stems.begin(), terms.other_stems.end());
    out.insert(terms.phrase_stem);
    return out;
  };
  const auto crible_phrase_stem = [&](const std::string& w) {
    return Terms{analyzer.word_terms(w).phrase_stem};
  };

  const std::vector<Design> designs = {
      {"A  fold(stem(w))", fold_stem, fold_stem},
      {"B  stem(fold(w))", stem_fold, stem_fold},
      {"C  both, query both as OP_SYNONYM (crible)", crible_terms, crible_terms},
      {"C1 both, query stem(fold(w)) only", crible_terms, crible_phrase_stem},
  };
  std::printf("vocabulary: %zu words, %s\n\n", words.size(), dir.c_str());
  std::printf("| design | accent recall | classes split (query a / fold(a)) | pairs matched |\n");
  std::printf("|---|---|---|---|\n");
  for (const Design& design : designs) {
    const Figures f = measure(design, words, classes, folder);
    std::printf("| %s | %.1f %% (%zu/%zu) | %zu / %zu of %zu | %.1f %% |\n", design.name.c_str(),
                100.0 * f.accent_found / f.accented, f.accent_found, f.accented, f.split,
                f.split_bare, f.classes, 100.0 * f.pairs_matched / f.pairs);
  }
  std::size_t extra = 0, terms = 0;
  for (const std::string& w : words) {
    terms += crible_terms(w).size();
    extra += crible_terms(w).size() > 1;
  }
  std::printf("\ncrible: %.3f stem terms per word; %zu words (%.1f %%) carry a second stem\n",
              static_cast<double>(terms) / words.size(), extra, 100.0 * extra / words.size());
  return 0;
}
