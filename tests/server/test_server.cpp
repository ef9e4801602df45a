// crible-server as it runs: a real process on a loopback port, real HTTP, a real
// index of data/sample. Every endpoint, every error status, auth, limits, slow
// clients, concurrent reads and writes, SIGTERM while busy.

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "../support/http.h"
#include "../support/process.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"

using namespace crible;
using test::HttpResult;
using test::ServerProcess;
using test::TempDir;
using Json = nlohmann::json;

namespace {

constexpr const char* kToken = "s3cret-token-for-tests-0123456789";

// A fresh copy of the sample index, for a server that may write to it.
std::filesystem::path sample_index(const TempDir& dir) {
  const std::filesystem::path db = dir / "db";
  IndexWriter writer = IndexWriter::open(db);
  DocumentReader reader(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/news.jsonl");
  Document document;
  while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
    writer.add(document);
  writer.close();
  return db;
}

std::vector<std::string> with_token(const TempDir& dir, std::vector<std::string> arguments = {}) {
  test::write_file(dir / "token", std::string(kToken) + "\n");
  arguments.insert(arguments.end(), {"--token-file", (dir / "token").string()});
  return arguments;
}

const std::map<std::string, std::string> kAuth = {
    {"Authorization", std::string("Bearer ") + kToken}};

Json json_of(const HttpResult& result) {
  INFO(result.body);
  return Json::parse(result.body);
}

void check_error(const HttpResult& result, int status) {
  INFO(result.body);
  CHECK(result.status == status);
  const Json body = Json::parse(result.body);
  CHECK(body["error"]["code"].is_string());
  CHECK(body["error"]["message"].is_string());
}

}  // namespace

TEST_CASE("crible-server answers every read endpoint", "[server]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--threads", "2"});
  const int port = server.port();

  HttpResult result = test::http_request(port, "GET", "/healthz");
  CHECK(result.status == 200);
  CHECK(json_of(result)["status"] == "ok");
  result = test::http_request(port, "GET", "/readyz");
  CHECK(result.status == 200);
  CHECK(json_of(result)["documents"] == 29);

  result = test::http_request(port, "GET", "/v1/search?q=" + test::url_encode("L’ÉCONOMIE"));
  REQUIRE(result.status == 200);
  CHECK(result.headers["content-type"] == "application/json");
  Json body = json_of(result);
  CHECK(body["total"] == 3);
  CHECK(body["hits"][0]["id"] == "a6");
  CHECK(body.dump().find("<b>l'économie</b>") != std::string::npos);

  result = test::http_request(
      port, "GET", "/v1/search?q=&entity=Tik%20Tok&type=comment&facets=entity&threads=1&limit=2");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["hits"].size() == 2);
  CHECK(body["facets"]["entity"][0]["id"] == "tiktok");
  CHECK(body["hits"][0].contains("thread"));

  result = test::http_request(port, "GET", "/v1/search?q=rachat&date=2021-02-19");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["total"] == 1);

  result = test::http_request(port, "GET", "/v1/entities?with=tiktok&limit=3");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["with"] == "tiktok");
  CHECK(body["entities"].size() == 3);
  for (std::size_t i = 0; i < body["entities"].size(); ++i) {
    CHECK(body["entities"][i]["id"] != "tiktok");
    if (i > 0) CHECK(body["entities"][i - 1]["documents"] >= body["entities"][i]["documents"]);
  }

  result = test::http_request(port, "GET", "/v1/documents/" + test::url_encode("a1#c2"));
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["parent"] == "a1");

  result = test::http_request(port, "GET", "/openapi.json");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["openapi"] == "3.0.3");
  CHECK(body["paths"].contains("/v1/search"));

  result = test::http_request(port, "GET", "/metrics");
  REQUIRE(result.status == 200);
  CHECK(result.headers["content-type"].rfind("text/plain", 0) == 0);
  CHECK(result.body.find("crible_http_requests_total{route=\"/v1/search\",status=\"200\"} 3") !=
        std::string::npos);
  CHECK(result.body.find("crible_http_request_duration_seconds_bucket") != std::string::npos);
  CHECK(result.body.find("crible_index_documents 29") != std::string::npos);
  CHECK(server.terminate() == 0);
}

