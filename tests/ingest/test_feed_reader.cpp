// RSS 2.0, RSS 1.0 and Atom feeds. The RFC 822 dates are the RSS 2.0 specification's
// own examples (rssboard.org/rss-specification: "Sat, 07 Sep 2002 00:00:01 GMT").

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/ingest.h"
#include "crible/json.h"

using namespace crible;

namespace {

struct ReadAll {
  std::vector<Thread> threads;
  std::vector<ReadProblem> problems;
  InputFormat format = InputFormat::automatic;
};

ReadAll read_text(std::string text, ReadOptions options = {}) {
  ReadAll all;
  DocumentReader reader = DocumentReader::from_text(std::move(text), "feed.xml", options);
  Thread thread;
  while (reader.next_thread(thread, [&](const ReadProblem& p) { all.problems.push_back(p); }))
    all.threads.push_back(thread);
  all.format = reader.format();
  return all;
}

ReadAll read_sample(const std::string& name) {
  return read_text(test::read_file(test::source_path("data/sample/" + name)));
}

std::string rss(const std::string& items) {
  return "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>F</title>"
         "<link>https://f.example/</link><language>fr</language>" +
         items + "</channel></rss>";
}

}  // namespace

TEST_CASE("the sample RSS 2.0 feed: one article per item", "[ingest][feed]") {
  const ReadAll all = read_sample("flux-tech.rss");
  CHECK(all.format == InputFormat::feed);
  CHECK(all.problems.empty());
  REQUIRE(all.threads.size() == 3);
  for (const Thread& thread : all.threads) {
    CHECK_FALSE(thread.complete);  // an item is not a thread: its comments stay
    REQUIRE(thread.documents.size() == 1);
    CHECK(thread.documents[0].type == DocumentType::article);
    CHECK(thread.documents[0].lang == "fr");
  }
  const Document& first = all.threads[0].documents[0];
  CHECK(first.id == "https://www.quotidien-du-code.example/tech/2024/03/13/tiktok-irlande");
  CHECK(first.title == "TikTok ouvre un centre de données en Irlande");
  CHECK(first.url == first.id);
  CHECK(first.date == "2024-03-13T07:45:00+01:00");
  CHECK(first.author == "Camille Bérard");
  // content:encoded, through the HTML text path: paragraphs, entities, no script.
  CHECK(first.body ==
        "La filiale de ByteDance promet que les données des utilisateurs européens resteront "
        "en Europe.\nLe centre de Dublin, le premier du projet « Clover », doit ouvrir d’ici "
        "l’été.");
  const nlohmann::json extra = nlohmann::json::parse(first.extra_json);
  CHECK(extra["categories"] == nlohmann::json::array({"Tech", "Réseaux sociaux"}));
  CHECK(extra["feed"]["title"] == "Le Quotidien du Code — Tech");
  CHECK(extra["feed"]["url"] == "https://www.quotidien-du-code.example/tech");

  const Document& second = all.threads[1].documents[0];
  CHECK(second.id == "qdc-2024-0312-0042");  // a guid that is not a link
  CHECK(second.title == "Pinterest & Snap : les annonceurs reviennent");
  CHECK(second.date == "2024-03-12T18:10:00Z");
  CHECK(second.author == "Jean Morel");  // "address (Name)"
  CHECK(second.body ==
        "Les deux réseaux sociaux publient des chiffres d’affaires en hausse, portés par la "
        "publicité.");
  // A headline-only item: the headline is its text, and it says so.
  const Document& third = all.threads[2].documents[0];
  CHECK(third.body == "Brève : Oracle relève ses prévisions");
  CHECK(nlohmann::json::parse(third.extra_json)["body_from"] == "title");
}

TEST_CASE("the sample Atom feed: xhtml and html content, published or updated", "[ingest][feed]") {
  const ReadAll all = read_sample("flux-eco.atom");
  CHECK(all.format == InputFormat::feed);
  REQUIRE(all.threads.size() == 2);
  const Document& first = all.threads[0].documents[0];
  CHECK(first.id == "tag:quotidien-du-code.example,2024-03-12:eco/1187");
  CHECK(first.url == "https://www.quotidien-du-code.example/eco/2024/03/12/microsoft-apple");
  CHECK(first.date == "2024-03-12T16:20:00+01:00");  // published, not updated
  CHECK(first.author == "Jean Morel");
  CHECK(first.lang == "fr");
  CHECK(first.body ==
        "La capitalisation du groupe de Redmond a franchi mardi celle de la firme de Cupertino, "
        "portée par ses résultats dans le cloud.\nLes analystes attendent désormais les chiffres "
        "de Nvidia.");
  CHECK(nlohmann::json::parse(first.extra_json)["categories"] ==
        nlohmann::json::array({"Marchés"}));
  const Document& second = all.threads[1].documents[0];
  CHECK(second.date == "2024-03-12T09:00:00+01:00");  // only updated
  CHECK(second.body == "Le taux de chômage s’établit à 7,3 %, selon l’Insee.");
}

