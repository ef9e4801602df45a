// Main-content extraction against a test set crible's authors did not write: Mozilla
// Readability's test pages (test/test-pages/<name>/{source.html, expected.html,
// expected-metadata.json}, Apache-2.0). For each page, crible's article (body and
// embedded tweets) and a baseline (every text node of <body> but scripts and styles)
// are compared with the text of expected.html, token by token (bag of words, so
// that line breaks and block order do not count); the title with the expected one,
// exactly; the date with publishedTime where the metadata gives one.
//
// Expected text and baseline are read with Gumbo directly, not with crible's HTML code,
// so that neither side of the comparison is crible's own rendering.
//
//   bench_extraction_quality SET_DIR [--rows]       quality table
//   bench_extraction_quality SET_DIR --throughput N indexing speed, HTML vs JSON Lines
//   bench_extraction_quality DIR --snippets         DIR/snippets.tsv: FILE, must or
//                                                  must_not, snippet (trafilatura's tests)
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/json.h"

namespace fs = std::filesystem;
using Json = nlohmann::json;

namespace {

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// --- Gumbo, directly ---------------------------------------------------------------

class GumboDocument {
 public:
  explicit GumboDocument(const std::string& html) : output_(parse(html)) {}
  ~GumboDocument() { gumbo_destroy_output(&kGumboDefaultOptions, output_); }
  GumboDocument(const GumboDocument&) = delete;
  GumboDocument& operator=(const GumboDocument&) = delete;
  const GumboNode* root() const { return output_->root; }

 private:
  static GumboOutput* parse(const std::string& html) {
    GumboOptions options = kGumboDefaultOptions;
    options.max_errors = 0;  // as crible parses: no parse error kept
    return gumbo_parse_with_options(&options, html.data(), html.size());
  }
  GumboOutput* output_;
};

bool is_script_like(const GumboNode* node) {
  if (node->type != GUMBO_NODE_ELEMENT) return false;
  const GumboTag tag = node->v.element.tag;
  return tag == GUMBO_TAG_SCRIPT || tag == GUMBO_TAG_STYLE || tag == GUMBO_TAG_NOSCRIPT ||
         tag == GUMBO_TAG_TEMPLATE;
}

// Every text node under @p node, space-separated, scripts and styles left out.
void collect_text(const GumboNode* node, std::string& out) {
  if (node->type == GUMBO_NODE_TEXT || node->type == GUMBO_NODE_CDATA ||
      node->type == GUMBO_NODE_WHITESPACE) {
    out += node->v.text.text;
    out += ' ';
    return;
  }
  if ((node->type != GUMBO_NODE_ELEMENT && node->type != GUMBO_NODE_TEMPLATE) ||
      is_script_like(node))
    return;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    collect_text(static_cast<const GumboNode*>(children.data[i]), out);
}

const GumboNode* find_element(const GumboNode* node, GumboTag tag) {
  if (node->type != GUMBO_NODE_ELEMENT) return nullptr;
  if (node->v.element.tag == tag) return node;
  const GumboVector& children = node->v.element.children;
  for (unsigned i = 0; i < children.length; ++i)
    if (const GumboNode* found = find_element(static_cast<const GumboNode*>(children.data[i]), tag))
      return found;
  return nullptr;
}

std::string all_text(const std::string& html) {
  GumboDocument document(html);
  std::string text;
  collect_text(document.root(), text);
  return text;
}

struct Baseline {
  std::string body;
  std::string title;
};

Baseline baseline_of(const std::string& html) {
  GumboDocument document(html);
  Baseline baseline;
  if (const GumboNode* body = find_element(document.root(), GUMBO_TAG_BODY))
    collect_text(body, baseline.body);
  if (const GumboNode* title = find_element(document.root(), GUMBO_TAG_TITLE))
    collect_text(title, baseline.title);
  return baseline;
}

// --- tokens --------------------------------------------------------------------------

bool is_cjk(UChar32 c) {
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  return script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA ||
         script == USCRIPT_HANGUL;
}

// Lower-cased words (letters and digits); a CJK character is a word by itself, since
// those scripts put no spaces between words.
std::vector<std::string> tokens(const std::string& text) {
  std::vector<std::string> out;
  std::string word;
  const auto flush = [&] {
    if (!word.empty()) out.push_back(std::move(word));
    word.clear();
  };
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c < 0 ||
        !(u_isalnum(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY_MASK) & U_GC_M_MASK)) {
      flush();
      continue;
    }
    char buffer[4];
    std::int32_t size = 0;
    U8_APPEND_UNSAFE(reinterpret_cast<std::uint8_t*>(buffer), size, u_tolower(c));
    if (is_cjk(c)) {
      flush();
      out.emplace_back(buffer, static_cast<std::size_t>(size));
    } else {
      word.append(buffer, static_cast<std::size_t>(size));
    }
  }
  flush();
  return out;
}