TEST_CASE("crible-server errors: 400, 404, 405, with JSON bodies and no internals", "[server]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--max-wildcard", "5"});
  const int port = server.port();
  check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&limit=101"), 400);
  check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&offset=10001"), 400);
  check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&sort=random"), 400);
  check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&date=yesterday"), 400);
  check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&date=2021-13"), 400);
  check_error(test::http_request(port, "GET", "/v1/search?q=%zz"), 400);
  HttpResult unknown = test::http_request(port, "GET", "/v1/search?q=entity:Microsfot");
  check_error(unknown, 400);
  CHECK(unknown.body.find("microsoft") != std::string::npos);  // the closest one
  check_error(test::http_request(port, "GET", "/v1/search?q=" + std::string(3000, 'a')), 400);
  // Query terms (64 by default) are counted once parsed, whatever separates them, in
  // q, in_thread_of and the entities' q alike.
  const auto words = [](int count, const std::string& separator) {
    std::string out;
    for (int i = 0; i < count; ++i)
      out += (i ? separator : "") + "w" + std::to_string(i);
    return out;
  };
  HttpResult many = test::http_request(port, "GET", "/v1/search?q=" + words(80, "+"));
  check_error(many, 400);
  CHECK(many.body.find("80 terms, over the limit of 64") != std::string::npos);
  check_error(test::http_request(port, "GET", "/v1/search?q=" + words(65, ",")), 400);
  CHECK(test::http_request(port, "GET", "/v1/search?q=" + words(64, ",")).status == 200);
  check_error(test::http_request(port, "GET", "/v1/search?q=oracle&in_thread_of=" + words(65, ",")),
              400);
  check_error(test::http_request(port, "GET", "/v1/entities?q=" + words(65, ",")), 400);
  // 10 000 terms do not fit in a request line: refused before any parsing.
  CHECK(test::http_request(port, "GET", "/v1/search?q=" + words(10000, "+")).status == 431);
  check_error(test::http_request(port, "GET", "/v1/search?q=a*"), 400);  // wildcard limit
  check_error(test::http_request(port, "GET", "/v1/documents/nope"), 404);
  check_error(test::http_request(port, "GET", "/v2/anything"), 404);
  HttpResult wrong = test::http_request(port, "PUT", "/v1/search");
  check_error(wrong, 405);
  CHECK(wrong.headers["allow"] == "GET");
  HttpResult syntax = test::http_request(port, "GET", "/v1/search?q=rachat%20AND");
  CHECK(syntax.status == 200);
  CHECK(json_of(syntax)["note"].get<std::string>().find("syntax error") == 0);
}

