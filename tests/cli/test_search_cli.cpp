// crible search and crible entities QUERY, run as a user runs them, on a real index
// of data/sample.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>

#include "../support/process.h"
#include "../support/temp_dir.h"

using crible::test::cli;
using crible::test::run_command;
using crible::test::shell_quote;
using crible::test::TempDir;
using Json = nlohmann::json;

namespace {

// The sample index, built once by `crible index` for the whole test program.
std::string db_arg() {
  static TempDir dir;
  static const std::string arg = [] {
    const std::string sample = std::string(CRIBLE_SOURCE_DIR) + "/data/sample/";
    const std::string db = " --db " + shell_quote((dir / "db").string());
    const auto result =
        run_command(cli() + " index" + db + " " + shell_quote(sample + "news.jsonl") + " " +
                    shell_quote(sample + "page-rachat.txt"));
    REQUIRE(result.status == 0);
    return db;
  }();
  return arg;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    out.push_back(line);
  return out;
}

}  // namespace

TEST_CASE("crible search --json follows the results schema", "[cli][search]") {
  const auto result = run_command(cli() + " search --json" + db_arg() + " économie");
  REQUIRE(result.status == 0);
  const Json out = Json::parse(result.out);
  CHECK(out["query"] == "économie");
  CHECK(out["total"]["value"] == 3);
  CHECK(out["offset"] == 0);
  REQUIRE(out["hits"].size() == 3);
  for (const Json& hit : out["hits"]) {
    for (const char* key :
         {"id", "type", "parent", "score", "title", "snippet", "entities", "date"})
      CHECK(hit.contains(key));
  }
  CHECK(out["hits"][0]["id"] == "a6");  // économie in its title
  const std::string all = out.dump();
  CHECK(all.find("<b>l'économie</b>") != std::string::npos);
  CHECK_FALSE(out.contains("facets"));
}

TEST_CASE("crible search: filters, facets and threads", "[cli][search]") {
  auto result = run_command(cli() + " search --json --facets --threads --entity 'Tik Tok'" +
                            db_arg() + " ''");
  REQUIRE(result.status == 0);
  Json out = Json::parse(result.out);
  CHECK(out["facets"]["entity"][0]["id"] == "tiktok");
  // a1 a1#c1 a1#c4 a3 a3#c2 a6 a8 a8#c1, page-rachat and its first comment
  CHECK(out["facets"]["entity"][0]["count"] == 10);
  for (const Json& hit : out["hits"]) {
    REQUIRE(hit.contains("thread"));
    CHECK(hit["thread"]["matches"].get<int>() >= 1);
  }

  result = run_command(cli() + " search --json --type comment --in-thread-of Pinterest" + db_arg() +
                       " ''");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  CHECK(out["total"]["value"] == 4 + 6);  // the comments of a2 and of page-rachat
  for (const Json& hit : out["hits"])
    CHECK((hit["parent"] == "a2" || hit["parent"] == "page-7351d5f133a37b01"));

  result = run_command(cli() + " search --sort date --limit 2 --offset 1" + db_arg() + " tiktok");
  REQUIRE(result.status == 0);
  CHECK(result.out.find("  2. ") != std::string::npos);
}

TEST_CASE("crible search: spelling, syntax notes and errors", "[cli][search]") {
  auto result = run_command(cli() + " search --no-typos" + db_arg() + " econmie");
  REQUIRE(result.status == 0);
  CHECK(result.out.find("Did you mean: economie") != std::string::npos);

  result = run_command(cli() + " search --json" + db_arg() + " 'rachat AND'");
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["note"] == "'AND' at byte 7 has nothing on its right: ignored");

  result = run_command(cli() + " search" + db_arg() + " entity:Microsfot");
  CHECK(result.status == 1);
  CHECK(result.err.find("microsoft") != std::string::npos);

  result = run_command(cli() + " search" + db_arg() + " --max-wildcard 2 'm*'");
  CHECK(result.status == 1);
  CHECK(result.err.find("wildcard") != std::string::npos);

  CHECK(run_command(cli() + " search" + db_arg()).status == 2);  // no query
  CHECK(run_command(cli() + " search --limit 5000" + db_arg() + " tiktok").status == 2);
  CHECK(run_command(cli() + " search --sort random" + db_arg() + " tiktok").status == 2);
  result = run_command(cli() + " search --db /nonexistent/db tiktok");
  CHECK(result.status == 1);
  CHECK(result.err.find("no index") != std::string::npos);
}

