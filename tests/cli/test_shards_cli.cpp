// crible index --shards, search/get/check/stats/compact over shards, and remote shards
// that stop answering, run as a user runs them.

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "../support/process.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"

using crible::test::cli;
using crible::test::run_command;
using crible::test::shell_quote;
using crible::test::TempDir;
using Json = nlohmann::json;

namespace {

std::string sample() {
  return shell_quote(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/news.jsonl");
}

std::string db(const std::filesystem::path& path) {
  return " --db " + shell_quote(path.string());
}

Json search_json(const std::filesystem::path& path, const std::string& query,
                 const std::string& flags = "") {
  const auto result =
      run_command(cli() + " search --json --facets" + db(path) + flags + " " + shell_quote(query));
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out);
}

}  // namespace

TEST_CASE("crible index --shards builds shards that every command reads as one index",
          "[cli][shards]") {
  TempDir dir;
  REQUIRE(run_command(cli() + " index" + db(dir / "one") + " " + sample()).status == 0);
  auto result =
      run_command(cli() + " index --json --shards 3" + db(dir / "three") + " " + sample());
  INFO(result.err);
  REQUIRE(result.status == 0);
  CHECK(Json::parse(result.out)["documents"] == 29);
  CHECK(std::filesystem::exists(dir / "three/shard-2"));

  for (const char* query : {"rachat", "entity:microsoft", "\"réseau social\"", ""}) {
    INFO(query);
    const Json one = search_json(dir / "one", query), three = search_json(dir / "three", query);
    CHECK(one["total"] == three["total"]);
    CHECK(one["facets"] == three["facets"]);
    CHECK(three["partial"] == false);
  }
  CHECK(run_command(cli() + " get" + db(dir / "three") + " a1").status == 0);
  // Xapian's own quest opens the directory's stub as one database.
  result = run_command("quest -s french -d " + shell_quote((dir / "three").string()) + " tiktok");
  if (result.status == 127) {
    WARN("SKIPPED: quest (xapian-tools) not installed");
  } else {
    CHECK(result.status == 0);
    CHECK(result.out.find("Exactly 4 matches") != std::string::npos);
  }
  CHECK(run_command(cli() + " check" + db(dir / "three")).status == 0);
  result = run_command(cli() + " stats --json" + db(dir / "three"));
  CHECK(Json::parse(result.out)["documents"] == 29);

  // The count of an existing index cannot change.
  result = run_command(cli() + " index --shards 2" + db(dir / "three") + " " + sample());
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("has 3 shards"));

  // compact merges; index --compact compacts each shard in place.
  REQUIRE(run_command(cli() + " compact" + db(dir / "three") + " --out " +
                      shell_quote((dir / "merged").string()))
              .status == 0);
  CHECK(search_json(dir / "merged", "rachat")["total"] ==
        search_json(dir / "one", "rachat")["total"]);
  REQUIRE(run_command(cli() + " index --compact --shards 2" + db(dir / "two") + " " + sample())
              .status == 0);
  CHECK(std::filesystem::is_regular_file(dir / "two/shard-0"));
  CHECK(search_json(dir / "two", "rachat")["total"] ==
        search_json(dir / "one", "rachat")["total"]);
}

TEST_CASE(
    "crible search over remote shards: a dead one is named, or left out with "
    "--allow-partial",
    "[cli][shards][remote]") {
  if (!crible::test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  REQUIRE(run_command(cli() + " index --shards 2" + db(dir / "s") + " " + sample()).status == 0);
  crible::test::XapianTcpServer shard0(dir / "s/shard-0"), shard1(dir / "s/shard-1");
  crible::test::write_file(dir / "remote.stub",
                           shard0.stub_line() + "\n" + shard1.stub_line() + "\n");
  const Json full = search_json(dir / "remote.stub", "");
  CHECK(full["total"]["value"] == 29);

  shard0.kill();
  const std::string dead = "remote:tcp(127.0.0.1:" + std::to_string(shard0.port()) + ")";
  auto result = run_command(cli() + " search" + db(dir / "remote.stub") + " rachat");
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("shard " + dead + " is unavailable"));
  result = run_command(cli() + " get" + db(dir / "remote.stub") + " a1");
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains(dead));

  result = run_command(cli() + " search --json --allow-partial" + db(dir / "remote.stub") + " ''");
  INFO(result.err);
  REQUIRE(result.status == 0);
  const Json partial = Json::parse(result.out);
  CHECK(partial["partial"] == true);
  CHECK(partial["missing_shards"] == Json::array({dead}));
  CHECK(partial["total"]["value"] < 29);
  CHECK_THAT(result.err, Catch::Contains("partial results"));
  result = run_command(cli() + " entities --json --allow-partial" + db(dir / "remote.stub"));
  CHECK(result.status == 0);
  CHECK(Json::parse(result.out)["partial"] == true);

  shard0.restart();
  CHECK(search_json(dir / "remote.stub", "")["total"]["value"] == 29);
}