TEST_CASE("crible-server writes need the token and are visible to searches", "[server]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  {
    ServerProcess read_only(db, {});
    check_error(test::http_request(read_only.port(), "POST", "/v1/documents", "{}", kAuth), 403);
  }
  ServerProcess server(db, with_token(dir));
  const int port = server.port();
  // The server holds the index's write lock: another process's writer is told so.
  const auto second =
      test::run_command(test::cli() + " delete --db " + test::shell_quote(db.string()) + " a1");
  CHECK(second.status == 1);
  CHECK(second.err.find("cannot be locked for writing") != std::string::npos);
  const std::string lines =
      "{\"id\":\"n1\",\"title\":\"Pinterest rachète une start-up\",\"body\":\"Pinterest annonce le "
      "rachat de Huddle.\"}\n"
      "not json\n"
      "{\"id\":\"n1#c1\",\"parent\":\"n1\",\"body\":\"Encore un rachat !\"}\n";
  check_error(test::http_request(port, "POST", "/v1/documents", lines), 401);
  check_error(test::http_request(port, "POST", "/v1/documents", lines,
                                 {{"Authorization", "Bearer wrong-token-0123456789abc"}}),
              401);
  HttpResult posted = test::http_request(port, "POST", "/v1/documents", lines, kAuth);
  REQUIRE(posted.status == 200);
  Json body = json_of(posted);
  CHECK(body["indexed"] == 2);
  REQUIRE(body["errors"].size() == 1);
  CHECK(body["errors"][0]["line"] == 2);

  HttpResult found = test::http_request(port, "GET", "/v1/search?q=huddle");
  CHECK(json_of(found)["total"] == 1);
  CHECK(test::http_request(port, "GET", "/v1/documents/" + test::url_encode("n1#c1")).status ==
        200);

  // A page, as text.
  const std::string page =
      "Microsoft et TikTok : la saga continue\n\nLe groupe de Redmond n'a pas dit son dernier "
      "mot dans le dossier TikTok, selon plusieurs sources.\n";
  posted = test::http_request(port, "POST", "/v1/documents?id=saga", page,
                              {{"Authorization", std::string("Bearer ") + kToken},
                               {"Content-Type", "text/plain; charset=utf-8"}});
  REQUIRE(posted.status == 200);
  CHECK(test::http_request(port, "GET", "/v1/documents/saga").status == 200);

  check_error(test::http_request(port, "POST", "/v1/documents", "garbage\n", kAuth), 400);
  // Bytes that start like a zstd frame but do not decode: 400, not 500.
  check_error(test::http_request(port, "POST", "/v1/documents",
                                 std::string("\x28\xb5\x2f\xfd\x00\x58garbage", 13), kAuth),
              400);
  check_error(test::http_request(port, "POST", "/v1/documents", "", kAuth), 400);

  // Ids no index can hold: not found, or refused alone, and the writer goes on.
  const std::string long_id(300, 'x');
  check_error(test::http_request(port, "DELETE", "/v1/documents/" + long_id, "", kAuth), 404);
  check_error(test::http_request(port, "GET", "/v1/documents/" + long_id), 404);
  HttpResult too_long = test::http_request(
      port, "POST", "/v1/documents?id=" + long_id, page,
      {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "text/plain"}});
  check_error(too_long, 400);
  CHECK_THAT(json_of(too_long)["errors"][0]["message"].get<std::string>(),
             Catch::Contains("longer than 200 bytes"));
  CHECK(
      test::http_request(port, "POST", "/v1/documents", "{\"id\":\"n2\",\"body\":\"suite\"}", kAuth)
          .status == 200);

  check_error(test::http_request(port, "DELETE", "/v1/documents/n1"), 401);
  HttpResult deleted = test::http_request(port, "DELETE", "/v1/documents/n1", "", kAuth);
  CHECK(deleted.status == 200);
  check_error(test::http_request(port, "GET", "/v1/documents/n1"), 404);
  check_error(test::http_request(port, "DELETE", "/v1/documents/n1", "", kAuth), 404);
  CHECK(server.terminate() == 0);
}

TEST_CASE("crible-server can require the token for reads too", "[server]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir, {"--auth-reads"}));
  check_error(test::http_request(server.port(), "GET", "/v1/search?q=tiktok"), 401);
  CHECK(test::http_request(server.port(), "GET", "/v1/search?q=tiktok", "", kAuth).status == 200);
  CHECK(test::http_request(server.port(), "GET", "/healthz").status == 200);  // probes stay open
}

TEST_CASE("crible-server limits: bodies, chunked bodies, headers", "[server][limits]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir, {"--max-body-mb", "1", "--max-headers",
                                                           "16", "--max-header-bytes", "4096"}));
  const int port = server.port();
  const std::string big(2 << 20, 'x');
  check_error(test::http_request(port, "POST", "/v1/documents", big, kAuth), 413);

  // Chunked: the limit counts the decoded body, whatever the chunk sizes say.
  test::RawConnection chunked(port);
  std::string request = "POST /v1/documents HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " +
                        std::string(kToken) + "\r\nTransfer-Encoding: chunked\r\n\r\n";
  chunked.send(request);
  const std::string chunk(64 * 1024, 'y');
  for (int i = 0; i < 40 && chunked.send("10000\r\n" + chunk + "\r\n"); ++i) {
  }
  const std::string answer = chunked.receive(std::chrono::seconds(5));
  CHECK(answer.rfind("HTTP/1.1 413", 0) == 0);

  std::map<std::string, std::string> headers;
  for (int i = 0; i < 20; ++i)
    headers["X-Filler-" + std::to_string(i)] = "1";
  check_error(test::http_request(port, "GET", "/healthz", "", headers), 431);
  check_error(test::http_request(port, "GET", "/healthz", "", {{"X-Big", std::string(6000, 'z')}}),
              431);
  // Still serving.
  CHECK(test::http_request(port, "GET", "/healthz").status == 200);
}

TEST_CASE("crible-server answers 503 when no worker can take a request", "[server][limits]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--threads", "1", "--queue", "0"});
  const HttpResult busy = test::http_request(server.port(), "GET", "/v1/search?q=tiktok");
  check_error(busy, 503);
  CHECK(busy.headers.at("retry-after") == "1");
  CHECK(server.terminate() == 0);
}

