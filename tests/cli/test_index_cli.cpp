// crible index | get | delete | stats | check | compact, and Xapian's own tools,
// run as a user runs them.

#include <catch2/catch.hpp>
#include <iostream>
#include <nlohmann/json.hpp>

#include "../support/process.h"
#include "../support/temp_dir.h"

using crible::test::cli;
using crible::test::run_command;
using crible::test::shell_quote;
using crible::test::TempDir;

namespace {

std::string sample(const std::string& name) {
  return shell_quote(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/" + name);
}

std::string db_arg(const TempDir& dir) {
  return " --db " + shell_quote((dir / "db").string());
}

bool have(const char* tool) {
  return run_command(std::string("command -v ") + tool).status == 0;
}

}  // namespace

TEST_CASE("crible index: the sample data, then get, stats, check", "[cli][index]") {
  TempDir dir;
  auto result = run_command(cli() + " index --json" + db_arg(dir) + " " + sample("news.jsonl") +
                            " " + sample("page-rachat.txt"));
  REQUIRE(result.status == 0);
  const auto summary = nlohmann::json::parse(result.out);
  CHECK(summary["documents"] == 29 + 7);
  CHECK(summary["by_type"]["comment"] == 21 + 6);
  CHECK(summary["skipped"] == 0);
  CHECK(summary["orphans"] == 1);
  CHECK(summary["stored"]["raw"].get<double>() > 0);

  result = run_command(cli() + " get" + db_arg(dir) + " a1");
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["id"] == "a1");

  result = run_command(cli() + " stats --json" + db_arg(dir));
  REQUIRE(result.status == 0);
  const auto stats = nlohmann::json::parse(result.out);
  CHECK(stats["documents"] == 36);
  CHECK(stats["by_type"]["article"] == 9);
  CHECK(stats["by_type"]["comment"] == 27);
  // Every line of news.jsonl has a date; the page's comments have none.
  CHECK(stats["undated"]["article"] == 0);
  CHECK(stats["undated"]["comment"] == 6);
  CHECK(stats["schema"]["format"] == 4);

  result = run_command(cli() + " check" + db_arg(dir));
  CHECK(result.status == 0);
  CHECK(result.out.find(": ok") != std::string::npos);
}

TEST_CASE("crible index: a re-scraped page replaces its thread, stats count the undated",
          "[cli][index][rescrape]") {
  TempDir dir;
  auto result =
      run_command(cli() + " index --json" + db_arg(dir) + " " + sample("article-nuage.html"));
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["documents"] == 4);

  // The same page with its last comment gone and no date anywhere (the embedded tweet's
  // date would date the article as a last resort).
  std::string page =
      crible::test::read_file(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/article-nuage.html");
  const auto last = page.find("<li class=\"comment even thread-odd depth-1\"");
  REQUIRE(last != std::string::npos);
  page.erase(last, page.find("</ol>", last) - last);
  for (const std::string date_marker : {"datePublished", "dateModified", "article:published_time",
                                        "article:modified_time", "datetime=", "March 11, 2024"})
    for (auto at = page.find(date_marker); at != std::string::npos; at = page.find(date_marker))
      page.replace(at, date_marker.size(), "data-removed");
  crible::test::write_file(dir / "page.html", page);
  result = run_command(cli() + " index --json" + db_arg(dir) + " " +
                       shell_quote((dir / "page.html").string()));
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["documents"] == 3);
  result = run_command(cli() + " stats --json" + db_arg(dir));
  REQUIRE(result.status == 0);
  auto stats = nlohmann::json::parse(result.out);
  CHECK(stats["documents"] == 3);
  CHECK(stats["undated"]["article"] == 1);
  CHECK(stats["undated"]["comment"] == 2);

  // The caller's date fills the article's gap.
  result = run_command(cli() + " index --date 2024-03-12" + db_arg(dir) + " " +
                       shell_quote((dir / "page.html").string()));
  REQUIRE(result.status == 0);
  stats = nlohmann::json::parse(run_command(cli() + " stats --json" + db_arg(dir)).out);
  CHECK(stats["undated"]["article"] == 0);
  result = run_command(cli() + " stats" + db_arg(dir));
  CHECK(result.out.find("undated     0 articles, 2 comments") != std::string::npos);
}

