// HTML article pages: metadata, main text, tweets, comments, charsets, and bad input.
// Expected values are read off the sample pages and the encoding standards (WHATWG
// Encoding's windows-1252 index, ISO/IEC 8859-15), not computed by crible.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"

using namespace crible;
using test::TempDir;
using test::write_file;

namespace {

struct ReadAll {
  std::vector<Thread> threads;
  std::vector<ReadProblem> problems;
  InputFormat format = InputFormat::automatic;
};

ReadAll read_text(std::string text, ReadOptions options = {}, std::string source = "page.html") {
  ReadAll all;
  DocumentReader reader = DocumentReader::from_text(std::move(text), std::move(source), options);
  Thread thread;
  while (reader.next_thread(thread, [&](const ReadProblem& p) { all.problems.push_back(p); }))
    all.threads.push_back(thread);
  all.format = reader.format();
  return all;
}

ReadAll read_sample(const std::string& name, ReadOptions options = {}) {
  return read_text(test::read_file(test::source_path("data/sample/" + name)), options, name);
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

std::string page(const std::string& head, const std::string& body) {
  return "<!DOCTYPE html><html><head>" + head + "</head><body>" + body + "</body></html>";
}

const std::string kParagraphs =
    "<article><p>Le premier paragraphe de cet article est assez long pour compter, "
    "avec des virgules, des mots et encore des mots.</p><p>Le second paragraphe, "
    "lui aussi, raconte la suite de l'histoire avec assez de mots.</p></article>";

}  // namespace

TEST_CASE("the sample article page: metadata, main text, tweet, comments", "[ingest][html]") {
  const ReadAll all = read_sample("article-nuage.html");
  CHECK(all.format == InputFormat::html);
  CHECK(all.problems.empty());
  REQUIRE(all.threads.size() == 1);
  const Thread& thread = all.threads[0];
  CHECK(thread.complete);
  REQUIRE(thread.documents.size() == 4);
  const Document& article = thread.documents[0];
  CHECK(article.type == DocumentType::article);
  CHECK(article.title == "Microsoft et Oracle se disputent le nuage européen");
  CHECK(article.author == "Camille Bérard");
  CHECK(article.date == "2024-03-12T08:30:00+01:00");
  CHECK(article.url == "https://www.quotidien-du-code.example/tech/2024/03/12/nuage-europeen");
  CHECK(article.lang == "fr");
  CHECK(article.source == "article-nuage.html");
  // The text, entities decoded (&rsquo; &nbsp; &hellip;), paragraphs one per line.
  CHECK(contains(article.body, "où l’État veut un « cloud de confiance »."));
  CHECK(contains(article.body, "\nLe groupe de Redmond a annoncé lundi"));
  CHECK(contains(article.body, "\nTrois centres de données en Île-de-France et en Provence"));
  CHECK(article.headings == std::vector<std::string>{"Une concurrence qui profite aux start-up"});
  // Boilerplate out: cookie banner, navigation, breadcrumb, share buttons, ad, hidden
  // paragraph, related links, byline line, sidebar, footer, comment form, scripts.
  for (const char* noise :
       {"cookies", "Accepter", "Accueil", "Partager", "PUBLICITÉ", "réservé aux abonnés",
        "À lire aussi", "TikTok ouvre", "Par Camille", "lettre quotidienne", "Les plus lus",
        "Mentions légales", "Laisser un commentaire", "dataLayer", "rsquo", "Jules_75",
        "Excited to expand", "<p>"})
    CHECK_FALSE(contains(article.body, noise));
  // The title is not repeated as body text.
  CHECK_FALSE(contains(article.body, "se disputent"));
  REQUIRE(article.quotes.size() == 1);
  const Quote& tweet = article.quotes[0];
  CHECK(tweet.text ==
        "Excited to expand our cloud regions in France with three new datacenters. "
        "pic.twitter.com/abc");
  CHECK(tweet.author == "Brad Smith");
  CHECK(tweet.handle == "@BradSmi");
  CHECK(tweet.date == "2024-03-11");
  CHECK(tweet.lang == "en");
  const nlohmann::json extra = nlohmann::json::parse(document_to_json(article));
  CHECK(extra["site_name"] == "Le Quotidien du Code");
  CHECK(extra["date_modified"] == "2024-03-12T11:05:00+01:00");
  CHECK(extra["date_from"] == "json-ld");
  CHECK(extra["section"] == "Tech");

  const Document& first = thread.documents[1];
  const Document& reply = thread.documents[2];
  const Document& third = thread.documents[3];
  CHECK(first.type == DocumentType::comment);
  CHECK(first.parent == article.id);
  CHECK(first.author == "Jules_75");
  CHECK(first.date == "2024-03-12T09:02:00+01:00");
  CHECK(first.body ==
        "Encore des promesses de souveraineté, on a déjà entendu ça avec le cloud de confiance.");
  CHECK(first.order == 1);
  CHECK(reply.author == "Sandrine L.");
  CHECK(reply.reply_to == first.id);
  CHECK(reply.body == "Au moins les prix baissent pour les start-up, c’est déjà ça.");
  CHECK(reply.order == 2);
  CHECK(third.author == "Marc");
  CHECK(third.reply_to.empty());
  CHECK(third.body == "Et Oracle qui facture encore ses licences au cœur de processeur…");
  CHECK(third.order == 3);
}

TEST_CASE("an HTML page is known by its content, never by its file name", "[ingest][html]") {
  TempDir dir;
  write_file(dir / "named.txt", page("<title>Un titre</title>", kParagraphs));
  write_file(dir / "named.html", R"({"id":"x","body":"du JSON"})"
                                 "\n");
  DocumentReader html((dir / "named.txt").string());
  Document document;
  REQUIRE(html.next(document, {}));
  CHECK(html.format() == InputFormat::html);
  CHECK(document.title == "Un titre");
  DocumentReader jsonl((dir / "named.html").string());
  REQUIRE(jsonl.next(document, {}));
  CHECK(jsonl.format() == InputFormat::jsonl);
  // Markup that starts with a comment or spaces is still HTML; no doctype needed.
  CHECK(read_text("\n  <!-- built -->\n<html><body>" + kParagraphs + "</body></html>").format ==
        InputFormat::html);
}

TEST_CASE("the title: headline, og:title, else <title> without the site name", "[ingest][html]") {
  CHECK(read_text(page("<title>Le vrai titre de l'article | Le Site</title>", kParagraphs))
            .threads.at(0)
            .documents.at(0)
            .title == "Le vrai titre de l'article");
  CHECK(read_text(page("<title>Court - Site</title><meta property=\"og:site_name\" "
                       "content=\"Site\">",
                       kParagraphs))
            .threads.at(0)
            .documents.at(0)
            .title == "Court");
  CHECK(read_text(page("<title>Ailleurs</title><meta property=\"og:title\" content=\"Celui-ci\">",
                       kParagraphs))
            .threads.at(0)
            .documents.at(0)
            .title == "Celui-ci");
}

TEST_CASE("JSON-LD wrapped in CDATA, as XHTML-minded templates write it, is read",
          "[ingest][html]") {
  for (const char* wrapped :
       {"<![CDATA[ {\"@type\":\"NewsArticle\",\"headline\":\"Titre LD\",\"datePublished\":"
        "\"2024-06-25\"} ]]>",
        "//<![CDATA[\n{\"@type\":\"NewsArticle\",\"headline\":\"Titre LD\",\"datePublished\":"
        "\"2024-06-25\"}\n//]]>"}) {
    INFO(wrapped);
    const ReadAll all = read_text(page(
        std::string("<script type=\"application/ld+json\">") + wrapped + "</script>", kParagraphs));
    CHECK(all.problems.empty());
    REQUIRE(all.threads.size() == 1);
    CHECK(all.threads[0].documents[0].title == "Titre LD");
    CHECK(all.threads[0].documents[0].date == "2024-06-25");
  }
}

TEST_CASE("dates: the page's, else the caller's, else an embedded tweet's, each flagged",
          "[ingest][html][dates]") {
  const std::string tweet =
      "<blockquote class=\"twitter-tweet\"><p lang=\"en\">Hello there, a tweet.</p>&mdash; Ann "
      "(@ann) February 19, 2021</blockquote>";
  std::string with_tweet = kParagraphs;
  with_tweet.insert(with_tweet.find("</article>"), tweet);
  const std::string undated = page("<title>Sans date</title>", with_tweet);
  const Document flagged = read_text(undated).threads.at(0).documents.at(0);
  CHECK(flagged.date == "2021-02-19");
  CHECK(nlohmann::json::parse(flagged.extra_json)["date_from"] == "quote");
  ReadOptions options;
  options.date = "2024-01-05";
  const Document given = read_text(undated, options).threads.at(0).documents.at(0);
  CHECK(given.date == "2024-01-05");
  CHECK(nlohmann::json::parse(given.extra_json)["date_from"] == "caller");
  // The page's own date wins over the caller's: <meta>, with its zone as ISO 8601 wants.
  const Document dated =
      read_text(page("<meta name=\"date\" content=\"2023-06-01 10:00:00+0200\">", kParagraphs),
                options)
          .threads.at(0)
          .documents.at(0);
  CHECK(dated.date == "2023-06-01T10:00:00+02:00");
  CHECK(nlohmann::json::parse(dated.extra_json)["date_from"] == "meta");
  // Nothing at all: no date, and no flag.
  const Document none = read_text(page("", kParagraphs)).threads.at(0).documents.at(0);
  CHECK(none.date.empty());
}

TEST_CASE("charsets: meta, http-equiv, transport, BOM, and undeclared Latin-1",
          "[ingest][html][charset]") {
  // windows-1252 (WHATWG index): 0x80 is €, 0x9C œ, 0xE9 é, 0x92 ’.
  const std::string cp1252_text = "L\x92\xE9t\xE9 co\xFBte 5 \x80, c\x9Cur.";
  const std::string body = "<article><p>" + cp1252_text +
                           " Un paragraphe assez long pour compter dans l'article.</p></article>";
  const auto first_body = [](const ReadAll& all) { return all.threads.at(0).documents.at(0).body; };
  const ReadAll meta = read_text(page("<meta charset=\"windows-1252\">", body));
  CHECK(contains(first_body(meta), "L’été coûte 5 €, cœur."));
  CHECK(meta.problems.empty());
  // "iso-8859-1" means windows-1252 on the web (WHATWG Encoding).
  const ReadAll latin1 = read_text(
      page("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">", body));
  CHECK(contains(first_body(latin1), "L’été coûte 5 €, cœur."));
  // ISO-8859-15: 0xA4 is €, 0xBD œ (½ in Latin-1).
  const ReadAll latin9 = read_text(page("<meta charset=\"iso-8859-15\">",
                                        "<article><p>Prix : 3 \xA4, \xBDuvre compl\xE8te, "
                                        "un paragraphe assez long pour compter.</p></article>"));
  CHECK(contains(first_body(latin9), "Prix : 3 €, œuvre complète"));
  // No declaration, not UTF-8: read as windows-1252, with a warning naming the input.
  const ReadAll undeclared = read_text(page("", body));
  CHECK(contains(first_body(undeclared), "L’été coûte 5 €, cœur."));
  REQUIRE(undeclared.problems.size() == 1);
  CHECK(undeclared.problems[0].warning);
  CHECK(contains(undeclared.problems[0].to_string(), "page.html:1: warning: "));
  // The transport's charset wins over the page's.
  ReadOptions options;
  options.charset = "windows-1252";
  CHECK(contains(first_body(read_text(page("<meta charset=\"utf-8\">", body), options)),
                 "L’été coûte 5 €"));
  // A UTF-8 BOM wins over a wrong declaration.
  CHECK(contains(
      first_body(read_text("\xEF\xBB\xBF" + page("<meta charset=\"windows-1252\">",
                                                 "<article><p>Déjà vu, un paragraphe "
                                                 "assez long pour compter.</p></article>"))),
      "Déjà vu"));
}

TEST_CASE("invalid UTF-8 in a page declared UTF-8 is replaced and reported",
          "[ingest][html][charset]") {
  const ReadAll all = read_text(page("<meta charset=\"utf-8\">",
                                     "<article><p>Caf\xC3 cr\xE8me, un paragraphe assez long pour "
                                     "compter dans l'article.</p></article>"));
  REQUIRE(all.threads.size() == 1);
  CHECK(contains(all.threads[0].documents[0].body, "Caf\xEF\xBF\xBD cr\xEF\xBF\xBDme"));
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].warning);
  CHECK(contains(all.problems[0].reason, "invalid UTF-8 at byte"));
}

TEST_CASE("bad HTML gives a clear error naming the input, never a crash",
          "[ingest][html][errors]") {
  // No text at all.
  ReadAll all = read_text(
      "<!DOCTYPE html><html><head><title></title></head><body><script>x()"
      "</script></body></html>");
  CHECK(all.threads.empty());
  REQUIRE(all.problems.size() == 1);
  CHECK_FALSE(all.problems[0].warning);
  CHECK(all.problems[0].to_string() ==
        "page.html:1: HTML page with no text: no paragraph, no articleBody, no description");
  // Nested deeper than a parser should go.
  std::string deep = "<html><body>";
  for (int i = 0; i < 100000; ++i)
    deep += "<div>";
  deep += "texte";
  all = read_text(deep);
  CHECK(all.threads.empty());
  REQUIRE(all.problems.size() == 1);
  CHECK(contains(all.problems[0].reason, "HTML nested 100000 elements deep"));
  // Truncated: read as a browser would, up to where it stops.
  std::string truncated = page("<title>Coupé</title>", kParagraphs);
  truncated.resize(truncated.find("Le second") + 20);
  all = read_text(truncated);
  REQUIRE(all.threads.size() == 1);
  CHECK(contains(all.threads[0].documents[0].body, "Le premier paragraphe"));
  // Over the size limit: refused before parsing, as HTML, whether on one line (known
  // by the line's head) or several.
  ReadOptions options;
  options.max_document_bytes = 1000;
  all = read_text(page("", std::string(5000, 'a')), options);
  CHECK(all.threads.empty());
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].to_string() == "page.html:1: HTML page exceeds the limit of 1000 bytes");
  std::string lines = "<!DOCTYPE html>\n<html><body>\n";
  for (int i = 0; i < 100; ++i)
    lines += "<p>Un paragraphe.</p>\n";
  all = read_text(lines, options);
  CHECK(all.threads.empty());
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].reason == "HTML page exceeds the limit of 1000 bytes");
}