struct Scores {
  double precision = 0, recall = 0, f1 = 0;
};

Scores bag_scores(const std::vector<std::string>& got, const std::vector<std::string>& expected) {
  std::map<std::string, long> want;
  for (const std::string& token : expected)
    ++want[token];
  long common = 0;
  for (const std::string& token : got) {
    auto it = want.find(token);
    if (it != want.end() && it->second > 0) {
      --it->second;
      ++common;
    }
  }
  Scores s;
  s.precision = got.empty() ? 0 : double(common) / double(got.size());
  s.recall = expected.empty() ? 0 : double(common) / double(expected.size());
  s.f1 = s.precision + s.recall > 0 ? 2 * s.precision * s.recall / (s.precision + s.recall) : 0;
  return s;
}

// French by its expected text: function words found in French and not in Spanish,
// English or Italian texts are over 8 % of its tokens, and twice as common as Spanish
// ones (Spanish shares "de", "la", "que" with French).
double share(const std::vector<std::string>& words, const std::vector<std::string>& markers) {
  long hits = 0;
  for (const std::string& word : words)
    hits += std::count(markers.begin(), markers.end(), word) > 0;
  return words.empty() ? 0 : double(hits) / double(words.size());
}

bool is_french(const std::vector<std::string>& words) {
  const double french = share(words, {"le", "les", "des", "du", "et", "est", "une", "dans", "pour",
                                      "qui", "au", "aux", "sur", "pas", "ne", "ce"});
  const double spanish =
      share(words, {"el", "los", "las", "y", "del", "por", "con", "es", "una", "para", "lo"});
  return french > 0.08 && french > 2 * spanish;
}