TEST_CASE("crible index: bad lines are reported, counted, skipped, exit 1 unless --skip-bad",
          "[cli][index]") {
  TempDir dir;
  crible::test::write_file(
      dir / "bad.jsonl",
      "{\"id\":\"a\",\"body\":\"bon\"}\n{oops\n{\"id\":\"b\"}\n{\"id\":\"c\",\"body\":\"bon\"}\n");
  const std::string input = " " + shell_quote((dir / "bad.jsonl").string());
  auto result = run_command(cli() + " index --json" + db_arg(dir) + input);
  CHECK(result.status == 1);
  CHECK(result.err.find("bad.jsonl:2: malformed JSON") != std::string::npos);
  CHECK(result.err.find("bad.jsonl:3: missing required field \"body\"") != std::string::npos);
  CHECK(nlohmann::json::parse(result.out)["skipped"] == 2);
  CHECK(nlohmann::json::parse(result.out)["documents"] == 2);
  result = run_command(cli() + " index --skip-bad" + db_arg(dir) + input);
  CHECK(result.status == 0);
}

TEST_CASE("crible index: an empty input is fine, stdin works", "[cli][index]") {
  TempDir dir;
  crible::test::write_file(dir / "empty.jsonl", "");
  auto result = run_command(cli() + " index --json" + db_arg(dir) + " " +
                            shell_quote((dir / "empty.jsonl").string()));
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["documents"] == 0);
  result = run_command(cli() + " index --json" + db_arg(dir) + " -",
                       "{\"id\":\"s\",\"body\":\"stdin\"}\n");
  REQUIRE(result.status == 0);
  CHECK(nlohmann::json::parse(result.out)["documents"] == 1);
}

TEST_CASE("crible delete and get on a missing id", "[cli][index]") {
  TempDir dir;
  REQUIRE(run_command(cli() + " index" + db_arg(dir) + " " + sample("news.jsonl")).status == 0);
  auto result = run_command(cli() + " delete" + db_arg(dir) + " a1 a2");
  CHECK(result.status == 0);
  result = run_command(cli() + " get" + db_arg(dir) + " a1");
  CHECK(result.status == 1);
  CHECK(result.err.find("no document with id 'a1'") != std::string::npos);
  CHECK(run_command(cli() + " delete" + db_arg(dir) + " a1").status == 1);
}

TEST_CASE("crible compact and index --compact leave a single-file index", "[cli][index]") {
  TempDir dir;
  REQUIRE(run_command(cli() + " index" + db_arg(dir) + " " + sample("news.jsonl")).status == 0);
  const std::string single = shell_quote((dir / "single.glass").string());
  REQUIRE(run_command(cli() + " compact" + db_arg(dir) + " --out " + single).status == 0);
  CHECK(run_command(cli() + " get --db " + single + " a1").status == 0);
  TempDir other;
  REQUIRE(
      run_command(cli() + " index --compact" + db_arg(other) + " " + sample("news.jsonl")).status ==
      0);
  CHECK(std::filesystem::is_regular_file(other / "db"));
  CHECK(run_command(cli() + " check" + db_arg(other)).status == 0);
}

TEST_CASE("crible on a missing index or input: clear errors, exit 1", "[cli][index]") {
  TempDir dir;
  auto result = run_command(cli() + " stats" + db_arg(dir));
  CHECK(result.status == 1);
  CHECK(result.err.find("no index at") != std::string::npos);
  result = run_command(cli() + " index" + db_arg(dir) + " /nonexistent.jsonl");
  CHECK(result.status == 1);
  CHECK(result.err.find("/nonexistent.jsonl") != std::string::npos);
}

