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
//   D  C indexed; the query searches    Q(q) = union of I(v) over the vocabulary
//      every spelling of fold(q)        words v with fold(v) = fold(q): a table
//                                       folded word -> stems, built at index time
// Figures:
//   accent recall   accented words w found by the query fold(w)
//   classes split   Snowball classes (words with one Snowball stem, >= 2 words) with
//                   a pair a, b where the query a does not find b; then the same
//                   with the query fold(a)
//   pairs matched   over ordered pairs (a, b) of distinct words of a class, the
//                   queries a and fold(a) that find b
//   a != fold(a)    accented words w whose query finds another set of vocabulary
//                   words than the query fold(w) (issue 15: "données" 1 800
//                   documents, "donnees" 236)
//   outside class   of the words the queries w and fold(w) find, the share in
//                   another Snowball class (what a design adds that is not the word)

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
  std::size_t asymmetric = 0;
  std::size_t found = 0, found_outside = 0;
};

// The vocabulary words a query's terms find, through an inverted index of I(w).
std::set<std::string> found_by(const Terms& query,
                               const std::map<std::string, std::vector<std::string>>& postings) {
  std::set<std::string> words;
  for (const std::string& term : query)
    if (const auto it = postings.find(term); it != postings.end())
      words.insert(it->second.begin(), it->second.end());
  return words;
}

Figures measure(const Design& design, const std::vector<std::string>& words,
                const std::map<std::string, std::vector<std::string>>& classes,
                const std::map<std::string, std::string>& class_of,
                const crible::analysis::UnicodeFolder& folder) {
  Figures f;
  std::map<std::string, Terms> index, query, query_bare;
  std::map<std::string, std::vector<std::string>> postings;
  for (const std::string& w : words) {
    index[w] = design.index(w);
    query[w] = design.query(w);
    query_bare[w] = design.query(folder.fold_utf8(w));
    for (const std::string& term : index[w])
      postings[term].push_back(w);
  }
  for (const std::string& w : words) {
    if (folder.fold_utf8(w) == w) continue;
    ++f.accented;
    f.accent_found += shares(query_bare[w], index[w]);
    const std::set<std::string> as_written = found_by(query[w], postings);
    const std::set<std::string> bare = found_by(query_bare[w], postings);
    f.asymmetric += as_written != bare;
    for (const std::set<std::string>* set : {&as_written, &bare})
      for (const std::string& v : *set) {
        ++f.found;
        f.found_outside += class_of.at(v) != class_of.at(w);
      }
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
  std::map<std::string, std::string> class_of;
  for (const std::string& w : words) {
    classes[stemmer.stem(w)].push_back(w);
    class_of[w] = stemmer.stem(w);
  }

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
  std::map<std::string, Terms> spellings;  // fold(v) -> I(v) for every v folding to it
  for (const std::string& w : words) {
    const Terms terms = crible_terms(w);
    spellings[folder.fold_utf8(w)].insert(terms.begin(), terms.end());
  }
  const auto every_spelling = [&](const std::string& q) {
    Terms out = crible_terms(q);
    if (const auto it = spellings.find(folder.fold_utf8(q)); it != spellings.end())
      out.insert(it->second.begin(), it->second.end());
    return out;
  };

  const std::vector<Design> designs = {
      {"A  fold(stem(w))", fold_stem, fold_stem},
      {"B  stem(fold(w))", stem_fold, stem_fold},
      {"C  both, query both as OP_SYNONYM (crible)", crible_terms, crible_terms},
      {"C1 both, query stem(fold(w)) only", crible_terms, crible_phrase_stem},
      {"D  C, query every spelling of fold(q)", crible_terms, every_spelling},
  };
  std::printf("vocabulary: %zu words, %s\n\n", words.size(), dir.c_str());
  std::printf(
      "| design | accent recall | classes split (query a / fold(a)) | pairs matched | a != fold(a) "
      "| outside class |\n");
  std::printf("|---|---|---|---|---|---|\n");
  for (const Design& design : designs) {
    const Figures f = measure(design, words, classes, class_of, folder);
    std::printf(
        "| %s | %.1f %% (%zu/%zu) | %zu / %zu of %zu | %.1f %% | %.1f %% (%zu) | %.1f %% |\n",
        design.name.c_str(), 100.0 * f.accent_found / f.accented, f.accent_found, f.accented,
        f.split, f.split_bare, f.classes, 100.0 * f.pairs_matched / f.pairs,
        100.0 * f.asymmetric / f.accented, f.asymmetric, 100.0 * f.found_outside / f.found);
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