std::string normalized(const std::string& text) {
  std::string out;
  bool space = false;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(text.data());
  const auto length = static_cast<std::int32_t>(text.size());
  for (std::int32_t i = 0; i < length;) {
    const std::int32_t start = i;
    UChar32 c;
    U8_NEXT(bytes, i, length, c);
    if (c >= 0 && u_isUWhiteSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out.append(text, static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
  }
  return out;
}

// --- pages ---------------------------------------------------------------------------

struct Page {
  std::string name;
  std::string source;
  std::string expected_html;
  Json metadata;
};

std::vector<Page> load_set(const fs::path& dir) {
  std::vector<Page> pages;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path folder = entry.path();
    if (!fs::exists(folder / "source.html") || !fs::exists(folder / "expected.html")) continue;
    Page page;
    page.name = folder.filename().string();
    page.source = read_file(folder / "source.html");
    page.expected_html = read_file(folder / "expected.html");
    if (fs::exists(folder / "expected-metadata.json"))
      page.metadata = Json::parse(read_file(folder / "expected-metadata.json"), nullptr, false);
    pages.push_back(std::move(page));
  }
  std::sort(pages.begin(), pages.end(),
            [](const Page& a, const Page& b) { return a.name < b.name; });
  return pages;
}

crible::Thread read_thread(const Page& page, const std::string& id = "") {
  crible::ReadOptions options;
  options.format = crible::InputFormat::html;
  options.page_id = id;
  crible::DocumentReader reader =
      crible::DocumentReader::from_text(page.source, page.name + "/source.html", options);
  crible::Thread thread;
  if (!reader.next_thread(thread, [&](const crible::ReadProblem& problem) {
        if (!problem.warning) std::cerr << problem.to_string() << "\n";
      }))
    return {};
  return thread;
}

std::string article_text(const crible::Document& article) {
  std::string text = article.body;
  for (const crible::Quote& quote : article.quotes)
    text += "\n" + quote.text;
  return text;
}

struct Row {
  std::string name;
  bool french = false;
  Scores crible, baseline;
  bool title_expected = false, crible_title = false, baseline_title = false;
  bool date_expected = false, crible_date = false;
};

int quality(const std::vector<Page>& pages, bool print_rows) {
  std::vector<Row> rows;
  for (const Page& page : pages) {
    Row row;
    row.name = page.name;
    const std::vector<std::string> expected = tokens(all_text(page.expected_html));
    row.french = is_french(expected);
    const crible::Thread thread = read_thread(page);
    const crible::Document article =
        thread.documents.empty() ? crible::Document{} : thread.documents.front();
    row.crible = bag_scores(tokens(article_text(article)), expected);
    const Baseline baseline = baseline_of(page.source);
    row.baseline = bag_scores(tokens(baseline.body), expected);
    if (page.metadata.is_object() && page.metadata.value("title", Json()).is_string()) {
      const std::string title = normalized(page.metadata["title"].get<std::string>());
      row.title_expected = true;
      row.crible_title = normalized(article.title) == title;
      row.baseline_title = normalized(baseline.title) == title;
    }
    if (page.metadata.is_object() && page.metadata.value("publishedTime", Json()).is_string()) {
      row.date_expected = true;
      row.crible_date = article.date.substr(0, 10) ==
                        page.metadata["publishedTime"].get<std::string>().substr(0, 10);
    }
    if (print_rows)
      std::printf("| %s | %s | %.3f | %.3f | %.3f | %.3f | %s |\n", row.name.c_str(),
                  row.french ? "fr" : "", row.crible.precision, row.crible.recall, row.crible.f1,
                  row.baseline.f1,
                  !row.title_expected ? ""
                  : row.crible_title  ? "yes"
                                      : "no");
    rows.push_back(row);
  }
  const auto summarize = [&](const char* label, bool french_only) {
    int n = 0, titles = 0, crible_titles = 0, baseline_titles = 0, dates = 0, crible_dates = 0;
    Scores crible, baseline;
    for (const Row& row : rows) {
      if (french_only && !row.french) continue;
      ++n;
      crible.precision += row.crible.precision;
      crible.recall += row.crible.recall;
      crible.f1 += row.crible.f1;
      baseline.precision += row.baseline.precision;
      baseline.recall += row.baseline.recall;
      baseline.f1 += row.baseline.f1;
      titles += row.title_expected;
      crible_titles += row.crible_title;
      baseline_titles += row.baseline_title;
      dates += row.date_expected;
      crible_dates += row.crible_date;
    }
    if (n == 0) return;
    std::printf("| %s | %d | crible | %.3f | %.3f | %.3f | %d/%d | %d/%d |\n", label, n,
                crible.precision / n, crible.recall / n, crible.f1 / n, crible_titles, titles,
                crible_dates, dates);
    std::printf("| %s | %d | baseline (all <body> text) | %.3f | %.3f | %.3f | %d/%d | |\n", label,
                n, baseline.precision / n, baseline.recall / n, baseline.f1 / n, baseline_titles,
                titles);
  };
  std::printf(
      "\n| pages | n | extractor | body precision | body recall | body F1 | title exact | "
      "date |\n|---|---:|---|---:|---:|---:|---:|---:|\n");
  summarize("all", false);
  summarize("French", true);
  return 0;
}

// --- snippets (trafilatura's evaluation) ------------------------------------------
// A set of pages with, for each, snippets the main text must contain and snippets it
// must not (trafilatura's tests/realworld_tests.py assertions): a snippet found is a
// true positive (must) or a false positive (must not).

struct SnippetCounts {
  int tp = 0, fn = 0, fp = 0, tn = 0;
  void count(bool must, bool found) {
    if (must)
      (found ? tp : fn) += 1;
    else
      (found ? fp : tn) += 1;
  }
  void print(const char* label) const {
    const double precision = tp + fp ? double(tp) / (tp + fp) : 0;
    const double recall = tp + fn ? double(tp) / (tp + fn) : 0;
    const double f1 = precision + recall ? 2 * precision * recall / (precision + recall) : 0;
    std::printf("| %s | %d/%d | %d/%d | %.3f | %.3f | %.3f |\n", label, tp, tp + fn, fp, fp + tn,
                precision, recall, f1);
  }
};

int snippets(const fs::path& dir) {
  std::ifstream tsv(dir / "snippets.tsv");
  if (!tsv) {
    std::cerr << "no snippets.tsv in " << dir << "\n";
    return 2;
  }
  std::map<std::string, std::pair<std::string, std::string>> texts;  // file -> crible, baseline
  SnippetCounts crible_counts, baseline_counts;
  std::string line;
  std::size_t pages = 0;
  while (std::getline(tsv, line)) {
    const std::size_t tab1 = line.find('\t'), tab2 = line.find('\t', tab1 + 1);
    if (tab1 == std::string::npos || tab2 == std::string::npos) continue;
    const std::string file = line.substr(0, tab1);
    const bool must = line.substr(tab1 + 1, tab2 - tab1 - 1) == "must";
    const std::string snippet = normalized(line.substr(tab2 + 1));
    auto found = texts.find(file);
    if (found == texts.end()) {
      Page page;
      page.name = file;
      page.source = read_file(dir / file);
      const crible::Thread thread = read_thread(page);
      const std::string crible_text =
          thread.documents.empty() ? "" : article_text(thread.documents.front());
      found = texts
                  .emplace(file, std::pair{normalized(crible_text),
                                           normalized(baseline_of(page.source).body)})
                  .first;
      ++pages;
    }
    crible_counts.count(must, found->second.first.find(snippet) != std::string::npos);
    baseline_counts.count(must, found->second.second.find(snippet) != std::string::npos);
  }
  std::printf(
      "%zu pages\n\n| extractor | must found | must-not found | precision | recall | F1 "
      "|\n|---|---:|---:|---:|---:|---:|\n",
      pages);
  crible_counts.print("crible");
  baseline_counts.print("baseline (all <body> text)");
  return 0;
}

// --- throughput ------------------------------------------------------------------------

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Both runs train their dictionary on the first 200 documents (instead of 4 000, more
// than a run of this set holds): reading then overlaps indexing from the start, as it
// does in a long run, instead of everything waiting for close().
crible::IndexOptions steady_state() {
  crible::IndexOptions options;
  options.dictionary_samples = 200;
  return options;
}

double index_html(const std::vector<Page>& pages, int repeat, const fs::path& db) {
  fs::remove_all(db);
  const auto start = std::chrono::steady_clock::now();
  crible::IndexWriter writer = crible::IndexWriter::open(db, steady_state());
  for (int r = 0; r < repeat; ++r)
    for (const Page& page : pages)
      writer.add(read_thread(page, page.name + "-" + std::to_string(r)));
  writer.close();
  return seconds_since(start);
}

// The pages as files, each copy with a canonical URL of its own (so that each is its
// own article), read as `crible index DIR` reads them: InputReader parses files ahead
// on other threads while the writer indexes.
std::vector<std::string> write_page_files(const std::vector<Page>& pages, int repeat,
                                          const fs::path& dir) {
  fs::create_directories(dir);
  std::vector<std::string> files;
  for (int r = 0; r < repeat; ++r)
    for (const Page& page : pages) {
      const std::string canonical = "<link rel=\"canonical\" href=\"https://bench.example/" +
                                    page.name + "-" + std::to_string(r) + "\">";
      std::string html = page.source;
      const std::size_t head = html.find("<head");
      const std::size_t end = head == std::string::npos ? head : html.find('>', head);
      if (end == std::string::npos)
        html.insert(0, canonical);
      else
        html.insert(end + 1, canonical);
      files.push_back((dir / (page.name + "-" + std::to_string(r) + ".html")).string());
      std::ofstream(files.back(), std::ios::binary) << html;
    }
  return files;
}

double index_files(const std::vector<std::string>& files, const fs::path& db) {
  fs::remove_all(db);
  const auto start = std::chrono::steady_clock::now();
  crible::IndexWriter writer = crible::IndexWriter::open(db, steady_state());
  crible::InputReader reader(files);
  crible::Thread thread;
  while (reader.next_thread(thread, [](const crible::ReadProblem& p) {
    if (!p.warning) std::cerr << p.to_string() << "\n";
  }))
    writer.add(std::move(thread));
  writer.close();
  return seconds_since(start);
}

double index_jsonl(const fs::path& jsonl, const fs::path& db) {
  fs::remove_all(db);
  const auto start = std::chrono::steady_clock::now();
  crible::IndexWriter writer = crible::IndexWriter::open(db, steady_state());
  crible::DocumentReader reader(jsonl.string());
  crible::Thread thread;
  while (reader.next_thread(
      thread, [](const crible::ReadProblem& p) { std::cerr << p.to_string() << "\n"; }))
    writer.add(std::move(thread));
  writer.close();
  return seconds_since(start);
}

double read_only(const std::vector<Page>& pages, int repeat) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t documents = 0;
  for (int r = 0; r < repeat; ++r)
    for (const Page& page : pages)
      documents += read_thread(page, page.name).documents.size();
  if (documents == 0) std::cerr << "no document read\n";
  return seconds_since(start);
}

double gumbo_only(const std::vector<Page>& pages, int repeat) {
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r)
    for (const Page& page : pages) {
      GumboDocument document(page.source);
      if (!document.root()) std::cerr << "no tree\n";
    }
  return seconds_since(start);
}

