// The index through the library: terms and values, stored documents, updates,
// dictionaries, schema, locks, checks and compaction, on a real Xapian database.

#include <xapian.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>

#include "../fuzz/stored_dictionaries.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "index/doc_store.h"

using namespace crible;
using test::TempDir;

namespace {

std::vector<Document> read_documents(const std::string& path, ReadOptions options = {}) {
  std::vector<Document> documents;
  DocumentReader reader(path, options);
  Document document;
  while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
    documents.push_back(document);
  return documents;
}

std::vector<Document> sample() {
  return read_documents(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/news.jsonl");
}

IndexSummary index_all(const std::filesystem::path& db, const std::vector<Document>& documents,
                       IndexOptions options = {}) {
  IndexWriter writer = IndexWriter::open(db, options);
  for (const Document& document : documents)
    writer.add(document);
  writer.close();
  return writer.summary();
}

Document article(const std::string& id, const std::string& body) {
  Document d;
  d.id = id;
  d.body = body;
  return d;
}

}  // namespace

TEST_CASE("the sample data indexes with the DESIGN term scheme", "[index]") {
  TempDir dir;
  const IndexSummary summary = index_all(dir / "db", sample());
  CHECK(summary.documents == 29);
  CHECK(summary.articles == 8);
  CHECK(summary.comments == 21);
  CHECK(summary.orphans == 1);  // a99#c1

  Xapian::Database db((dir / "db").string());
  CHECK(db.get_doccount() == 29);
  CHECK(db.get_termfreq("XTarticle") == 8);
  CHECK(db.get_termfreq("XTcomment") == 21);
  CHECK(db.term_exists("Qa1"));
  CHECK(db.get_termfreq("XPa1") >= 2);  // the article and its comments
  CHECK(db.term_exists("Lfr"));
  CHECK(db.term_exists("Zmicrosoft"));
  CHECK(db.term_exists("microsoft"));
  CHECK(db.term_exists("XATmicrosoft"));
  CHECK(db.term_exists("XCTorcl"));
  CHECK(db.term_exists("Hzdnet.fr"));
  CHECK_FALSE(db.term_exists("Zde"));  // stop words take a position, not a posting
  // Positions on stems: a phrase query finds "États-Unis" from "etats unis".
  Xapian::Enquire enquire(db);
  const std::vector<Xapian::Query> words = {Xapian::Query("Zetat"), Xapian::Query("Zunis")};
  enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end(), 2));
  CHECK(enquire.get_mset(0, 10).size() > 0);
  // Values: the date sorts, the thread collapses.
  const Xapian::Document doc = db.get_document(*db.postlist_begin("Qa1"));
  CHECK(doc.get_value(0).substr(0, 8).size() == 8);
  CHECK(doc.get_value(1) == "a1");
  CHECK(doc.get_value(2) == "article");
}

TEST_CASE("stored documents come back as they went in", "[index]") {
  TempDir dir;
  const std::vector<Document> documents = sample();
  index_all(dir / "db", documents);
  Index index = Index::open(dir / "db");
  for (const Document& expected : documents) {
    const std::optional<Document> got = index.get(expected.id);
    REQUIRE(got);
    CHECK(got->body == expected.body);
    CHECK(got->title == expected.title);
    CHECK(got->extra_json == expected.extra_json);
    CHECK(got->premium == expected.premium);
  }
  CHECK_FALSE(index.get("no-such-id"));
}

TEST_CASE("re-indexing is idempotent and replaces by id", "[index]") {
  TempDir dir;
  index_all(dir / "db", sample());
  index_all(dir / "db", sample());
  Index index = Index::open(dir / "db");
  CHECK(index.size() == 29);
  Document changed = article("a1", "Un tout autre texte sur Pinterest.");
  index_all(dir / "db", {changed});
  index = Index::open(dir / "db");
  CHECK(index.size() == 29);
  CHECK(index.get("a1")->body == changed.body);
  // Its comments are still there and still point at it.
  Xapian::Database db((dir / "db").string());
  CHECK(db.get_termfreq("XPa1") >= 2);
}