TEST_CASE("schema.org Comment in JSON-LD become comments when the markup has none",
          "[ingest][html]") {
  const std::string ld = R"(<script type="application/ld+json">{"@context":"https://schema.org",
    "@type":"NewsArticle","headline":"Titre LD","datePublished":"2022-05-04",
    "comment":[{"@type":"Comment","text":"Très juste.","author":{"@type":"Person","name":"Léa"},
                "dateCreated":"2022-05-04T12:00:00Z"},
               {"@type":"Comment","text":"Pas d'accord.","author":"Tom"}]}</script>)";
  const ReadAll all = read_text(page(ld, kParagraphs));
  REQUIRE(all.threads.size() == 1);
  const auto& documents = all.threads[0].documents;
  REQUIRE(documents.size() == 3);
  CHECK(documents[0].title == "Titre LD");
  CHECK(documents[0].date == "2022-05-04");
  CHECK(documents[1].author == "Léa");
  CHECK(documents[1].body == "Très juste.");
  CHECK(documents[1].date == "2022-05-04T12:00:00Z");
  CHECK(documents[2].author == "Tom");
  // An unreadable JSON-LD block is a warning, not a lost page.
  const ReadAll broken =
      read_text(page(R"(<script type="application/ld+json">{"headline": </script>)", kParagraphs));
  REQUIRE(broken.threads.size() == 1);
  REQUIRE(broken.problems.size() == 1);
  CHECK(broken.problems[0].warning);
}

