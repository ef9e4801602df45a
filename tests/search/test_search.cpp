// Searching a real index of data/sample through the library: golden query results,
// snippets, facets, threads, spelling, paging and errors.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "../support/golden.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/query.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

void index_files(const std::filesystem::path& db, const std::vector<std::string>& files) {
  IndexWriter writer = IndexWriter::open(db);
  for (const std::string& file : files) {
    DocumentReader reader(file);
    Document document;
    while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
      writer.add(document);
  }
  writer.close();
}

// The sample index, built once for the whole test program.
const std::filesystem::path& sample_index() {
  static TempDir dir;
  static const std::filesystem::path db = [] {
    const std::string sample = std::string(CRIBLE_SOURCE_DIR) + "/data/sample/";
    index_files(dir / "db",
                {sample + "news.jsonl", sample + "page-rachat.txt", sample + "page-election.txt"});
    return dir / "db";
  }();
  return db;
}

Document text_document(std::string id, std::string body) {
  Document document;
  document.id = std::move(id);
  document.body = std::move(body);
  return document;
}

SearchOptions all(SearchOptions options = {}) {
  options.limit = Searcher::kMaxLimit;
  return options;
}

std::vector<std::string> ids(const SearchResults& results) {
  std::vector<std::string> out;
  for (const Hit& hit : results.hits)
    out.push_back(hit.id);
  return out;
}

std::string sorted_ids(const SearchResults& results) {
  std::vector<std::string> out = ids(results);
  std::sort(out.begin(), out.end());
  std::string joined;
  for (const std::string& id : out)
    joined += (joined.empty() ? "" : " ") + id;
  return joined.empty() ? "(none)" : joined;
}

const Hit& hit_of(const SearchResults& results, const std::string& id) {
  for (const Hit& hit : results.hits)
    if (hit.id == id) return hit;
  FAIL("no hit " << id);
  throw;  // unreachable
}

void check_same_facets(const std::vector<FacetCount>& a, const std::vector<FacetCount>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].id == b[i].id);
    CHECK(a[i].count == b[i].count);
  }
}

// The sample index served by a real xapian-tcpsrv, opened through a stub file.
class RemoteSample {
 public:
  Searcher open() {
    test::write_file(dir_ / "remote.stub", server_.stub_line() + "\n");
    return Searcher::open(dir_ / "remote.stub");
  }

 private:
  test::XapianTcpServer server_{sample_index()};
  TempDir dir_;
};

std::vector<std::string> highlighted(const Snippet& snippet) {
  std::vector<std::string> out;
  for (const Highlight& h : snippet.highlights)
    out.push_back(snippet.text.substr(h.start, h.end - h.start));
  return out;
}

}  // namespace

TEST_CASE("golden queries find the expected documents", "[search][golden]") {
  Searcher searcher = Searcher::open(sample_index());
  for (const test::GoldenCase& golden :
       test::load_golden(test::source_path("tests/golden/search.tsv"))) {
    INFO("tests/golden/search.tsv:" << golden.line << ": " << golden.input);
    CHECK(sorted_ids(searcher.search(golden.input, all())) == golden.expected);
  }
}