TEST_CASE("delete removes by id", "[index]") {
  TempDir dir;
  index_all(dir / "db", sample());
  IndexWriter writer = IndexWriter::open(dir / "db");
  CHECK(writer.remove("a1"));
  CHECK_FALSE(writer.remove("a1"));
  writer.close();
  CHECK_FALSE(Index::open(dir / "db").get("a1"));
  CHECK(Index::open(dir / "db").size() == 28);
}

TEST_CASE("each run with enough documents trains its own dictionary, all decode", "[index]") {
  TempDir dir;
  IndexOptions options;
  options.dictionary_min_documents = 50;
  std::vector<Document> first, second;
  for (int i = 0; i < 300; ++i) {
    first.push_back(article(
        "p" + std::to_string(i),
        "Microsoft et Oracle se disputent le rachat de TikTok numéro " + std::to_string(i)));
    second.push_back(
        article("q" + std::to_string(i),
                "Les lecteurs commentent la présidentielle, avis " + std::to_string(i * 7)));
  }
  const IndexSummary one = index_all(dir / "db", first, options);
  const IndexSummary two = index_all(dir / "db", second, options);
  REQUIRE_FALSE(one.dictionary.empty());
  REQUIRE_FALSE(two.dictionary.empty());
  CHECK(one.dictionary != two.dictionary);
  CHECK(one.stored_compressed * 2 < one.stored_raw);  // the dictionary pays
  // A small update reuses the newest dictionary.
  const IndexSummary three = index_all(dir / "db", {article("r1", "Un petit ajout.")}, options);
  CHECK(three.dictionary == two.dictionary);
  Index index = Index::open(dir / "db");
  CHECK(index.stats().dictionaries.size() == 2);
  CHECK(index.get("p17")->body.find("17") != std::string::npos);
  CHECK(index.get("q17")->body.find("119") != std::string::npos);
  CHECK(index.get("r1")->body == "Un petit ajout.");
}

TEST_CASE("an index built by another analyzer is refused with a clear error", "[index]") {
  TempDir dir;
  index_all(dir / "db", {article("a", "texte")});
  IndexOptions other;
  other.analyzer.use_stopwords = false;
  try {
    IndexWriter::open(dir / "db", other);
    FAIL("no exception");
  } catch (const IndexError& e) {
    CHECK(std::string(e.what()).find("another analyzer") != std::string::npos);
  }
}

TEST_CASE("a second writer gets a lock error, and the index is intact", "[index]") {
  TempDir dir;
  IndexWriter first = IndexWriter::open(dir / "db");
  first.add(article("a", "texte"));
  first.commit();
  try {
    IndexWriter::open(dir / "db");
    FAIL("no exception");
  } catch (const IndexError& e) {
    CHECK(std::string(e.what()).find("locked") != std::string::npos);
  }
  first.close();
  std::vector<std::string> problems;
  CHECK(Index::check(dir / "db", problems));
}

TEST_CASE("move-assigning over an open writer commits and releases what it held", "[index]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "a");
  writer.add(article("kept", "un texte qui doit rester"));
  writer = IndexWriter::open(dir / "b");
  writer.add(article("other", "un autre texte"));
  writer.close();
  CHECK(Index::open(dir / "a").get("kept").has_value());  // committed, not dropped
  CHECK(Index::open(dir / "b").get("other").has_value());
  IndexWriter again = IndexWriter::open(dir / "a");  // its lock was released
  again.close();
}