TEST_CASE("the article id: --id, else the canonical URL, else the title", "[ingest][html]") {
  const std::string canonical = "<link rel=\"canonical\" href=\"https://ex.fr/a/1\">";
  const std::string a = read_text(page(canonical + "<title>Un</title>", kParagraphs))
                            .threads.at(0)
                            .documents.at(0)
                            .id;
  const std::string b = read_text(page(canonical + "<title>Un autre titre</title>", kParagraphs))
                            .threads.at(0)
                            .documents.at(0)
                            .id;
  CHECK(a == b);  // a re-scrape with a new headline is the same article
  CHECK(a.starts_with("page-"));
  ReadOptions options;
  options.page_id = "mon-article";
  CHECK(read_text(page(canonical, kParagraphs), options).threads.at(0).documents.at(0).id ==
        "mon-article");
}

TEST_CASE("boilerplate by class, not by a heading's anchor id, and an article in several blocks",
          "[ingest][html]") {
  // A section whose id is its heading's slug ("sharing-…") is text; a share bar is not.
  // Blocks of equal weight (the steps of a how-to) are one article, not its first step.
  std::string steps;
  for (const char* step : {"Premier", "Deuxième", "Troisième", "Quatrième"})
    steps += std::string("<span><div class=\"step\"><div class=\"content\"><p>") + step +
             " conseil, assez long pour compter, avec des virgules, des mots, et encore des "
             "mots pour finir la phrase.</p></div></div></span>";
  const std::string html = page(
      "<title>Partager sans crainte</title>",
      "<div class=\"main\"><div class=\"section\" id=\"sharing-with-a-single-developer\"><h2>"
      "Partager seul</h2><p>Le paragraphe d'une section dont l'ancre est le titre, assez long "
      "pour compter, avec des virgules.</p></div><div class=\"share-buttons\"><p>Partager sur "
      "les réseaux sociaux, Facebook, Twitter, LinkedIn, et par courriel à vos amis.</p></div>" +
          steps + "</div>");
  const ReadAll all =
      read_text(html +
                "<section class=\"c-article-most-popular\"><p>Le plus lu ailleurs, un autre "
                "sujet, assez long pour compter, avec des virgules.</p></section>");
  REQUIRE(all.threads.size() == 1);
  const std::string& body = all.threads[0].documents[0].body;
  CHECK(contains(body, "dont l'ancre est le titre"));
  // A class name says what the node is by its last telling word.
  CHECK_FALSE(contains(body, "Le plus lu ailleurs"));
  CHECK_FALSE(contains(body, "réseaux sociaux"));
  for (const char* step : {"Premier", "Deuxième", "Troisième", "Quatrième"})
    CHECK(contains(body, std::string(step) + " conseil"));
}