// libxml2's HTML parser (HTML 4 rules, not HTML5's tree construction), for the choice
// of parser: how much faster it would be.
double libxml2_only(const std::vector<Page>& pages, int repeat) {
  const auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < repeat; ++r)
    for (const Page& page : pages) {
      htmlDocPtr document = htmlReadMemory(
          page.source.data(), static_cast<int>(page.source.size()), nullptr, "UTF-8",
          HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
      if (!document) std::cerr << "no tree\n";
      xmlFreeDoc(document);
    }
  return seconds_since(start);
}

int throughput(const std::vector<Page>& pages, int repeat, const fs::path& work) {
  fs::create_directories(work);
  // The same documents as JSON Lines: what the HTML reader made of each page.
  const fs::path jsonl = work / "pages.jsonl";
  std::size_t documents = 0, html_bytes = 0, text_bytes = 0;
  {
    std::ofstream out(jsonl, std::ios::binary);
    for (int r = 0; r < repeat; ++r)
      for (const Page& page : pages) {
        html_bytes += page.source.size();
        for (const crible::Document& document :
             read_thread(page, page.name + "-" + std::to_string(r)).documents) {
          out << crible::document_to_json(document) << "\n";
          text_bytes += document.title.size() + document.body.size();
          ++documents;
        }
      }
  }
  const std::vector<std::string> files = write_page_files(pages, repeat, work / "html");
  std::vector<double> html_times, jsonl_times, read_times, parse_times, libxml2_times, file_times;
  for (int round = 0; round < 3; ++round) {  // alternated, so that all see the same noise
    file_times.push_back(index_files(files, work / "db-files"));
    html_times.push_back(index_html(pages, repeat, work / "db-html"));
    jsonl_times.push_back(index_jsonl(jsonl, work / "db-jsonl"));
    read_times.push_back(read_only(pages, repeat));
    parse_times.push_back(gumbo_only(pages, repeat));
    libxml2_times.push_back(libxml2_only(pages, repeat));
  }
  for (auto* times :
       {&html_times, &jsonl_times, &read_times, &parse_times, &libxml2_times, &file_times})
    std::sort(times->begin(), times->end());
  const double html = html_times[1], jsonl_time = jsonl_times[1];
  const double pages_done = double(pages.size()) * repeat;
  std::printf(
      "| input | pages | documents | HTML MB | text MB | median s (3 runs) | pages/s |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n");
  const double files_time = file_times[1];
  std::printf(
      "| HTML files as `crible index` reads them (InputReader: parsed ahead) | %.0f | | "
      "%.1f | | %.2f | %.0f |\n",
      pages_done, html_bytes / 1e6, files_time, pages_done / files_time);
  std::printf(
      "| HTML pages read in the indexing thread, one by one | %.0f | %zu | %.1f | %.1f | "
      "%.2f | %.0f |\n",
      pages_done, documents, html_bytes / 1e6, text_bytes / 1e6, html, pages_done / html);
  std::printf("| same documents as JSON Lines (baseline) | %.0f | %zu | | %.1f | %.2f | %.0f |\n",
              pages_done, documents, text_bytes / 1e6, jsonl_time, pages_done / jsonl_time);
  std::printf("| HTML pages read, not indexed | %.0f | %zu | %.1f | | %.2f | %.0f |\n", pages_done,
              documents, html_bytes / 1e6, read_times[1], pages_done / read_times[1]);
  std::printf("| of which Gumbo's parse alone | %.0f | | %.1f | | %.2f | %.0f |\n", pages_done,
              html_bytes / 1e6, parse_times[1], pages_done / parse_times[1]);
  std::printf("| libxml2's HTML parser alone (not used) | %.0f | | %.1f | | %.2f | %.0f |\n",
              pages_done, html_bytes / 1e6, libxml2_times[1], pages_done / libxml2_times[1]);
  std::printf(
      "\nHTML / JSON Lines indexing time: %.2f as `crible index` reads files (parsing "
      "adds %.0f %%), %.2f read one by one in the indexing thread\n",
      files_time / jsonl_time, (files_time / jsonl_time - 1) * 100, html / jsonl_time);
  fs::remove_all(work);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_extraction_quality SET_DIR [--rows | --throughput N]\n";
    return 2;
  }
  try {
    if (argc > 2 && std::string(argv[2]) == "--snippets") return snippets(argv[1]);
    const std::vector<Page> pages = load_set(argv[1]);
    if (pages.empty()) {
      std::cerr << "no page (NAME/source.html and NAME/expected.html) under " << argv[1] << "\n";
      return 2;
    }
    const std::string mode = argc > 2 ? argv[2] : "";
    if (mode == "--throughput")
      return throughput(pages, argc > 3 ? std::stoi(argv[3]) : 10,
                        fs::temp_directory_path() / "crible-extraction-throughput");
    return quality(pages, mode == "--rows");
  } catch (const std::exception& e) {
    std::cerr << "bench_extraction_quality: " << e.what() << "\n";
    return 1;
  }
}
