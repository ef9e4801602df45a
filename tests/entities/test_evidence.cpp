// Evidence for ambiguous forms (data/ENTITIES.md, "Evidence"): a lower-case `evidence`
// form or a `context` form without its words is taken only when the entity, or one
// related to it, is sure in the text, the document or its thread, when it is listed
// with a sure name of its type, or (evidence words) next to its words. Through the
// matcher, through an index (one sense per document, a comment read under its
// article, in one batch or across writer sessions) and through `crible analyze
// --explain`. The gazetteer is written here, independent of data/entities.tsv.

#include <catch2/catch.hpp>
#include <set>

#include "../support/process.h"
#include "../support/temp_dir.h"
#include "crible/entities.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

const char* const kGazetteer =
    "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules\n"
    "oracle\tOracle\tORG\tOracle\t@Oracle\t$ORCL\t\t\tlarry_ellison\t"
    "Oracle=evidence:wall street;not_before:de delphes\n"
    "larry_ellison\tLarry Ellison\tPERSON\tLarry Ellison|Ellison\t\t\t\t\toracle\t"
    "Ellison=evidence\n"
    "orange\tOrange\tORG\tOrange\t\t\t\t\t\tOrange=cased;context:opérateur,fibre\n"
    "capgemini\tCapgemini\tORG\tCapgemini\t\t\t\t\t\t\n"
    "lyon\tLyon\tPLACE\tLyon\t\t\t\t\t\t\n";

struct Fixture {
  Analyzer analyzer = Analyzer::create();
  Gazetteer gazetteer = Gazetteer::parse(kGazetteer, "evidence.tsv", analyzer);

  std::set<std::string> ids(const std::string& text, const EntityEvidence& evidence = {}) {
    std::set<std::string> out;
    for (const EntityMention& mention : gazetteer.match(text, analyzer.analyze(text), evidence))
      out.insert(mention.id);
    return out;
  }
  std::vector<EntityDecision> explain(const std::string& text,
                                      const EntityEvidence& evidence = {}) {
    return gazetteer.explain(text, analyzer.analyze(text), evidence);
  }
};

using Ids = std::set<std::string>;

EntityEvidence in_thread(std::vector<std::string> ids) {
  EntityEvidence evidence;
  evidence.thread = std::move(ids);
  return evidence;
}

EntityEvidence dated(std::string date) {
  EntityEvidence evidence;
  evidence.date = std::move(date);
  return evidence;
}

EntityEvidence in_document(std::vector<std::string> ids) {
  EntityEvidence evidence;
  evidence.document = std::move(ids);
  return evidence;
}

Document document(std::string id, std::string body, std::string parent = {},
                  std::string title = {}) {
  Document out;
  out.id = std::move(id);
  out.body = std::move(body);
  out.title = std::move(title);
  if (!parent.empty()) {
    out.type = DocumentType::comment;
    out.parent = std::move(parent);
  }
  return out;
}

}  // namespace

TEST_CASE("a lower-case evidence form needs evidence, a capitalised one does not",
          "[entities][evidence]") {
  Fixture f;
  CHECK(f.ids("Oracle a gagné.") == Ids{"oracle"});
  CHECK(f.ids("je pense qu'oracle va gagner").empty());
  // The entity in the thread, in the document's other parts, or a related entity.
  CHECK(f.ids("je pense qu'oracle va gagner", in_thread({"oracle"})) == Ids{"oracle"});
  CHECK(f.ids("je pense qu'oracle va gagner", in_document({"oracle"})) == Ids{"oracle"});
  CHECK(f.ids("je pense qu'oracle va gagner", in_thread({"larry_ellison"})) == Ids{"oracle"});
  CHECK(f.ids("oracle et larry ellison, toujours eux") == Ids{"oracle", "larry_ellison"});
  // Related the other way round: Ellison's lower-case form from Oracle's mention.
  CHECK(f.ids("ellison chez Oracle") == Ids{"oracle", "larry_ellison"});
  CHECK(f.ids("ellison est parti").empty());
  // Its evidence words.
  CHECK(f.ids("à wall street, oracle monte") == Ids{"oracle"});
  CHECK(f.ids("dans la rue, oracle monte").empty());
  // One sense per text: a sure mention confirms the lower-case ones.
  const std::vector<EntityMention> both = f.gazetteer.match(
      "Oracle annonce. oracle dit", f.analyzer.analyze("Oracle annonce. oracle dit"));
  CHECK(both.size() == 2);
  // Evidence never lifts a veto, nor an unrelated entity's presence.
  CHECK(f.ids("l'oracle de Delphes", in_thread({"oracle"})).empty());
  CHECK(f.ids("je pense qu'oracle va gagner", in_thread({"orange", "lyon"})).empty());
}