TEST_CASE("a malformed query keeps what is well formed and names what was ignored", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  const std::uint64_t rachat = searcher.search("rachat", all()).total;
  for (const auto& [broken, note] : std::vector<std::pair<std::string, std::string>>{
           {"rachat AND", "'AND' at byte 7 has nothing on its right: ignored"},
           {"AND rachat", "'AND' at byte 0 has nothing on its left: ignored"},
           {"rachat NOT", "'NOT' at byte 7 has nothing on its right: ignored"},
           {"rachat OR OR rachat", "'OR' at byte 7 has nothing on its right: ignored"}}) {
    INFO(broken);
    const SearchResults results = searcher.search(broken, all());
    CHECK(results.note == note);
    CHECK(results.total == rachat);
  }
  CHECK_THAT(searcher.search("rachat AND (TikTok", all()).note,
             Catch::Contains("'(' at byte 11 is never closed: closed at the end"));
  CHECK(searcher.search("\"reconnaissance faciale", all()).total == 1);
  // Exclusions stay exclusions (they were turned into required words).
  const std::uint64_t every = searcher.size();
  const std::uint64_t tiktok = searcher.search("tiktok", all()).total;
  CHECK(searcher.search("-tiktok", all()).total == every - tiktok);
  CHECK(searcher.search("NOT tiktok", all()).total == every - tiktok);
  CHECK(searcher.search("rachat OR -tiktok", all()).total >= every - tiktok);
  // Nothing to search: no document, and said.
  for (const char* junk : {"->", "+=", "* ?", "()", "\"", "\"le la\"", "la les"}) {
    INFO(junk);
    const SearchResults results = searcher.search(junk, all());
    CHECK(results.nothing_to_search);
    CHECK(results.total == 0);
    CHECK_THAT(results.note, Catch::Contains("nothing to search for"));
  }
}

TEST_CASE("an empty query lists the filtered documents", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions options = all();
  options.entities = {"Tik Tok"};
  CHECK(sorted_ids(searcher.search("", options)) ==
        sorted_ids(searcher.search("entity:tiktok", all())));
  options.type = DocumentType::article;
  CHECK(sorted_ids(searcher.search("", options)) ==
        "a1 a3 a6 a8 page-1ce2088eab89d552 page-7351d5f133a37b01");
  CHECK(searcher.search("", all()).total == searcher.size());
}

TEST_CASE("filters combine with the query and each other", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions options = all();
  options.entities = {"microsoft", "$ORCL"};
  CHECK(sorted_ids(searcher.search("", options)) == "a1 a1#c3 page-7351d5f133a37b01");
  options.type = DocumentType::comment;
  CHECK(sorted_ids(searcher.search("", options)) == "a1#c3");
  CHECK(sorted_ids(searcher.search("bridge", options)) == "(none)");
}

TEST_CASE("unknown entities and bad fields are clear errors", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  CHECK_THROWS_WITH(searcher.search("entity:Microsfot"), Catch::Contains("microsoft"));
  SearchOptions options;
  options.entities = {"Pintrest"};
  CHECK_THROWS_AS(searcher.search("", options), InvalidArgument);
  CHECK_THROWS_WITH(searcher.search("date:2021-13-01"), Catch::Contains("not a date"));
  // Only the forms of docs/query-syntax.md, days of the calendar (found by the
  // differential test: 21-02 was read as the year 2102).
  for (const std::string bad : {"date:21-02", "date:20210219", "date:2021-02-29", "date:2021-2",
                                "date:2021-02-1", "date:2021-02-19..2021-0"})
    CHECK_THROWS_WITH(searcher.search(bad), Catch::Contains("not a date"));
  CHECK_NOTHROW(searcher.search("date:2020-02-29"));
  // A quoted empty value is an empty value: ignored with a note, as host: is.
  for (const std::string empty : {"tiktok host:\"\"", "tiktok date:\"\"", "tiktok host:"}) {
    INFO(empty);
    const SearchResults results = searcher.search(empty, all());
    CHECK(results.total == searcher.search("tiktok", all()).total);
    CHECK_THAT(results.note, Catch::Contains("has no value: ignored"));
  }
  CHECK_THROWS_WITH(searcher.search("type:blog"), Catch::Contains("article or comment"));
  options = {};
  options.limit = Searcher::kMaxLimit + 1;
  CHECK_THROWS_AS(searcher.search("tiktok", options), InvalidArgument);
  options = {};
  options.offset = Searcher::kMaxOffset + 1;
  CHECK_THROWS_AS(searcher.search("tiktok", options), InvalidArgument);
}