TEST_CASE("crible-server takes its token from CRIBLE_TOKEN too", "[server]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  ::setenv("CRIBLE_TOKEN", kToken, 1);
  ServerProcess server(db, {});
  ::unsetenv("CRIBLE_TOKEN");
  const std::string line = "{\"id\":\"env\",\"body\":\"Un document.\"}\n";
  check_error(test::http_request(server.port(), "POST", "/v1/documents", line), 401);
  CHECK(test::http_request(server.port(), "POST", "/v1/documents", line, kAuth).status == 200);
}

TEST_CASE("crible-server: slow clients are cut off and do not stop others", "[server][limits]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--threads", "1", "--read-timeout-ms", "1000"});
  const int port = server.port();
  std::vector<std::unique_ptr<test::RawConnection>> slow;
  for (int i = 0; i < 16; ++i) {
    slow.push_back(std::make_unique<test::RawConnection>(port));
    slow.back()->send("GET /v1/search?q=tiktok HTTP/1.1\r\nHo");  // and nothing more
  }
  const auto start = std::chrono::steady_clock::now();
  CHECK(test::http_request(port, "GET", "/v1/search?q=tiktok").status == 200);
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::milliseconds(900));
  for (auto& connection : slow) {
    connection->receive(std::chrono::seconds(3));
    CHECK(connection->closed());
  }
}

TEST_CASE("crible-server: searches while documents are posted", "[server]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir, {"--threads", "2"}));
  const int port = server.port();
  std::atomic<int> failures{0};
  std::atomic<bool> writing{true};
  std::thread writer([&] {
    for (int batch = 0; batch < 10; ++batch) {
      std::string lines;
      for (int i = 0; i < 5; ++i)
        lines += "{\"id\":\"w" + std::to_string(batch) + "-" + std::to_string(i) +
                 "\",\"body\":\"Le lot numéro " + std::to_string(batch) +
                 " parle de Pinterest et de zeppelins.\"}\n";
      if (test::http_request(port, "POST", "/v1/documents", lines, kAuth).status != 200) ++failures;
    }
    writing = false;
  });
  std::vector<std::thread> readers;
  for (int r = 0; r < 3; ++r)
    readers.emplace_back([&] {
      while (writing)
        if (test::http_request(port, "GET", "/v1/search?q=zeppelins&facets=entity").status != 200)
          ++failures;
    });
  writer.join();
  for (std::thread& reader : readers)
    reader.join();
  CHECK(failures == 0);
  CHECK(json_of(test::http_request(port, "GET", "/v1/search?q=zeppelins"))["total"] == 50);
}

// Fills the filesystem holding @p path with a file there until writes fail (ENOSPC).
void fill_disk(const std::filesystem::path& path) {
  std::ofstream ballast(path, std::ios::binary);
  const std::string chunk(64 * 1024, 'x');
  for (int i = 0; i < 100000 && ballast.write(chunk.data(), chunk.size()); ++i) {
  }
}

TEST_CASE(
    "crible-server on a full disk (a small tmpfs): 503 write_failed, reads still served, "
    "and writes work again once there is room",
    "[server][faults]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  const std::string disk = (dir / "disk").string();
  std::filesystem::create_directories(disk);
  // The server runs in a mount namespace of its own, on a copy of the index in a
  // 16 MB tmpfs; the test reaches that tmpfs through /proc/PID/root.
  if (!test::can_mount_tmpfs()) {
    WARN("SKIPPED: no mount namespace here (unshare -rm)");
    return;
  }
  ServerProcess server(disk + "/db", with_token(dir),
                       {"unshare", "-rm", "sh", "-c",
                        "mount -t tmpfs -o size=16m tmpfs " + test::shell_quote(disk) +
                            " && cp -r " + test::shell_quote(db.string()) + " " +
                            test::shell_quote(disk) + "/db && exec \"$0\" \"$@\""});
  const int port = server.port();
  const std::filesystem::path inside = "/proc/" + std::to_string(server.pid()) + "/root" + disk;
  REQUIRE(std::filesystem::exists(inside / "db"));
  const auto count = [&] {
    return json_of(test::http_request(port, "GET", "/v1/search?q=&limit=0"))["total"].get<int>();
  };
  const int before = count();

  std::string lines;
  for (int i = 0; i < 2000; ++i) {
    lines += R"({"id":"full)" + std::to_string(i) + R"(","body":")";
    for (int w = 0; w < 40; ++w)
      lines += "mot" + std::to_string((i * 7 + w * 13) % 5000) + " ";
    lines += "\"}\n";
  }
  fill_disk(inside / "ballast");
  for (int attempt = 0; attempt < 2; ++attempt) {  // the writer opened again fails again
    const HttpResult refused = test::http_request(port, "POST", "/v1/documents", lines, kAuth);
    check_error(refused, 503);
    CHECK(json_of(refused)["error"]["code"] == "write_failed");
    CHECK(refused.headers.count("retry-after") == 1);
  }
  INFO(server.log());
  CHECK(server.log().find("No space left on device") != std::string::npos);
  CHECK(count() == before);  // reads go on, from the last commit
  CHECK(test::http_request(port, "GET", "/readyz").status == 200);

  std::filesystem::remove(inside / "ballast");
  const HttpResult stored = test::http_request(port, "POST", "/v1/documents", lines, kAuth);
  INFO(server.log());
  REQUIRE(stored.status == 200);
  CHECK(count() == before + 2000);
  const auto check =
      test::run_command(test::cli() + " check --db " + test::shell_quote((inside / "db").string()));
  INFO(check.out << check.err);
  CHECK(check.status == 0);
  CHECK(server.terminate() == 0);
}