TEST_CASE("a context form is taken with evidence or listed with a sure name of its type",
          "[entities][evidence]") {
  Fixture f;
  CHECK(f.ids("Orange a relevé ses prix").empty());
  CHECK(f.ids("Orange a relevé ses prix de la fibre") == Ids{"orange"});
  CHECK(f.ids("Orange a relevé ses prix", in_thread({"orange"})) == Ids{"orange"});
  CHECK(f.ids("Orange et Capgemini recrutent") == Ids{"orange", "capgemini"});
  CHECK(f.ids("Capgemini, Orange recrutent") == Ids{"orange", "capgemini"});
  // A sure name of another type, or not listed with it, is no evidence.
  CHECK(f.ids("Orange et Lyon") == Ids{"lyon"});
  CHECK(f.ids("Orange recrute comme Capgemini") == Ids{"capgemini"});
  // cased still refuses lower case, evidence or not.
  CHECK(f.ids("l'orange et Capgemini", in_thread({"orange"})) == Ids{"capgemini"});
}

TEST_CASE("explain says why each candidate was taken or refused", "[entities][evidence]") {
  Fixture f;
  const std::vector<EntityDecision> refused = f.explain("je pense qu'oracle va gagner");
  REQUIRE(refused.size() == 1);
  CHECK_FALSE(refused[0].taken);
  CHECK(refused[0].needed_evidence);
  CHECK_THAT(refused[0].reason,
             Catch::Contains("lower case (rule evidence)") && Catch::Contains("no evidence"));
  const std::vector<EntityDecision> taken =
      f.explain("je pense qu'oracle va gagner", in_thread({"larry_ellison"}));
  REQUIRE(taken.size() == 1);
  CHECK(taken[0].taken);
  CHECK_THAT(taken[0].reason, Catch::Contains("related larry_ellison in its thread"));
  const std::vector<EntityDecision> vetoed = f.explain("l'oracle de Delphes");
  REQUIRE(vetoed.size() == 1);
  CHECK_THAT(vetoed[0].reason, Catch::Contains("not_before"));
  const std::vector<EntityDecision> cased = f.explain("une orange pressée");
  REQUIRE(cased.size() == 1);
  CHECK_THAT(cased[0].reason, Catch::Contains("rule cased"));
  // match() returns exactly the decisions taken.
  for (const std::string text : {"Orange et Capgemini, oracle et Ellison", "l'oracle de Delphes"}) {
    std::size_t taken_count = 0;
    for (const EntityDecision& decision : f.explain(text))
      taken_count += decision.taken;
    CHECK(f.gazetteer.match(text, f.analyzer.analyze(text)).size() == taken_count);
  }
}

TEST_CASE("an office held in turn names its holder on the document's date",
          "[entities][evidence][during]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(
      "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules\n"
      "obama\tBarack Obama\tPERSON\tBarack Obama|président américain\t\t\t\t\t\t"
      "président américain=during:2009-01-20..2017-01-20;not_after:ancien\n"
      "trump\tDonald Trump\tPERSON\tDonald Trump|président américain\t\t\t\t\t\t"
      "président américain=during:2017-01-20..2021-01-20,2025-01-20..;not_after:ancien\n",
      "offices.tsv", analyzer);
  const auto ids = [&](const std::string& text, const std::string& date) {
    std::set<std::string> out;
    EntityEvidence evidence;
    evidence.date = date;
    for (const EntityMention& m : g.match(text, analyzer.analyze(text), evidence))
      out.insert(m.id);
    return out;
  };
  const std::string text = "Le président américain a signé le décret.";
  CHECK(ids(text, "2016-05-02") == Ids{"obama"});
  CHECK(ids(text, "2017-01-19T23:00:00Z") == Ids{"obama"});
  CHECK(ids(text, "2017-01-20") == Ids{"trump"});  // the inauguration day is the new term's
  CHECK(ids(text, "2020-12-31") == Ids{"trump"});
  CHECK(ids(text, "2023-06-01").empty());  // nobody listed for those dates
  CHECK(ids(text, "2026-03-01") == Ids{"trump"});
  CHECK(ids(text, "").empty());  // no date: no holder
  CHECK(ids("L'ancien président américain a parlé.", "2018-01-01").empty());
  // A name that follows says who.
  CHECK(ids("Le président américain Barack Obama, en 2018", "2018-01-01") == Ids{"obama"});
  const std::string sentence = "Le président américain a signé.";
  const std::vector<EntityDecision> decisions =
      g.explain(sentence, analyzer.analyze(sentence), dated("2018-01-01"));
  bool obama_refused = false;
  for (const EntityDecision& d : decisions)
    if (d.id == "obama")
      obama_refused = !d.taken && d.reason.find("rule during") != std::string::npos;
  CHECK(obama_refused);
  for (const char* bad :
       {"during:2017-01-20", "during:2017-13..", "during:2021-01-20..2017-01-20", "during:.."}) {
    INFO(bad);
    CHECK_THROWS_AS(
        Gazetteer::parse(std::string("id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata"
                                     "\trelated\trules\nx\tX\tPERSON\tXyz\t\t\t\t\t\tXyz=") +
                             bad + "\n",
                         "bad.tsv", analyzer),
        ParseError);
  }
}