TEST_CASE("a wildcard that expands too far is a clear error", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions options;
  options.max_wildcard_expansion = 2;
  CHECK_THROWS_WITH(searcher.search("m*", options), Catch::Contains("wildcard"));
  CHECK_THROWS_AS(searcher.search("m*", options), InvalidArgument);
  CHECK_NOTHROW(searcher.search("microso*", options));
}

// "w0 w1 ..." (or joined by @p separator): @p count distinct words.
std::string words(std::size_t count, const std::string& separator = " ") {
  std::string out;
  for (std::size_t i = 0; i < count; ++i)
    out += (i ? separator : "") + "w" + std::to_string(i);
  return out;
}

TEST_CASE("a query of 10 000 terms is refused at once, naming its size and the limit",
          "[search][limits]") {
  Searcher searcher = Searcher::open(sample_index());
  CHECK_THROWS_WITH(searcher.search(words(10000)),
                    Catch::Contains("10000 terms") && Catch::Contains("limit of 1024"));
  CHECK_THROWS_AS(searcher.search(words(10000)), InvalidArgument);
  // Terms, not spaces: punctuation separates words as well.
  CHECK_THROWS_WITH(searcher.search(words(1025, ",")), Catch::Contains("1025 terms"));
  CHECK_NOTHROW(searcher.search(words(1024, ",")));
  // Phrase words and field values count; the same word twice counts twice.
  CHECK_THROWS_WITH(searcher.search("\"" + words(1000) + "\" " + words(30)),
                    Catch::Contains("1030 terms"));
  // in_thread_of and entities go through the same compiler and limits.
  SearchOptions threads;
  threads.in_thread_of = words(2000);
  CHECK_THROWS_WITH(searcher.search("oracle", threads),
                    Catch::StartsWith("in_thread_of: query has 2000 terms"));
  CHECK_THROWS_WITH(searcher.entities(words(5000), "", 10), Catch::Contains("5000 terms"));
  // Bytes are checked before parsing.
  CHECK_THROWS_WITH(searcher.search(std::string(70000, '(')),
                    Catch::Contains("70000 bytes") && Catch::Contains("limit of 65536"));
}

TEST_CASE("the query limits are the searcher's to set", "[search][limits]") {
  SearcherOptions options;
  options.max_query_terms = 3000;
  Searcher searcher = Searcher::open(sample_index(), options);
  SearchOptions any;
  any.default_and = false;
  const SearchResults results = searcher.search(words(2999) + " tiktok", any);
  CHECK(results.total > 0);  // answered, the one known word matching
  options.max_query_terms = 2;
  Searcher strict = Searcher::open(sample_index(), options);
  CHECK_NOTHROW(strict.search("rachat tiktok"));
  CHECK_NOTHROW(strict.search("rachat de tiktok"));  // a stop word is no term
  CHECK_THROWS_WITH(strict.search("rachat tiktok microsoft"), Catch::Contains("3 terms"));
  // XOR is matched as (a OR b) AND_NOT (a AND b): its operands are searched twice.
  options.max_query_terms = 4;
  Searcher four = Searcher::open(sample_index(), options);
  CHECK_NOTHROW(four.search("rachat XOR tiktok"));
  CHECK_THROWS_WITH(four.search("rachat XOR tiktok XOR oracle"),
                    Catch::Contains("10 terms"));  // 2 x (4 + 1)
}

TEST_CASE("pages and date order", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  const std::vector<std::string> every = ids(searcher.search("tiktok OR microsoft", all()));
  REQUIRE(every.size() > 6);
  SearchOptions page;
  page.limit = 3;
  page.offset = 2;
  const SearchResults second = searcher.search("tiktok OR microsoft", page);
  CHECK(ids(second) == std::vector<std::string>(every.begin() + 2, every.begin() + 5));
  CHECK(second.hits.front().rank == 2);
  // Fewer matches than SearchOptions::exact_total_up_to: the total is exact.
  CHECK(second.total_relation == TotalRelation::equal);
  CHECK(second.total == every.size());

  SearchOptions by_date = all();
  by_date.sort = SortOrder::date;
  const SearchResults dated = searcher.search("tiktok", by_date);
  REQUIRE(dated.hits.size() > 3);
  for (std::size_t i = 1; i < dated.hits.size(); ++i)
    CHECK(dated.hits[i - 1].date.substr(0, 10) >= dated.hits[i].date.substr(0, 10));
}