TEST_CASE("crible-server: SIGTERM while busy loses no committed write", "[server]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  std::vector<std::string> acknowledged;
  {
    ServerProcess server(db, with_token(dir));
    const int port = server.port();
    std::atomic<bool> stop{false};
    std::thread writer([&] {
      for (int i = 0; i < 200 && !stop; ++i) {
        const std::string id = "t" + std::to_string(i);
        try {
          const HttpResult result = test::http_request(
              port, "POST", "/v1/documents",
              "{\"id\":\"" + id + "\",\"body\":\"Document de test " + id + ".\"}\n", kAuth);
          if (result.status == 200) acknowledged.push_back(id);
        } catch (const std::exception&) {
          break;  // the server has gone
        }
      }
    });
    while (acknowledged.size() < 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    CHECK(server.terminate() == 0);
    stop = true;
    writer.join();
  }
  Searcher searcher = Searcher::open(db);
  for (const std::string& id : acknowledged) {
    INFO(id);
    CHECK(Index::open(db).get(id).has_value());
  }
  CHECK(searcher.size() >= 29 + acknowledged.size());
}

TEST_CASE(
    "crible-server: SIGKILL during writes loses no acknowledged document, and re-posting "
    "converges",
    "[server]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  const std::uint64_t sample_size = Index::open(db).size();
  std::vector<std::string> acknowledged, attempted;
  std::mt19937 rng(20261129);  // seeded: where each kill falls is reproducible
  std::uniform_int_distribution<int> acknowledged_before_kill(1, 25);
  for (int round = 0; round < 8; ++round) {  // killed, restarted on the same index, killed...
    ServerProcess server(db, with_token(dir, {"--threads", "2"}));
    const int port = server.port();
    std::atomic<bool> stop{false};
    std::mutex mutex;
    std::thread writer([&] {
      for (int i = 0; !stop; ++i) {
        const std::string id = "k" + std::to_string(round) + "-" + std::to_string(i);
        {
          std::lock_guard lock(mutex);
          attempted.push_back(id);
        }
        try {
          const HttpResult result = test::http_request(
              port, "POST", "/v1/documents",
              "{\"id\":\"" + id + "\",\"body\":\"Document tué " + id + ".\"}\n", kAuth);
          if (result.status != 200) break;
          std::lock_guard lock(mutex);
          acknowledged.push_back(id);
        } catch (const std::exception&) {
          break;  // killed under our feet
        }
      }
    });
    const std::size_t target = acknowledged.size() + acknowledged_before_kill(rng);
    const auto enough = [&] {
      std::lock_guard lock(mutex);
      return acknowledged.size() >= target;
    };
    while (!enough())
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    server.kill_now();
    stop = true;
    writer.join();
    std::vector<std::string> problems;
    INFO("round " << round);
    CHECK(Index::check(db, problems));
    for (const std::string& problem : problems)
      WARN(problem);
  }
  {
    Index index = Index::open(db);
    for (const std::string& id : acknowledged) {
      INFO(id);
      CHECK(index.get(id).has_value());
    }
  }
  // The client posts again whatever it was not told was written: the exact set results.
  ServerProcess server(db, with_token(dir, {"--threads", "2"}));
  std::string body;
  for (const std::string& id : attempted)
    body += "{\"id\":\"" + id + "\",\"body\":\"Document tué " + id + ".\"}\n";
  REQUIRE(test::http_request(server.port(), "POST", "/v1/documents", body, kAuth).status == 200);
  Index index = Index::open(db);
  CHECK(index.size() == sample_size + attempted.size());
  for (const std::string& id : attempted)
    CHECK(index.get(id).has_value());
}

TEST_CASE("crible-server over remote shards: 503 naming a dead shard, or partial answers",
          "[server][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  IndexOptions options;
  options.shards = 2;
  {
    IndexWriter writer = IndexWriter::open(dir / "sharded", options);
    DocumentReader reader(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/news.jsonl");
    Document document;
    while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
      writer.add(document);
  }
  test::XapianTcpServer shard0(dir / "sharded/shard-0"), shard1(dir / "sharded/shard-1");
  test::write_file(dir / "remote.stub", shard0.stub_line() + "\n" + shard1.stub_line() + "\n");
  const std::string dead = "127.0.0.1:" + std::to_string(shard1.port());

  ServerProcess strict(dir / "remote.stub", {"--threads", "1", "--shard-timeout-ms", "2000"});
  ServerProcess partial(dir / "remote.stub", {"--threads", "1", "--allow-partial"});
  const auto search = [](const ServerProcess& server) {
    return test::http_request(server.port(), "GET", "/v1/search?q=&limit=0&facets=entity");
  };
  HttpResult result = search(strict);
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["total"] == 29);
  CHECK(json_of(result)["partial"] == false);
  // Snippets and documents come from the shards' stored data, over the wire.
  result = test::http_request(strict.port(), "GET", "/v1/search?q=tiktok");
  REQUIRE(result.status == 200);
  REQUIRE_FALSE(json_of(result)["hits"].empty());
  CHECK_THAT(json_of(result)["hits"][0]["snippet"].get<std::string>(), Catch::Contains("<b>"));
  result = test::http_request(strict.port(), "GET", "/v1/documents/a1");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["id"] == "a1");

  // A hung shard (stopped, its connections open) fails fast past the timeout too.
  shard1.pause();
  result = search(strict);
  check_error(result, 503);
  CHECK_THAT(json_of(result)["error"]["message"].get<std::string>(), Catch::Contains(dead));
  shard1.resume();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the retry interval
  REQUIRE(search(strict).status == 200);

  shard1.kill();
  result = search(strict);
  check_error(result, 503);
  CHECK(json_of(result)["error"]["code"] == "shard_unavailable");
  CHECK_THAT(json_of(result)["error"]["message"].get<std::string>(), Catch::Contains(dead));
  CHECK(result.headers["retry-after"] == "1");
  CHECK(test::http_request(strict.port(), "GET", "/readyz").status == 503);

  result = search(partial);
  REQUIRE(result.status == 200);
  Json body = json_of(result);
  CHECK(body["partial"] == true);
  REQUIRE(body["missing_shards"].size() == 1);
  CHECK_THAT(body["missing_shards"][0].get<std::string>(), Catch::Contains(dead));
  CHECK(body["total"] > 0);
  CHECK(body["total"] < 29);
  result = test::http_request(partial.port(), "GET", "/readyz");
  CHECK(result.status == 200);
  CHECK(json_of(result)["partial"] == true);

  // A server started while a shard is down starts all the same, not ready, and
  // answers 503 naming the shard until it is back.
  ServerProcess late(dir / "remote.stub", {"--threads", "1", "--shard-timeout-ms", "2000"});
  result = search(late);
  check_error(result, 503);
  CHECK_THAT(json_of(result)["error"]["message"].get<std::string>(), Catch::Contains(dead));
  CHECK(test::http_request(late.port(), "GET", "/readyz").status == 503);
  CHECK(test::http_request(late.port(), "GET", "/v1/documents/a1").status == 503);
  CHECK(test::http_request(late.port(), "GET", "/healthz").status == 200);  // alive

  shard1.restart();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the retry interval
  for (const ServerProcess* server : {&strict, &partial, &late}) {
    result = search(*server);
    REQUIRE(result.status == 200);
    CHECK(json_of(result)["total"] == 29);
    CHECK(json_of(result)["partial"] == false);
  }
}