TEST_CASE("the gazetteer refuses cased and evidence together", "[entities][evidence]") {
  Analyzer analyzer = Analyzer::create();
  CHECK_THROWS_AS(
      Gazetteer::parse("id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata"
                       "\trelated\trules\nx\tX\tORG\tXyz\t\t\t\t\t\tXyz=cased;evidence\n",
                       "bad.tsv", analyzer),
      ParseError);
}

TEST_CASE("an index reads a comment under its article and a document as one",
          "[entities][evidence][index]") {
  TempDir dir;
  const std::filesystem::path entities = dir / "entities.tsv";
  test::write_file(entities, kGazetteer);
  IndexOptions options;
  options.entities_file = entities;
  {
    IndexWriter writer = IndexWriter::open(dir / "db", options);
    writer.add(document("about-oracle", "Oracle négocie avec ByteDance."));
    writer.add(document("c1", "je pense qu'oracle va gagner", "about-oracle"));
    writer.add(document("other", "Le marché du cloud progresse."));
    writer.add(document("c2", "je pense qu'oracle va gagner", "other"));
    // One sense per document: the title's sure mention confirms the body's.
    writer.add(document("titled", "et oracle encore", "", "Oracle en tête"));
    writer.close();
  }
  {  // A later session: the article is read from the index.
    IndexWriter writer = IndexWriter::open(dir / "db", options);
    writer.add(document("c3", "oracle, encore oracle", "about-oracle"));
    writer.add(document("c4", "oracle, encore oracle", "other"));
    writer.close();
  }
  SearcherOptions searcher_options;
  searcher_options.entities_file = entities;
  Searcher searcher = Searcher::open(dir / "db", searcher_options);
  SearchOptions all;
  all.limit = 100;
  std::set<std::string> found;
  for (const Hit& hit : searcher.search("entity:oracle", all).hits)
    found.insert(hit.id);
  CHECK(found == std::set<std::string>{"about-oracle", "c1", "titled", "c3"});
  // The snippet marks the mention the index took on evidence.
  for (const Hit& hit : searcher.search("entity:oracle", all).hits)
    if (hit.id == "c1") {
      REQUIRE(hit.snippet.highlights.size() == 1);
      const Highlight& mark = hit.snippet.highlights.front();
      CHECK(hit.snippet.text.substr(mark.start, mark.end - mark.start) == "qu'oracle");
    }
}

TEST_CASE("crible analyze --explain and --thread-entity", "[entities][evidence][cli]") {
  auto result = test::run_command(std::string(CRIBLE_CLI) + " analyze --explain " +
                                  test::shell_quote("je pense qu'oracle va gagner"));
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("refused oracle") && Catch::Contains("no evidence"));
  result =
      test::run_command(std::string(CRIBLE_CLI) + " analyze --explain --thread-entity Oracle " +
                        test::shell_quote("je pense qu'oracle va gagner"));
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("taken   oracle") && Catch::Contains("in its thread"));
  result = test::run_command(std::string(CRIBLE_CLI) + " analyze --json --explain " +
                             test::shell_quote("Orange et Capgemini"));
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("\"entity_decisions\"") &&
                             Catch::Contains("coordinated with capgemini"));
  result = test::run_command(std::string(CRIBLE_CLI) + " analyze --thread-entity Oracl x");
  CHECK(result.status != 0);
  CHECK_THAT(result.err, Catch::Contains("unknown entity"));
}