TEST_CASE("crible search --queries: one JSON line per query, errors on their line",
          "[cli][search]") {
  TempDir dir;
  crible::test::write_file(dir / "queries.tsv",
                           "q1\téconomie\nq2\tentity:Microsfot\n\nMicrosoft AND Pinterest\r\n");
  auto result = run_command(cli() + " search --queries " +
                            shell_quote((dir / "queries.tsv").string()) + db_arg());
  CHECK(result.status == 1);  // one query failed
  const auto out = lines(result.out);
  REQUIRE(out.size() == 3);
  CHECK(Json::parse(out[0])["id"] == "q1");
  CHECK(Json::parse(out[0])["total"]["value"] == 3);
  CHECK(Json::parse(out[1])["id"] == "q2");
  CHECK(Json::parse(out[1]).contains("error"));
  CHECK(Json::parse(out[2])["id"] == "4");  // no id: the line number
  CHECK(result.err.find("queries.tsv:2") != std::string::npos);

  result = run_command(cli() + " search --trec myrun --queries -" + db_arg(), "q1\téconomie\n");
  REQUIRE(result.status == 0);
  const auto run = lines(result.out);
  REQUIRE(run.size() == 3);
  const std::regex trec(R"(q1 Q0 \S+ [1-3] -?[0-9.]+ myrun)");
  for (const std::string& line : run)
    CHECK(std::regex_match(line, trec));
}

TEST_CASE("crible entities QUERY counts the entities of the matches", "[cli][entities]") {
  auto result = run_command(cli() + " entities --json --with tiktok" + db_arg() + " rachat");
  REQUIRE(result.status == 0);
  Json out = Json::parse(result.out);
  CHECK(out["with"] == "tiktok");
  for (const Json& entity : out["entities"])
    CHECK(entity["id"] != "tiktok");
  REQUIRE_FALSE(out["entities"].empty());

  result = run_command(cli() + " entities --json --per-article" + db_arg());
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  for (const Json& entity : out["entities"])
    if (entity["id"] == "tiktok") CHECK(entity["articles"] == 5);  // a1 a3 a6 a8 page-rachat
}

TEST_CASE("crible entities --timeline, search --rank recent and --histogram-count, similar",
          "[cli][monitoring]") {
  // data/sample's TikTok articles, counted by reading news.jsonl and page-rachat.txt:
  // a1 a3 a6 a8 and the page, all of February 2021.
  auto result = run_command(cli() + " entities --json --per-article --timeline tiktok " +
                            "--interval month" + db_arg());
  REQUIRE(result.status == 0);
  Json out = Json::parse(result.out);
  CHECK(out["entity"]["id"] == "tiktok");
  CHECK(out["counting"] == "articles");
  CHECK(out["matches"] == 5);
  REQUIRE(out["buckets"].size() == 1);
  CHECK(out["buckets"][0]["key"] == "2021-02");
  CHECK(out["buckets"][0]["count"] == 5);
  result = run_command(cli() + " entities --timeline tiktok" + db_arg());
  REQUIRE(result.status == 0);
  CHECK_THAT(result.out, Catch::Contains("TikTok (tiktok):") && Catch::Contains("2021-W07"));
  result = run_command(cli() + " entities --timeline nobody" + db_arg());
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("nobody"));

  result = run_command(cli() + " search --json --no-snippets --rank recent --half-life 1 " +
                       "--now 2021-02-12" + db_arg() + " 'microsoft OR tiktok'");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  REQUIRE_FALSE(out["hits"].empty());
  result = run_command(cli() + " search --rank recent --now 2021-02-30" + db_arg() + " tiktok");
  CHECK(result.status != 0);
  CHECK_THAT(result.err, Catch::Contains("now: expected an ISO 8601 date"));

  result = run_command(cli() + " search --json --limit 0 --histogram month --histogram-count " +
                       "articles --histogram-entities 2" + db_arg() + " entity:tiktok");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  CHECK(out["histogram"]["counting"] == "articles");
  CHECK(out["histogram"]["buckets"][0]["count"] == 5);
  CHECK(out["histogram"]["buckets"][0]["entities"][0]["id"] == "tiktok");
  CHECK(out["histogram"]["buckets"][0]["entities"][0]["count"] == 5);

  result = run_command(cli() + " similar --json" + db_arg() + " a1");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  REQUIRE_FALSE(out["hits"].empty());
  for (const Json& hit : out["hits"]) {
    CHECK(hit["id"] != "a1");
    CHECK(hit["type"] == "article");
  }
  result = run_command(cli() + " similar" + db_arg() + " no-such-id");
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("no document has the id 'no-such-id'"));
}