// search.h's contract for every threshold and page size: equal means the true count,
// and is what is said whenever at most exact_total_up_to match; at_least is a bound
// that holds and is at least min(matches, exact_total_up_to). The true count is the
// number of hits of an unbounded page (the hits are checked against an independent
// evaluator by tests/search/test_differential.cpp).
TEST_CASE("totals are exact up to exact_total_up_to and a true lower bound past it",
          "[search][totals]") {
  Searcher searcher = Searcher::open(sample_index());
  for (const std::string query :
       {"tiktok", "date:2020", "\"réseau social\" tiktok", "type:comment", "NOT tiktok", "-tiktok",
        "", "tiktok XOR oracle", "date:2020-08..2020-09 microsoft"}) {
    const std::size_t matching = searcher.search(query, all()).hits.size();
    for (std::size_t up_to = 0; up_to <= matching + 1; ++up_to)
      for (const std::size_t limit : {std::size_t{0}, std::size_t{1}, std::size_t{10}}) {
        INFO(query << ": " << matching << " match; exact_total_up_to " << up_to << ", limit "
                   << limit);
        SearchOptions options;
        options.exact_total_up_to = up_to;
        options.limit = limit;
        const SearchResults results = searcher.search(query, options);
        if (results.total_relation == TotalRelation::equal) {
          CHECK(results.total == matching);
        } else {
          CHECK(matching > up_to);
          CHECK(results.total <= matching);
          CHECK(results.total >= std::min(matching, up_to));
        }
      }
  }
}

TEST_CASE("the title weighs more than the body", "[search]") {
  Searcher searcher = Searcher::open(sample_index());
  // a6 has économie in its title; the comments only in their text.
  CHECK(searcher.search("economie").hits.front().id == "a6");
}

TEST_CASE("snippets show the text as written with the matches marked", "[search][snippets]") {
  Searcher searcher = Searcher::open(sample_index());
  const SearchResults results = searcher.search("economie", all());
  const Hit& comment = hit_of(results, "a4#c1");
  CHECK(highlighted(comment.snippet) == std::vector<std::string>{"l'économie"});
  CHECK_THAT(comment.snippet.html(), Catch::Contains("<b>l'économie</b>"));

  // Entity matches: every alias in the text, as written.
  const SearchResults oracle = searcher.search("entity:ORCL", all());
  const Hit& a1 = hit_of(oracle, "a1");
  const std::vector<std::string> marks = highlighted(a1.snippet);
  CHECK(std::count(marks.begin(), marks.end(), "Oracle") >= 1);
  CHECK(std::count(marks.begin(), marks.end(), "$ORCL") == 1);

  // Stems: the plural form is marked for a singular query; curly apostrophes kept.
  const SearchResults plural = searcher.search("oracle", all());
  const Hit& a5 = hit_of(plural, "a5#c1");
  CHECK(highlighted(a5.snippet) == std::vector<std::string>{"oracles"});
  const SearchResults phrase = searcher.search("\"l'editeur de larry ellison\"", all());
  const Hit& editeur = hit_of(phrase, "a1");
  CHECK(highlighted(editeur.snippet).front() == "l’éditeur");

  // Wildcards mark the words they expanded to.
  const SearchResults wildcard = searcher.search("écon*", all());
  const Hit& a4 = hit_of(wildcard, "a4#c1");
  CHECK(highlighted(a4.snippet) == std::vector<std::string>{"l'économie"});

  // Every snippet is valid text of its document, its highlights in bounds and ordered.
  for (const Hit& hit : searcher.search("tiktok OR microsoft OR oracle", all()).hits) {
    std::size_t previous = 0;
    for (const Highlight& h : hit.snippet.highlights) {
      CHECK(h.start >= previous);
      CHECK(h.end <= hit.snippet.text.size());
      previous = h.end;
    }
  }
}