TEST_CASE("stats count documents, terms, sizes and compression", "[index]") {
  TempDir dir;
  index_all(dir / "db", sample());
  const IndexStats stats = Index::open(dir / "db").stats();
  CHECK(stats.documents == 29);
  CHECK(stats.by_type.at("article") == 8);
  CHECK(stats.by_type.at("comment") == 21);
  CHECK(stats.terms > 500);
  CHECK(stats.disk_bytes > 0);
  CHECK(stats.stored_raw > stats.stored_compressed);
  CHECK(stats.schema.find("crible-analysis/") != std::string::npos);
}

TEST_CASE("check passes on a good index and names a corrupt document", "[index]") {
  TempDir dir;
  index_all(dir / "db", sample());
  std::vector<std::string> problems;
  CHECK(Index::check(dir / "db", problems));
  CHECK(problems.empty());
  {
    Xapian::WritableDatabase db((dir / "db").string());
    Xapian::Document doc = db.get_document(*db.postlist_begin("Qa2"));
    doc.set_data("not a zstd frame");
    db.replace_document("Qa2", doc);
    db.commit();
  }
  CHECK_FALSE(Index::check(dir / "db", problems));
  REQUIRE_FALSE(problems.empty());
  CHECK(problems.front().find("zstd") != std::string::npos);
  CHECK_THROWS_AS(Index::open(dir / "db").get("a2"), IndexError);
}

TEST_CASE("a compacted single-file index reads the same", "[index]") {
  TempDir dir;
  index_all(dir / "db", sample());
  Index::compact(dir / "db", dir / "single.glass");
  CHECK(std::filesystem::is_regular_file(dir / "single.glass"));
  Index index = Index::open(dir / "single.glass");
  CHECK(index.size() == 29);
  CHECK(index.get("a1#c1"));
  std::vector<std::string> problems;
  CHECK(Index::check(dir / "single.glass", problems));
}

TEST_CASE("not an index, or a missing one: clear errors", "[index]") {
  TempDir dir;
  CHECK_THROWS_AS(Index::open(dir / "missing"), IndexError);
  test::write_file(dir / "junk", "not a database");
  CHECK_THROWS_AS(Index::open(dir / "junk"), IndexError);
  std::vector<std::string> problems;
  CHECK_FALSE(Index::check(dir / "junk", problems));
}

TEST_CASE("the seed page indexes: article, English tweet, 8 comments", "[index][seed]") {
  const auto seed = test::shared_path("seeds/000_cc430da7135b5cd5.txt");
  if (!std::filesystem::exists(seed)) {
    std::cout << "SKIPPED: seed page not found at " << seed << "\n";
    return;
  }
  TempDir dir;
  ReadOptions options;
  options.page_id = "tiktok";
  const IndexSummary summary = index_all(dir / "db", read_documents(seed.string(), options));
  CHECK(summary.articles == 1);
  CHECK(summary.comments == 8);
  CHECK(summary.orphans == 0);
  Xapian::Database db((dir / "db").string());
  CHECK(db.get_termfreq("XPtiktok") == 9);
  CHECK(db.term_exists("XATcgasparino"));  // the tweet's author
  CHECK(db.term_exists("Zbank"));          // the tweet, stemmed as English
  CHECK(db.term_exists("Hlesechos.fr"));   // the 8th comment's URL
  Index index = Index::open(dir / "db");
  std::string eighth;
  index.for_each([&eighth](const Document& document) {
    if (document.order == 8) eighth = document.body;
  });
  CHECK(eighth.find("lesechos.fr") != std::string::npos);
  CHECK(index.get("tiktok")->quotes.at(0).handle == "@CGasparino");
}