TEST_CASE("crible duplicates and search --dedupe: a republished story is one cluster",
          "[cli][dedupe]") {
  TempDir dir;
  // Written for this test: a story and a republication under another headline and
  // another id, with a sentence added; and an unrelated story.
  const std::string story =
      "Le conseil municipal a voté mardi soir le budget de la nouvelle médiathèque, après "
      "trois heures de débats animés entre la majorité et l'opposition. Le projet prévoit "
      "une salle de lecture pour les enfants, un espace numérique ouvert le dimanche et un "
      "auditorium de deux cents places. Les travaux doivent commencer au printemps et durer "
      "dix-huit mois, selon le calendrier présenté par l'adjointe à la culture.";
  const std::string other =
      "Les pêcheurs du port ont manifesté jeudi matin contre la hausse du prix du gazole, "
      "bloquant l'accès au quai pendant plusieurs heures. Ils demandent une aide de l'État "
      "pour compenser des pertes qu'ils jugent insupportables depuis le début de l'année, et "
      "menacent de recommencer la semaine prochaine si rien ne change, a indiqué leur "
      "représentant devant la capitainerie, sous une pluie battante et dans le calme.";
  const auto line = [](const std::string& id, const std::string& title, const std::string& body,
                       const std::string& date) {
    return Json{{"id", id}, {"type", "article"}, {"title", title}, {"body", body}, {"date", date}}
               .dump() +
           "\n";
  };
  crible::test::write_file(dir / "news.jsonl",
                           line("m1", "La médiathèque votée", story, "2024-03-05") +
                               line("m1-repris", "Feu vert pour la médiathèque",
                                    story + " Le maire s'est félicité du vote.", "2024-03-06") +
                               line("p1", "Colère des pêcheurs", other, "2024-03-07"));
  const std::string db = " --db " + shell_quote((dir / "db").string());
  REQUIRE(run_command(cli() + " index" + db + " " + (dir / "news.jsonl").string()).status == 0);
  auto result = run_command(cli() + " duplicates --json" + db);
  REQUIRE(result.status == 0);
  Json out = Json::parse(result.out);
  CHECK(out["total"] == 1);
  REQUIRE(out["clusters"].size() == 1);
  CHECK(out["clusters"][0]["key"] == "m1");
  CHECK(out["clusters"][0]["size"] == 2);
  CHECK(out["clusters"][0]["members"][0]["id"] == "m1");  // oldest first
  CHECK(out["clusters"][0]["members"][1]["id"] == "m1-repris");
  result = run_command(cli() + " duplicates" + db);
  CHECK_THAT(result.out, Catch::Contains("1 cluster of near-duplicates (2 documents)"));
  result = run_command(cli() + " search --json --dedupe" + db + " ''");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  CHECK(out["total"]["value"] == 2);  // two stories
  REQUIRE(out["hits"].size() == 2);
  for (const Json& hit : out["hits"])
    CHECK(hit["cluster"]["duplicates"] == (hit["cluster"]["key"] == "m1" ? 1 : 0));
  result = run_command(cli() + " search --json" + db + " ''");
  CHECK(Json::parse(result.out)["total"]["value"] == 3);
  result = run_command(cli() + " search --dedupe --threads" + db + " ''");
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("dedupe and threads cannot be combined"));
  result = run_command(cli() + " similar --json" + db + " m1");
  REQUIRE(result.status == 0);
  out = Json::parse(result.out);
  REQUIRE_FALSE(out["hits"].empty());
  CHECK(out["hits"][0]["id"] == "m1-repris");
  CHECK(out["hits"][0]["near_duplicate"] == true);
  // Off: no clusters.
  REQUIRE(run_command(cli() + " index --duplicate-similarity 0 --db " +
                      shell_quote((dir / "off").string()) + " " + (dir / "news.jsonl").string())
              .status == 0);
  result = run_command(cli() + " duplicates --json --db " + shell_quote((dir / "off").string()));
  CHECK(Json::parse(result.out)["total"] == 0);
}

TEST_CASE("crible search: a 10 000-term query is a clear, bounded answer", "[cli][search]") {
  std::string many;
  for (int i = 0; i < 10000; ++i)
    many += (i ? " w" : "w") + std::to_string(i);
  // Refused at once, naming the size and the limit; the next batch line still runs.
  auto result =
      run_command(cli() + " search --queries -" + db_arg(), "big\t" + many + "\nsmall\ttiktok\n");
  CHECK(result.status == 1);
  CHECK(result.err.find("query big: query has 10000 terms, over the limit of 1024") !=
        std::string::npos);
  const auto out = lines(result.out);
  REQUIRE(out.size() == 2);
  CHECK(Json::parse(out[0]).contains("error"));
  CHECK(Json::parse(out[1])["total"]["value"].get<int>() > 0);
  // With the limit raised, answered (OR: the one known word matches).
  const std::string some = many.substr(0, many.find(" w3000"));
  result = run_command(cli() + " search --json --max-query-terms 5000 --default-op or" + db_arg() +
                       " " + shell_quote(some + " tiktok"));
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["total"]["value"].get<int>() > 0);
}