TEST_CASE("snippet HTML is escaped", "[search][snippets]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "db");
  writer.add(text_document("x", "Le <script>alert('TikTok')</script> & \"TikTok\" cité."));
  writer.close();
  Searcher searcher = Searcher::open(dir / "db");
  const std::string html = searcher.search("tiktok").hits.at(0).snippet.html();
  CHECK(html.find("<script>") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("&lt;script&gt;"));
  CHECK_THAT(html, Catch::Contains("&amp;"));
  CHECK_THAT(html, Catch::Contains("&quot;<b>TikTok</b>&quot;"));
}

TEST_CASE("entity facets count every match exactly, per document or per article",
          "[search][facets]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions options = all();
  options.facets = true;
  options.facet_limit = 1000;
  const SearchResults everything = searcher.search("", options);
  REQUIRE_FALSE(everything.facets.empty());
  std::map<std::string, std::uint64_t> per_document;
  for (const FacetCount& facet : everything.facets)
    per_document[facet.id] = facet.count;
  CHECK(per_document.at("tiktok") == 11);
  CHECK(per_document.at("microsoft") == 9);
  CHECK(per_document.at("oracle") == 6);
  // Each count is what the entity's own filter finds.
  for (const auto& [id, count] : per_document)
    CHECK(searcher.search("entity:" + id, all()).total == count);
  for (std::size_t i = 1; i < everything.facets.size(); ++i)
    CHECK(everything.facets[i - 1].count >= everything.facets[i].count);
  const FacetCount& top = everything.facets.front();
  CHECK(top.name != top.id);  // named from the gazetteer

  // Per article: a1 with its comments counts once.
  options.facet_counting = FacetCounting::articles;
  const SearchResults threads = searcher.search("", options);
  std::map<std::string, std::uint64_t> per_article;
  for (const FacetCount& facet : threads.facets)
    per_article[facet.id] = facet.count;
  CHECK(per_article.at("tiktok") == 6);  // a1 a3 a6 a8 and the two pages
  for (const auto& [id, count] : per_article) {
    std::set<std::string> distinct;
    for (const Hit& hit : searcher.search("entity:" + id, all()).hits)
      distinct.insert(hit.parent.empty() ? hit.id : hit.parent);
    CHECK(distinct.size() == count);
  }

  // Facets of a query: only its matches count.
  options.facet_counting = FacetCounting::documents;
  const SearchResults pinterest = searcher.search("entity:pinterest", options);
  std::map<std::string, std::uint64_t> alongside;
  for (const FacetCount& facet : pinterest.facets)
    alongside[facet.id] = facet.count;
  CHECK(alongside.at("pinterest") == 3);
  CHECK(alongside.at("microsoft") == 2);  // a2 and page-rachat
}

TEST_CASE("facets count the same with Xapian's built-in spy (as on remote shards)",
          "[search][facets]") {
  Searcher local = Searcher::open(sample_index());
  SearcherOptions portable;
  portable.builtin_facet_spies = true;
  Searcher builtin = Searcher::open(sample_index(), portable);
  for (const FacetCounting counting : {FacetCounting::documents, FacetCounting::articles}) {
    for (const char* query : {"", "tiktok OR microsoft", "type:comment", "entity:oracle"}) {
      INFO(query);
      SearchOptions options;
      options.facets = true;
      options.facet_limit = 1000;
      options.facet_counting = counting;
      check_same_facets(local.search(query, options).facets, builtin.search(query, options).facets);
    }
  }
}