TEST_CASE("RFC 822 dates as RSS writes them", "[ingest][feed][dates]") {
  const auto date_of = [](const std::string& pub_date) {
    const ReadAll all =
        read_text(rss("<item><title>T</title><pubDate>" + pub_date + "</pubDate></item>"));
    return all.threads.at(0).documents.at(0).date;
  };
  CHECK(date_of("Sat, 07 Sep 2002 00:00:01 GMT") == "2002-09-07T00:00:01Z");
  CHECK(date_of("Mon, 30 Sep 2002 01:56:02 GMT") == "2002-09-30T01:56:02Z");
  CHECK(date_of("Tue, 10 Jun 2003 04:00:00 GMT") == "2003-06-10T04:00:00Z");
  CHECK(date_of("7 Sep 2002 09:30 +0200") == "2002-09-07T09:30:00+02:00");
  CHECK(date_of("Sat, 07 Sep 2002 00:00:01 EST") == "2002-09-07T00:00:01-05:00");
  CHECK(date_of("31 Feb 2002 00:00:01 GMT").empty());  // no such day
  CHECK(date_of("yesterday").empty());
  ReadOptions options;
  options.date = "2020-01-01";
  const ReadAll undated = read_text(rss("<item><title>T</title></item>"), options);
  CHECK(undated.threads.at(0).documents.at(0).date == "2020-01-01");
}

TEST_CASE("RSS 1.0 (RDF): items beside the channel", "[ingest][feed]") {
  const ReadAll all = read_text(
      R"(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#")"
      R"( xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">)"
      R"(<channel rdf:about="https://f.example/"><title>F</title><link>https://f.example/</link>)"
      R"(<dc:language>fr</dc:language></channel>)"
      R"(<item rdf:about="https://f.example/1"><title>Un</title><link>https://f.example/1</link>)"
      R"(<description>Le texte.</description><dc:date>2004-01-02T03:04:05Z</dc:date>)"
      R"(<dc:creator>Zoé</dc:creator></item></rdf:RDF>)");
  REQUIRE(all.threads.size() == 1);
  const Document& item = all.threads[0].documents[0];
  CHECK(item.id == "https://f.example/1");
  CHECK(item.date == "2004-01-02T03:04:05Z");
  CHECK(item.author == "Zoé");
  CHECK(item.lang == "fr");
  CHECK(item.body == "Le texte.");
}

TEST_CASE("bad feeds: a clear error or warning naming the input", "[ingest][feed][errors]") {
  // A stray '&': read in recovery mode, with a warning that gives the line.
  ReadAll all = read_text(rss("<item><title>A & B</title><description>x</description></item>"));
  REQUIRE(all.threads.size() == 1);
  REQUIRE_FALSE(all.problems.empty());
  CHECK(all.problems[0].warning);
  CHECK(all.problems[0].to_string().starts_with("feed.xml:1: warning: malformed XML at line 1"));
  // Truncated: the items before the cut are kept.
  std::string truncated =
      rss("<item><title>Un</title><description>Premier.</description></item>"
          "<item><title>Deux</title><description>Second");
  truncated.resize(truncated.find("Second") + 3);
  all = read_text(truncated);
  REQUIRE_FALSE(all.threads.empty());
  CHECK(all.threads[0].documents[0].title == "Un");
  CHECK_FALSE(all.problems.empty());
  // XML that is no feed.
  all = read_text("<?xml version=\"1.0\"?><rss2><x/></rss2>", [] {
    ReadOptions options;
    options.format = InputFormat::feed;
    return options;
  }());
  CHECK(all.threads.empty());
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].reason.find("neither RSS") != std::string::npos);
  // An item with neither title nor text is refused, the others read.
  all =
      read_text(rss("<item><link>https://f.example/x</link></item><item><title>Ok</title></item>"));
  REQUIRE(all.threads.size() == 1);
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].reason == "feed item 1 has no title and no text");
  // A Windows-1252 feed, as its declaration says.
  all = read_text("<?xml version=\"1.0\" encoding=\"windows-1252\"?>" +
                  rss("<item><title>Caf\xE9 \x80</title></item>").substr(21));
  REQUIRE(all.threads.size() == 1);
  CHECK(all.threads[0].documents[0].title == "Café €");
  // Entities are not expanded from outside (no network, no file).
  all = read_text(
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>" +
      rss("<item><title>a&x;b</title></item>").substr(21));
  for (const Thread& thread : all.threads)
    CHECK(thread.documents[0].title.find("root:") == std::string::npos);
}