TEST_CASE("entities become XE terms counting their mentions", "[index][entities]") {
  TempDir dir;
  IndexOptions options;
  options.entities_file = std::string(CRIBLE_SOURCE_DIR) + "/tests/data/test-entities.tsv";
  Document d =
      article("e1",
              "Oracle, puis @Oracle et $ORCL ; Microsoft via https://www.microsoft.com/fr. "
              "L'oracle de Delphes et https://example.com/tiktok ne comptent pas.");
  index_all(dir / "db", {d}, options);
  Xapian::Database db((dir / "db").string());
  const Xapian::Document doc = db.get_document(*db.postlist_begin("Qe1"));
  std::map<std::string, Xapian::termcount> entities;
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term)
    if ((*term).rfind("XE", 0) == 0) entities[*term] = term.get_wdf();
  CHECK(entities == std::map<std::string, Xapian::termcount>{{"XEmicrosoft", 2}, {"XEoracle", 3}});
  // The schema records the gazetteer: another one is refused.
  IndexOptions other = options;
  other.entities = false;
  CHECK_THROWS_AS(IndexWriter::open(dir / "db", other), IndexError);
}

TEST_CASE("documents an index could not give back are refused when added", "[index]") {
  TempDir dir;
  IndexWriter writer = IndexWriter::open(dir / "db");
  CHECK_THROWS_AS(writer.add(article("", "Un texte.")), InvalidArgument);
  CHECK_THROWS_AS(writer.add(article(std::string(201, 'x'), "Un texte.")), InvalidArgument);
  CHECK_THROWS_AS(writer.add(article("vide", "")), InvalidArgument);
  // A language crible does not stem is analysed as undeclared, not an error.
  Document german = article("de", "Microsoft kauft TikTok nicht.");
  german.lang = "de";
  writer.add(german);
  writer.close();
  CHECK(writer.summary().documents == 1);
  Xapian::Database db((dir / "db").string());
  CHECK(db.term_exists("Lde"));
  CHECK(db.term_exists("Ztiktok"));
  CHECK(Index::open(dir / "db").get("de").has_value());
}

TEST_CASE("orphans: a comment before its article in the run is not one", "[index]") {
  TempDir dir;
  IndexOptions options;
  options.batch_documents = 1;  // the comment is written (and committed) before its article
  options.dictionary_samples = 1;
  IndexWriter writer = IndexWriter::open(dir / "db", options);
  Document early = article("early#c1", "Un commentaire arrivé avant son article.");
  early.type = DocumentType::comment;
  early.parent = "early";
  writer.add(early);
  Document lost = article("lost#c1", "Un commentaire sans article.");
  lost.type = DocumentType::comment;
  lost.parent = "nowhere";
  writer.add(lost);
  writer.add(article("early", "L'article, enfin."));
  writer.close();
  CHECK(writer.summary().comments == 2);
  CHECK(writer.summary().orphans == 1);
}

// The stored-document fuzz target's seeds must reach what they were made for: a frame
// the decoder's dictionary decodes, and one naming a dictionary it lacks. (A zstd whose
// dictionaries came out otherwise would leave them testing nothing.)
TEST_CASE("the stored-document fuzz seeds decode as they were made to", "[index][fuzz]") {
  const std::string corpus = std::string(CRIBLE_SOURCE_DIR) + "/tests/fuzz/corpus/stored/";
  const std::string known = crible::fuzz::fuzz_dictionary(crible::fuzz::kKnownDictionaryId, "k");
  REQUIRE_FALSE(known.empty());
  crible::index::Decompressor decompressor;
  decompressor.add_dictionary(known);
  const std::string with = crible::test::read_file(corpus + "dictionary.zst");
  CHECK(crible::index::Decompressor::dictionary_id(with) == crible::fuzz::kKnownDictionaryId);
  CHECK(crible::document_from_json(decompressor.decompress(with)).id == "a1#c2");
  const std::string unknown = crible::test::read_file(corpus + "unknown-dictionary.zst");
  CHECK(crible::index::Decompressor::dictionary_id(unknown) == crible::fuzz::kUnknownDictionaryId);
  CHECK_THROWS_WITH(decompressor.decompress(unknown),
                    Catch::Contains("unknown compression dictionary"));
  CHECK_THROWS_AS(
      decompressor.decompress(crible::test::read_file(corpus + "dictionary-truncated.zst")),
      crible::Error);
}