TEST_CASE("Xapian's own tools read a crible index", "[cli][index][xapian-tools]") {
  if (!have("quest") || !have("xapian-delve") || !have("xapian-check")) {
    std::cout << "SKIPPED: xapian-tools (quest, xapian-delve, xapian-check) not installed\n";
    return;
  }
  TempDir dir;
  REQUIRE(run_command(cli() + " index" + db_arg(dir) + " " + sample("news.jsonl")).status == 0);
  const std::string db = shell_quote((dir / "db").string());
  auto result = run_command("xapian-check " + db);
  CHECK(result.status == 0);
  result = run_command("xapian-delve -t Zmicrosoft " + db);
  CHECK(result.status == 0);
  CHECK(result.out.find("Zmicrosoft") != std::string::npos);
  // quest with crible's conventions: French stems under Z (quest -s french makes them).
  result = run_command("quest -s french -d " + db + " microsoft");
  CHECK(result.status == 0);
  CHECK(result.out.find("Query(Zmicrosoft@1)") != std::string::npos);
  CHECK(result.out.find("Exactly 5 matches") != std::string::npos);
}

TEST_CASE("the seed page through the CLI: 1 article, 8 comments", "[cli][index][seed]") {
  const auto seed = crible::test::shared_path("seeds/000_cc430da7135b5cd5.txt");
  if (!std::filesystem::exists(seed)) {
    std::cout << "SKIPPED: seed page not found at " << seed << "\n";
    return;
  }
  TempDir dir;
  auto result = run_command(cli() + " index --json --id tiktok" + db_arg(dir) + " " +
                            shell_quote(seed.string()));
  REQUIRE(result.status == 0);
  const auto summary = nlohmann::json::parse(result.out);
  CHECK(summary["by_type"]["article"] == 1);
  CHECK(summary["by_type"]["comment"] == 8);
  result = run_command(cli() + " search --json" + db_arg(dir) + " 'type:comment nokia'");
  REQUIRE(result.status == 0);
  const auto hits = nlohmann::json::parse(result.out)["hits"];
  REQUIRE(hits.size() == 1);
  result = run_command(cli() + " get" + db_arg(dir) + " " +
                       shell_quote(hits[0]["id"].get<std::string>()));
  REQUIRE(result.status == 0);
  const auto comment = nlohmann::json::parse(result.out);
  CHECK(comment["order"] == 3);
  CHECK(comment["quote"].get<std::string>().find("LinkedIn") != std::string::npos);
  CHECK(comment["body"].get<std::string>().find("Nokia") != std::string::npos);
}

TEST_CASE("crible entities: top entities and co-occurrence", "[cli][entities]") {
  TempDir dir;
  const std::string gazetteer = " --entities " + shell_quote(std::string(CRIBLE_SOURCE_DIR) +
                                                             "/tests/data/test-entities.tsv");
  REQUIRE(run_command(cli() + " index" + db_arg(dir) + " " + sample("news.jsonl")).status == 0);
  auto result = run_command(cli() + " entities --json" + db_arg(dir));
  REQUIRE(result.status == 0);
  auto top = nlohmann::json::parse(result.out)["entities"];
  REQUIRE(top.size() >= 3);
  CHECK(top[0]["documents"].get<int>() >= top[1]["documents"].get<int>());
  result = run_command(cli() + " entities --json --with 'Tik Tok'" + gazetteer + db_arg(dir));
  REQUIRE(result.status == 0);
  const auto with = nlohmann::json::parse(result.out);
  CHECK(with["with"] == "tiktok");
  for (const auto& entity : with["entities"])
    CHECK(entity["id"] != "tiktok");
  result = run_command(cli() + " entities --with microsfot" + gazetteer + db_arg(dir));
  CHECK(result.status == 1);
  CHECK(result.err.find("closest known: microsoft") != std::string::npos);
}

TEST_CASE("crible analyze --json lists the entities found", "[cli][entities]") {
  const std::string gazetteer = " --entities " + shell_quote(std::string(CRIBLE_SOURCE_DIR) +
                                                             "/tests/data/test-entities.tsv");
  const auto result = run_command(cli() + " analyze --json" + gazetteer + " " +
                                  shell_quote("Le rachat d'Oracle par @Microsoft"));
  REQUIRE(result.status == 0);
  const auto entities = nlohmann::json::parse(result.out)["entities"];
  REQUIRE(entities.size() == 2);
  CHECK(entities[0]["id"] == "oracle");
  CHECK(entities[0]["text"] == "d'Oracle");
  CHECK(entities[1]["id"] == "microsoft");
  CHECK(entities[1]["type"] == "ORG");
}