TEST_CASE("an article's masthead gives its lead, not its tags, byline and share buttons",
          "[ingest][html]") {
  const std::string lead =
      "Le chapô de l'article, qui résume en une phrase assez longue ce que la suite "
      "raconte, avec ses détails.";
  const ReadAll all = read_text(
      page("<title>Un titre</title>",
           "<article><header><ul class=\"tags\"><li><a href=\"/t/cloud\">Cloud</a></li></ul>"
           "<h1>Un titre</h1><p class=\"author\">Par <a href=\"/a\">Une Autrice</a></p><p>" +
               lead + "</p><p class=\"modification\">Mis à jour le 12 mars</p></header>" +
               "<div><p>Le premier paragraphe de cet article est assez long pour compter, avec "
               "des virgules, des mots.</p><p>Le second paragraphe, lui aussi, raconte la suite "
               "de l'histoire avec assez de mots.</p></div></article>"));
  REQUIRE(all.threads.size() == 1);
  const std::string& body = all.threads[0].documents[0].body;
  INFO(body);
  CHECK(body.rfind(lead, 0) == 0);  // first, as on the page
  CHECK(contains(body, "Le premier paragraphe"));
  for (const char* out : {"Cloud", "Une Autrice", "Mis à jour"}) {
    INFO(out);
    CHECK_FALSE(contains(body, out));
  }
}

TEST_CASE("a boilerplate class around a whole article does not drop the article",
          "[ingest][html]") {
  // France Culture wraps its text in a "share-zone" (select to share): the text wins.
  std::string paragraphs;
  for (int i = 0; i < 12; ++i)
    paragraphs += "<p>Un long paragraphe de l'émission, numéro " + std::to_string(i) +
                  ", qui raconte les idées du jour avec des virgules, des citations, des "
                  "auteurs et assez de mots pour compter deux fois.</p>";
  const ReadAll all = read_text(page(
      "<title>Prendre la parole</title>",
      "<article class=\"content\"><div class=\"share-zone\"><div class=\"text-zone\">" +
          paragraphs + "</div></div><div class=\"share-buttons\"><p>Partager</p></div></article>"));
  INFO((all.problems.empty() ? "" : all.problems[0].to_string()));
  REQUIRE(all.threads.size() == 1);
  const std::string& body = all.threads[0].documents[0].body;
  CHECK(contains(body, "numéro 0,"));
  CHECK(contains(body, "numéro 11,"));
  CHECK_FALSE(contains(body, "Partager"));
}