// Issue 14's CLI cases, each as it was reported.
TEST_CASE("crible search: a query may start with '-', as a positional or after --",
          "[cli][search]") {
  const auto total = [](const std::string& args) {
    const auto result = run_command(cli() + " search --json --limit 0" + db_arg() + " " + args);
    REQUIRE(result.status == 0);
    return Json::parse(result.out)["total"]["value"].get<long>();
  };
  const long every = total("''");
  const long tiktok = total("tiktok");
  REQUIRE(tiktok > 0);
  REQUIRE(every > tiktok);
  CHECK(total("-tiktok") == every - tiktok);
  CHECK(total("-- -tiktok") == every - tiktok);
  CHECK(total("-- " + shell_quote("-tiktok rachat")) == total(shell_quote("rachat NOT tiktok")));
  CHECK(total(shell_quote("NOT tiktok")) == every - tiktok);
}

TEST_CASE("crible analyze --query compiles as crible search does", "[cli][search]") {
  // --json prints JSON.
  auto result =
      run_command(cli() + " analyze --query --json" + db_arg() + " " + shell_quote("rachat NOT"));
  REQUIRE(result.status == 0);
  const Json parsed = Json::parse(result.out);
  CHECK(parsed["query"] == "rachat NOT");
  CHECK(parsed["parsed"] == "Query(Zrachat@1)");
  CHECK(parsed["note"] == "'NOT' at byte 7 has nothing on its right: ignored");
  // The same verdict as search, accepted or refused, with or without an index.
  for (const std::string query :
       {"a* mutt", "entity:Microsfot", "date:2021-02-30", "m*", "mutt", "tiktok OR (rachat"}) {
    INFO(query);
    const auto search =
        run_command(cli() + " search --max-wildcard 2" + db_arg() + " " + shell_quote(query));
    const auto analyze = run_command(cli() + " analyze --query --max-wildcard 2" + db_arg() + " " +
                                     shell_quote(query));
    CHECK(search.status == analyze.status);
  }
  result = run_command(cli() + " search --json" + db_arg() + " " + shell_quote("a* mutt"));
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["parsed"] ==
        Json::parse(
            run_command(cli() + " analyze --query --json" + db_arg() + " " + shell_quote("a* mutt"))
                .out)["parsed"]);
  // --default-op as search's.
  result = run_command(cli() + " analyze --query --default-op or " + shell_quote("rachat tiktok"));
  REQUIRE(result.status == 0);
  CHECK(result.out == "Query((Zrachat@1 OR Ztiktok@2))\n");
  result = run_command(cli() + " analyze --query --default-op or" + db_arg() + " " +
                       shell_quote("rachat tiktok"));
  REQUIRE(result.status == 0);
  CHECK(result.out == "Query((Zrachat@1 OR Ztiktok@2))\n");
  CHECK(run_command(cli() + " analyze --default-op or rachat").status == 2);  // needs --query
  // --query-lang as search's, said on stderr and in JSON.
  result = run_command(cli() + " analyze --query --query-lang en walking");
  REQUIRE(result.status == 0);
  CHECK(result.out == "Query((Zwalking@1 SYNONYM Zwalk))\n");
  CHECK(result.err == "query language: en (option)\n");
  result = run_command(cli() + " search --json --query-lang en" + db_arg() + " walking");
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["query_language"] == Json{{"code", "en"}, {"source", "option"}});
  CHECK(Json::parse(result.out)["parsed"] == "Query((Zwalking@1 SYNONYM Zwalk))");
  result = run_command(cli() + " search --query-lang de" + db_arg() + " walking");
  CHECK(result.status != 0);
  CHECK_THAT(result.err, Catch::Contains("query language 'de'"));
  CHECK(run_command(cli() + " analyze --query --lang en walking").status == 2);  // --query-lang
}

TEST_CASE("crible search: a spelling suggestion keeps the query's operators", "[cli][search]") {
  const auto result = run_command(cli() + " search --json --no-typos" + db_arg() + " " +
                                  shell_quote("econmie NOT tiktok"));
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["suggestion"] == "economie NOT tiktok");
}