TEST_CASE("threads group comments under their article with match counts", "[search][threads]") {
  Searcher searcher = Searcher::open(sample_index());
  const SearchResults flat = searcher.search("tiktok OR microsoft", all());
  std::map<std::string, std::uint64_t> expected;
  for (const Hit& hit : flat.hits)
    ++expected[hit.parent.empty() ? hit.id : hit.parent];

  SearchOptions options = all();
  options.threads = true;
  const SearchResults grouped = searcher.search("tiktok OR microsoft", options);
  CHECK(grouped.hits.size() == expected.size());
  CHECK(grouped.total == expected.size());
  CHECK(grouped.total_relation == TotalRelation::equal);
  options.limit = 2;  // a page of threads still counts them all
  CHECK(searcher.search("tiktok OR microsoft", options).total == expected.size());
  std::map<std::string, std::uint64_t> found;
  for (const Hit& hit : grouped.hits)
    found[hit.thread] = hit.thread_matches;
  CHECK(found == expected);
  CHECK(found.at("a1") == 3);
}

TEST_CASE("comments restricted to the threads of matching articles", "[search][threads]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions options = all();
  options.type = DocumentType::comment;
  options.in_thread_of = "Pinterest";
  // Articles about Pinterest: a2 and page-rachat; their comments, whatever they say.
  const SearchResults comments = searcher.search("", options);
  for (const Hit& hit : comments.hits) {
    CHECK(hit.type == DocumentType::comment);
    CHECK((hit.parent == "a2" || hit.parent == "page-7351d5f133a37b01"));
  }
  CHECK(comments.total == 4 + 6);
  CHECK(sorted_ids(searcher.search("milliards", options)) == "a2#c1");
  options.in_thread_of = "introuvablexyz";
  CHECK(searcher.search("", options).hits.empty());
  // Articles matching nothing have no thread: not every thread.
  options.in_thread_of = "date:2022..2021-01";
  CHECK(searcher.search("", options).total == 0);
}

TEST_CASE("a date range that starts after it ends matches nothing, and says so",
          "[search][dates]") {
  Searcher searcher = Searcher::open(sample_index());
  const SearchResults inverted = searcher.search("date:2022..2021-01", all());
  CHECK(inverted.total == 0);
  CHECK(inverted.hits.empty());
  CHECK(inverted.note ==
        "'date:2022..2021-01' at byte 0 starts after it ends: it matches no document");
  // Excluding nothing keeps everything; OR with nothing keeps the other side.
  const std::uint64_t everything = searcher.search("", all()).total;
  CHECK(searcher.search("-date:2022..2021-01", all()).total == everything);
  CHECK(searcher.search("rachat OR date:2021-02-20..2021-02-19", all()).total ==
        searcher.search("rachat", all()).total);
  SearchOptions comments = all();
  comments.type = DocumentType::comment;
  CHECK(searcher.search("date:2022..2021-01", comments).total == 0);
  // A range within one month, bounds of different precision, is not inverted.
  CHECK(searcher.search("date:2021-02..2021-02-19", all()).total > 0);
}

TEST_CASE("spelling suggestions when a query finds little", "[search][spelling]") {
  Searcher searcher = Searcher::open(sample_index());
  SearchOptions as_typed;  // typo tolerance would find them, and suggest nothing
  as_typed.typos = false;
  CHECK(searcher.search("econmie", as_typed).suggestion == "economie");
  CHECK(searcher.search("l'econmie", as_typed).suggestion == "l'economie");
  CHECK(searcher.search("Microsfot rachat", as_typed).suggestion == "microsoft rachat");
  CHECK(searcher.search("microsoft", as_typed).suggestion.empty());
  CHECK(searcher.search("entity:tiktok bridgee", as_typed).suggestion == "entity:tiktok bridge");
  // With typos (the default), a respelled word is searched at once: no suggestion needed.
  CHECK(searcher.search("econmie").total > 0);
}

TEST_CASE("a searcher sees new documents after reopen", "[search]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "db");
  writer.add(text_document("one", "Microsoft et TikTok."));
  writer.commit();
  Searcher searcher = Searcher::open(dir / "db");
  CHECK(searcher.search("tiktok").total == 1);
  writer.add(text_document("two", "Microsoft et TikTok."));
  writer.commit();
  searcher.reopen();
  CHECK(searcher.search("tiktok").total == 2);
  writer.close();
}

TEST_CASE("an accented word and its accent-free spelling find the same documents",
          "[search][accents]") {
  TempDir dir;
  {
    IndexWriter writer = IndexWriter::open(dir / "db");
    writer.add(text_document("a", "Les données personnelles des élèves."));
    writer.add(text_document("b", "Un don du sang, des dons de matériel."));
    writer.add(text_document("c", "Il faut aborder le sujet."));
    writer.add(text_document("d", "Le niveau est élevé."));
    writer.close();
  }
  Searcher searcher = Searcher::open(dir / "db");
  const auto found = [&](const std::string& query) {
    const std::vector<std::string> list = ids(searcher.search(query, all()));
    return std::set<std::string>(list.begin(), list.end());
  };
  using Set = std::set<std::string>;
  // données carries Snowball's fold(stem) "don" beside stem(fold) "donne": the index
  // records it for "donnees", and the accent-free query searches it too.
  CHECK(found("données") == Set{"a", "b"});
  CHECK(found("donnees") == Set{"a", "b"});
  CHECK(found("DONNEES") == Set{"a", "b"});
  CHECK(found("eleves") == found("élèves"));
  // An accented spelling the index does not hold keeps its own second stem.
  CHECK(found("abordèrent") == Set{"c"});
  // Phrases keep their positional stem only.
  CHECK(found("\"donnees personnelles\"") == Set{"a"});
  // Index-time and query-time word_terms stay one code path: without an index the
  // compiler searches the word's own stems.
  CHECK(QueryBuilder(Analyzer::create()).parse("donnees").description == "Query(Zdonne@1)");
}

TEST_CASE("a searcher refuses what is not a crible index", "[search]") {
  TempDir dir;
  CHECK_THROWS_AS(Searcher::open(dir / "missing"), IndexError);
  test::write_file(dir / "stub", "auto " + (dir / "nowhere").string() + "\n");
  CHECK_THROWS_AS(Searcher::open(dir / "stub"), IndexError);
}

TEST_CASE("the seed page answers its entity queries", "[search][seed]") {
  const std::filesystem::path seed = test::shared_path("seeds/000_cc430da7135b5cd5.txt");
  if (!std::filesystem::exists(seed)) {
    WARN("SKIPPED: " << seed << " is absent");
    return;
  }
  TempDir dir;
  index_files(dir / "db", {seed.string()});
  Searcher searcher = Searcher::open(dir / "db");
  Index index = Index::open(dir / "db");
  const auto found = [&](const std::string& query) {
    std::set<std::string> places;  // "" (the article), "#c4" (its 4th comment)
    for (const Hit& hit : searcher.search(query, all()).hits) {
      const std::size_t order = index.get(hit.id)->order;
      places.insert(order == 0 ? "" : "#c" + std::to_string(order));
    }
    return places;
  };
  using Set = std::set<std::string>;
  CHECK(found("entity:pinterest") == Set{""});
  CHECK(found("entity:oracle") == Set{""});
  CHECK(found("entity:ORCL") == Set{""});
  CHECK(found("entity:linkedin") == Set{"", "#c4"});  // "Ou du Linkedin bis"
  CHECK(found("entity:nokia") == Set{"#c3"});
  CHECK(found("entity:china").count("#c8") == 1);  // la Chine et les Ouïgours
  CHECK(found("ouigours") == Set{"#c8"});
  CHECK(found("\"groupe de Redmond\"") == Set{""});
}

TEST_CASE("search and exact facets through a real xapian-tcpsrv", "[search][remote]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: xapian-tcpsrv is not installed (apt-get install xapian-tools)");
    return;
  }
  RemoteSample sample;
  Searcher remote = sample.open();
  Searcher local = Searcher::open(sample_index());
  CHECK(remote.size() == local.size());
  // The accent table (user metadata) comes through xapian-tcpsrv: the accent-free
  // spelling searches the accented one's second stem there too.
  CHECK(local.parse("donnees").description == "Query((Zdonne@1 SYNONYM Zdon))");
  CHECK(remote.parse("donnees").description == "Query((Zdonne@1 SYNONYM Zdon))");
  for (const FacetCounting counting : {FacetCounting::documents, FacetCounting::articles}) {
    for (const char* query : {"", "tiktok OR microsoft", "entity:oracle", "\"etats unis\""}) {
      INFO(query);
      SearchOptions options = all();
      options.facets = true;
      options.facet_limit = 1000;
      options.facet_counting = counting;
      const SearchResults a = local.search(query, options);
      const SearchResults b = remote.search(query, options);
      CHECK(sorted_ids(a) == sorted_ids(b));
      CHECK(a.total == b.total);
      check_same_facets(a.facets, b.facets);
      // Snippets come from the remote documents as from local ones.
      REQUIRE(a.hits.size() == b.hits.size());
      for (std::size_t i = 0; i < a.hits.size(); ++i)
        CHECK(a.hits[i].snippet.text == b.hits[i].snippet.text);
    }
  }
}

TEST_CASE("a remote index without spelling support still answers", "[search][remote]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: xapian-tcpsrv is not installed (apt-get install xapian-tools)");
    return;
  }
  RemoteSample sample;
  Searcher remote = sample.open();
  SearchOptions as_typed;
  as_typed.typos = false;
  CHECK(remote.search("econmie", as_typed).total == 0);
  // Typo tolerance reads the vocabulary through the remote protocol.
  const SearchResults results = remote.search("econmie");
  CHECK(results.total > 0);
  CHECK_THAT(results.note, Catch::Contains("economie"));
  CHECK_NOTHROW(remote.search("entity:tiktok", SearchOptions{}));
}

TEST_CASE("lang: filters by the document's language", "[search]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "db");
  const Document french = text_document(
      "fr", "Microsoft aurait approché Pinterest pour un rachat, selon le Financial Times.");
  const Document english =
      text_document("en",
                    "Microsoft reportedly approached Pinterest about a takeover, according to the "
                    "Financial Times, which said the talks had stalled.");
  Document declared = text_document("declared", french.body);
  declared.lang = "en";
  for (const Document& document : {french, english, declared})
    writer.add(document);
  writer.close();
  Searcher searcher = Searcher::open(dir / "db");
  CHECK(sorted_ids(searcher.search("lang:fr", all())) == "fr");
  CHECK(sorted_ids(searcher.search("lang:EN", all())) == "declared en");
  CHECK(sorted_ids(searcher.search("pinterest lang:en", all())) == "declared en");
}

TEST_CASE("entity: on an index built without entities is an error, not a phrase", "[search]") {
  TempDir dir;
  IndexOptions options;
  options.entities = false;
  IndexWriter writer = IndexWriter::open(dir / "db", options);
  writer.add(text_document("x1", "Microsoft rachète une partie de TikTok."));
  writer.close();
  Searcher searcher = Searcher::open(dir / "db");
  CHECK(searcher.search("microsoft").total == 1);
  CHECK_THROWS_WITH(searcher.search("entity:microsoft"), Catch::Contains("without entities"));
}

TEST_CASE("Index::reopen sees documents committed after it was opened", "[index]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "db");
  writer.add(text_document("r1", "Premier texte."));
  writer.commit();
  Index index = Index::open(dir / "db");
  writer.add(text_document("r2", "Second texte."));
  writer.commit();
  CHECK(index.size() == 1);
  index.reopen();
  CHECK(index.size() == 2);
  CHECK(index.get("r2").has_value());
}
