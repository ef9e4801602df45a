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
#include <set>
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
// A write of JSON Lines: the token and the body's type (the server takes no untyped body).
const std::map<std::string, std::string> kJsonLines = {
    {"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "application/x-ndjson"}};

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
  CHECK(body["total"]["value"] == 3);
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
  CHECK(json_of(result)["total"]["value"] == 1);

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

  // Search-as-you-type: an entity first, its query ready to run.
  result = test::http_request(port, "GET", "/v1/suggest?q=" + test::url_encode("rachat de tik"));
  REQUIRE(result.status == 200);
  CHECK(result.headers["cache-control"] == "max-age=10");
  body = json_of(result);
  CHECK(body["prefix"] == "tik");
  REQUIRE(!body["suggestions"].empty());
  CHECK(body["suggestions"][0]["kind"] == "entity");
  CHECK(body["suggestions"][0]["entity"]["id"] == "tiktok");
  CHECK(body["suggestions"][0]["query"] == "rachat de entity:tiktok");
  result = test::http_request(port, "GET", "/v1/suggest?q=micrsof&typos=0");
  CHECK(json_of(result)["suggestions"].empty());
  result = test::http_request(port, "GET", "/v1/suggest?q=micrsof&limit=1");
  REQUIRE(json_of(result)["suggestions"].size() == 1);
  CHECK(json_of(result)["suggestions"][0]["typos"] == 1);
  check_error(test::http_request(port, "GET", "/v1/suggest?q=a&limit=51"), 400);
  check_error(test::http_request(port, "GET", "/v1/suggest?q=" + std::string(3000, 'a')), 400);
  // Typo tolerance, histograms and one thread in search.
  // Typo tolerance is on by default; typos=0 searches the words as typed.
  CHECK(json_of(test::http_request(port, "GET",
                                   "/v1/search?q=micrsoft&typos=0"))["total"]["value"] == 0);
  CHECK(json_of(test::http_request(port, "GET", "/v1/search?q=micrsoft"))["total"]["value"] > 0);
  result = test::http_request(port, "GET", "/v1/search?q=tiktok&limit=0&histogram=month");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["histogram"]["interval"] == "month");
  std::uint64_t dated = 0;
  for (const Json& bucket : body["histogram"]["buckets"])
    dated += bucket["count"].get<std::uint64_t>();
  CHECK(dated ==
        json_of(test::http_request(
            port, "GET", "/v1/search?q=tiktok%20date:1000..9999&exact=1"))["total"]["value"]);
  // Per article and split by entity; an entity's timeline, equal to its histogram.
  result = test::http_request(
      port, "GET",
      "/v1/search?q=tiktok&limit=0&histogram=month&histogram_count=articles&histogram_entities=2");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["histogram"]["counting"] == "articles");
  REQUIRE_FALSE(body["histogram"]["buckets"].empty());
  CHECK(body["histogram"]["buckets"][0]["entities"].size() <= 2);
  CHECK_FALSE(body["histogram"]["buckets"][0]["entities"].empty());
  const Json searched =
      json_of(test::http_request(port, "GET", "/v1/search?q=entity:tiktok&limit=0&histogram=week"));
  result = test::http_request(port, "GET", "/v1/entities/TikTok/timeline?interval=week");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["entity"]["id"] == "tiktok");
  CHECK(body["counting"] == "documents");
  CHECK(body["matches"] == searched["total"]["value"]);
  CHECK(body["buckets"] == searched["histogram"]["buckets"]);
  result = test::http_request(port, "GET", "/v1/entities/tiktok/timeline?per_article=1&q=rachat");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["interval"] == "week");
  CHECK(json_of(result)["counting"] == "articles");
  check_error(test::http_request(port, "GET", "/v1/entities/nobody/timeline"), 400);
  check_error(test::http_request(port, "GET", "/v1/entities/tiktok/timeline?interval=year"), 400);
  check_error(test::http_request(port, "GET", "/v1/entities//timeline"), 404);
  // rank=recent: the library's ranking, its options checked.
  {
    SearchOptions recent;
    recent.sort = SortOrder::recent;
    recent.half_life_days = 2;
    recent.now = "2021-02-21";
    recent.snippets = false;
    Searcher searcher = Searcher::open(dir / "db");
    const SearchResults expected = searcher.search("tiktok OR microsoft", recent);
    result = test::http_request(
        port, "GET", "/v1/search?q=tiktok%20OR%20microsoft&rank=recent&half_life=2&now=2021-02-21");
    REQUIRE(result.status == 200);
    body = json_of(result);
    REQUIRE(body["hits"].size() == expected.hits.size());
    for (std::size_t k = 0; k < expected.hits.size(); ++k)
      CHECK(body["hits"][k]["id"] == expected.hits[k].id);
    check_error(test::http_request(port, "GET", "/v1/search?q=a&rank=recent&sort=date"), 400);
    check_error(test::http_request(port, "GET", "/v1/search?q=a&rank=recent&half_life=0"), 400);
    check_error(test::http_request(port, "GET", "/v1/search?q=a&rank=recent&half_life=x"), 400);
    check_error(test::http_request(port, "GET", "/v1/search?q=a&rank=recent&now=2021-02-30"), 400);
    check_error(test::http_request(port, "GET", "/v1/search?q=a&recency_weight=-1"), 400);
  }
  // Trending entities: the library's answer.
  {
    Searcher searcher = Searcher::open(dir / "db");
    TrendOptions options;
    options.now = "2021-02-20";
    options.window_days = 3;
    options.baseline_days = 10;
    options.min_documents = 1;
    const TrendList expected = searcher.trending("", options);
    result = test::http_request(
        port, "GET", "/v1/entities/trending?now=2021-02-20&window=3&baseline=10&min_documents=1");
    REQUIRE(result.status == 200);
    body = json_of(result);
    CHECK(body["window"]["documents"] == expected.window_documents);
    REQUIRE(body["entities"].size() == expected.entities.size());
    for (std::size_t k = 0; k < expected.entities.size(); ++k)
      CHECK(body["entities"][k]["id"] == expected.entities[k].entity.id);
    check_error(test::http_request(port, "GET", "/v1/entities/trending?window=0"), 400);
    check_error(test::http_request(port, "GET", "/v1/entities/trending?now=2021-02-30"), 400);
  }
  // Related articles: the library's answer; an unknown id is a 404.
  {
    Searcher searcher = Searcher::open(dir / "db");
    const SearchResults expected = searcher.similar("a1");
    result = test::http_request(port, "GET", "/v1/documents/a1/similar");
    REQUIRE(result.status == 200);
    body = json_of(result);
    CHECK(body["query"] == "a1");
    REQUIRE(body["hits"].size() == expected.hits.size());
    for (std::size_t k = 0; k < expected.hits.size(); ++k)
      CHECK(body["hits"][k]["id"] == expected.hits[k].id);
    result = test::http_request(port, "GET", "/v1/documents/a1%23c1/similar?type=any&limit=3");
    REQUIRE(result.status == 200);
    CHECK(json_of(result)["hits"].size() == 3);
    check_error(test::http_request(port, "GET", "/v1/documents/nope/similar"), 404);
    check_error(test::http_request(port, "GET", "/v1/documents/a1/similar?terms=0"), 400);
    check_error(test::http_request(port, "GET", "/v1/documents/a1/similar?type=page"), 400);
  }
  // Near-duplicates: the library's clusters and deduplicated totals; bad combinations 400.
  {
    Searcher searcher = Searcher::open(dir / "db");
    const DuplicateClusters expected = searcher.duplicates();
    result = test::http_request(port, "GET", "/v1/duplicates?min_size=2&members=3");
    REQUIRE(result.status == 200);
    body = json_of(result);
    CHECK(body["total"] == expected.total);
    CHECK(body["documents"] == expected.documents);
    SearchOptions dedupe;
    dedupe.dedupe = true;
    dedupe.facets = true;
    const SearchResults deduplicated = searcher.search("tiktok", dedupe);
    result = test::http_request(port, "GET", "/v1/search?q=tiktok&dedupe=true&facets=entity");
    REQUIRE(result.status == 200);
    body = json_of(result);
    CHECK(body["dedupe"] == true);
    CHECK(body["total"]["value"] == deduplicated.total);
    CHECK(body["facets"]["counting"] == "clusters");
    for (const Json& hit : body["hits"])
      CHECK(hit["cluster"]["key"].is_string());
    check_error(test::http_request(port, "GET", "/v1/duplicates?min_size=1"), 400);
    check_error(test::http_request(port, "GET", "/v1/search?q=tiktok&dedupe=true&threads=true"),
                400);
    check_error(test::http_request(port, "GET", "/v1/entities?dedupe=true&per_article=true"), 400);
    result = test::http_request(port, "GET", "/v1/entities/tiktok/timeline?dedupe=true");
    REQUIRE(result.status == 200);
    CHECK(json_of(result)["counting"] == "clusters");
  }
  result = test::http_request(port, "GET", "/v1/search?q=&thread=a1&limit=100");
  body = json_of(result);
  CHECK(body["total"]["value"].get<int>() > 1);
  for (const Json& hit : body["hits"])
    CHECK((hit["id"] == "a1" || hit["parent"] == "a1"));

  result = test::http_request(port, "GET", "/openapi.json");
  REQUIRE(result.status == 200);
  body = json_of(result);
  CHECK(body["openapi"] == "3.0.3");
  CHECK(body["paths"].contains("/v1/search"));

  result = test::http_request(port, "GET", "/metrics");
  REQUIRE(result.status == 200);
  CHECK(result.headers["content-type"].rfind("text/plain", 0) == 0);
  CHECK(result.body.find("crible_http_requests_total{route=\"/v1/search\",status=\"200\"} 12") !=
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
  CHECK(wrong.headers["allow"] == "GET, HEAD");
  // A query with nothing to search for (stop words only): no hits, and a note saying so.
  for (const char* nothing : {"le%20la%20les", "%21%21"}) {
    INFO(nothing);
    HttpResult empty = test::http_request(port, "GET", std::string("/v1/search?q=") + nothing);
    REQUIRE(empty.status == 200);
    CHECK(json_of(empty)["hits"].empty());
    CHECK(json_of(empty)["total"]["value"] == 0);
    CHECK_FALSE(json_of(empty)["note"].get<std::string>().empty());
  }
  // A query that does not parse is searched as best it can be, with a note saying how
  // (its wording is the library's).
  HttpResult syntax = test::http_request(port, "GET", "/v1/search?q=rachat%20AND");
  CHECK(syntax.status == 200);
  CHECK_FALSE(json_of(syntax)["note"].get<std::string>().empty());
}

TEST_CASE("crible-server answers HEAD on every GET route: GET's status and headers, no body",
          "[server][head]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--threads", "2"});
  const int port = server.port();
  const std::vector<std::string> targets = {"/healthz",
                                            "/readyz",
                                            "/metrics",
                                            "/openapi.json",
                                            "/v1/search?q=tiktok&limit=2",
                                            "/v1/entities?with=tiktok&limit=3",
                                            "/v1/suggest?q=micro",
                                            "/",
                                            "/ui/app.js",
                                            "/ui/nope.js",
                                            "/v1/documents/" + test::url_encode("a1#c2"),
                                            "/v1/documents/nope",
                                            "/v1/search?limit=abc"};
  for (const std::string& target : targets) {
    INFO(target);
    const HttpResult get = test::http_request(port, "GET", target);
    const HttpResult head = test::http_request(port, "HEAD", target);
    CHECK(head.status == get.status);
    CHECK(head.body.empty());
    CHECK(head.headers.at("content-type") == get.headers.at("content-type"));
    // The GET's length (RFC 9110, 9.3.2), but /metrics changes from one answer to the next.
    if (target != "/metrics")
      CHECK(head.headers.at("content-length") == std::to_string(get.body.size()));
  }
}

TEST_CASE("crible-server: HEAD then GET on one keep-alive connection both parse",
          "[server][head]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {});
  // A body sent after a HEAD's headers would be read as the start of the next answer:
  // the bytes right after the first header block must be the second status line.
  for (const std::string target :
       {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/search?q=tiktok",
        "/v1/entities?with=tiktok", "/v1/documents/a1", "/v1/documents/nope", "/v1/search?q=a&q=b",
        "/nowhere", "/v1/documents"}) {
    INFO(target);
    test::RawConnection connection(server.port());
    REQUIRE(connection.send("HEAD " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"));
    REQUIRE(connection.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const std::string bytes = connection.receive(std::chrono::seconds(10));
    CHECK(connection.closed());  // after the second answer: Connection: close
    const std::size_t end = bytes.find("\r\n\r\n");
    REQUIRE(end != std::string::npos);
    const std::string first = bytes.substr(0, end), second = bytes.substr(end + 4);
    CHECK(first.rfind("HTTP/1.1 ", 0) == 0);
    CHECK_THAT(first, Catch::Contains("Content-Length: "));
    CHECK(second.rfind("HTTP/1.1 200 OK\r\n", 0) == 0);
    CHECK_THAT(second, Catch::EndsWith("\r\n\r\n{\"status\":\"ok\"}"));
  }
}

TEST_CASE("crible-server 405 answers list HEAD wherever GET is allowed", "[server][head]") {
  TempDir dir;
  // With the token, so that a POST under /v1/ gets past the write check (403 without).
  ServerProcess server(sample_index(dir), with_token(dir));
  const int port = server.port();
  const auto allow = [&](const std::string& method, const std::string& target) {
    const HttpResult result = test::http_request(port, method, target, "", kAuth);
    if (method == "HEAD")
      CHECK(result.status == 405);  // and no body to look at
    else
      check_error(result, 405);
    return result.headers.count("allow") ? result.headers.at("allow") : std::string("(none)");
  };
  for (const char* target :
       {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/search", "/v1/entities"}) {
    INFO(target);
    CHECK(allow("POST", target) == "GET, HEAD");
    CHECK(allow("PUT", target) == "GET, HEAD");
  }
  CHECK(allow("PUT", "/v1/documents/a1") == "GET, HEAD, DELETE");
  CHECK(allow("PATCH", "/v1/documents/a1") == "GET, HEAD, DELETE");
  CHECK(allow("GET", "/v1/documents") == "POST");
  CHECK(allow("HEAD", "/v1/documents") == "POST");
  CHECK(allow("OPTIONS", "/v1/search") == "GET, HEAD");  // no CORS: no preflight
}

TEST_CASE("crible-server CORS preflight, and the origin on answers", "[server]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {"--cors-origin", "https://example.org"});
  for (const char* target : {"/v1/search", "/v1/documents/a1", "/healthz", "/nowhere"}) {
    INFO(target);
    HttpResult preflight = test::http_request(server.port(), "OPTIONS", target);
    CHECK(preflight.status == 204);
    CHECK(preflight.body.empty());
    CHECK(preflight.headers["access-control-allow-origin"] == "https://example.org");
    CHECK(preflight.headers["access-control-allow-methods"] == "GET, HEAD, POST, DELETE, OPTIONS");
  }
  HttpResult search = test::http_request(server.port(), "GET", "/v1/search?q=tiktok");
  CHECK(search.status == 200);
  CHECK(search.headers["access-control-allow-origin"] == "https://example.org");
}

TEST_CASE("crible-server refuses a single-valued parameter given twice, naming it",
          "[server][params]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir));
  const int port = server.port();
  const auto refused = [&](const std::string& method, const std::string& target,
                           const std::string& message) {
    INFO(method << " " << target);
    const HttpResult result = test::http_request(
        port, method, target, method == "POST" ? "Titre\n\nUn paragraphe.\n" : "",
        {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", "text/plain"}});
    check_error(result, 400);
    CHECK(json_of(result)["error"]["message"] == message);
  };
  refused("GET", "/v1/search?q=a&q=b", "q: given 2 times; it takes one value");
  refused("GET", "/v1/search?q=a&limit=abc&limit=1", "limit: given 2 times; it takes one value");
  refused("GET", "/v1/search?q=a&limit=1&limit=1&limit=1",
          "limit: given 3 times; it takes one value");
  for (const char* name : {"type=article", "date=2021", "offset=0", "sort=date", "default_op=or",
                           "facets=entity", "facet_count=articles", "facet_limit=3", "threads=1",
                           "in_thread_of=tiktok", "snippets=0", "exact=1", "lang=en"}) {
    const std::string pair = name;
    refused("GET", "/v1/search?q=a&" + pair + "&" + pair,
            pair.substr(0, pair.find('=')) + ": given 2 times; it takes one value");
  }
  refused("GET", "/v1/entities?with=tiktok&with=msft", "with: given 2 times; it takes one value");
  refused("GET", "/v1/entities?q=a&q=a", "q: given 2 times; it takes one value");
  refused("GET", "/v1/entities?per_article=1&per_article=0",
          "per_article: given 2 times; it takes one value");
  refused("POST", "/v1/documents?id=a&id=b", "id: given 2 times; it takes one value");
  // entity is repeatable (AND); parameters no route reads are ignored, repeated or not.
  HttpResult result =
      test::http_request(port, "GET", "/v1/search?q=&entity=tiktok&entity=msft&limit=50");
  REQUIRE(result.status == 200);
  const Json body = json_of(result);  // the loop below must not range over a temporary's member
  REQUIRE_FALSE(body["hits"].empty());
  for (const Json& hit : body["hits"]) {
    CHECK(std::count(hit["entities"].begin(), hit["entities"].end(), "tiktok") == 1);
    // msft is an alias: hits list the entity under its id.
    CHECK(std::count(hit["entities"].begin(), hit["entities"].end(), "microsoft") == 1);
  }
  CHECK(test::http_request(port, "GET", "/v1/search?q=tiktok&utm_source=a&utm_source=b").status ==
        200);
  check_error(test::http_request(port, "GET", "/v1/search?q=a&q=b&limit=%zz"), 400);
  // A malformed query string on a write is refused too, not ignored.
  check_error(test::http_request(port, "POST", "/v1/documents?id=%zz", "Titre\n\nTexte.\n",
                                 {{"Authorization", std::string("Bearer ") + kToken},
                                  {"Content-Type", "text/plain"}}),
              400);
}

TEST_CASE("crible-server booleans and enums accept exactly what openapi.json declares",
          "[server][params]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), {});
  const int port = server.port();
  // The served document: every query parameter with an enum takes each of its values,
  // and nothing else, the empty value included (400 naming the parameter).
  const Json api = json_of(test::http_request(port, "GET", "/openapi.json"));
  const Json& parameters = api["components"]["parameters"];
  int booleans = 0;
  for (const auto& [path, url] :
       {std::pair{"/v1/search", "/v1/search"}, std::pair{"/v1/entities", "/v1/entities"},
        std::pair{"/v1/suggest", "/v1/suggest"},
        std::pair{"/v1/entities/{id}/timeline", "/v1/entities/tiktok/timeline"},
        std::pair{"/v1/documents/{id}/similar", "/v1/documents/a1/similar"}}) {
    for (const Json& reference : api["paths"][path]["get"]["parameters"]) {
      const std::string key = reference["$ref"].get<std::string>().substr(24);
      const Json& parameter = parameters.at(key);
      if (!parameter["schema"].contains("enum")) continue;
      const std::string name = parameter["name"];
      if (parameter["in"] != "query") continue;
      const std::string base = std::string(url) + "?q=tiktok&" + name + "=";
      INFO(path << " " << name);
      if (parameter["schema"]["enum"] == Json{"true", "false", "1", "0"}) ++booleans;
      for (const Json& value : parameter["schema"]["enum"])
        CHECK(test::http_request(port, "GET", base + value.get<std::string>()).status == 200);
      for (const char* wrong : {"", "yes", "TRUE", "2", "on"}) {
        INFO("value '" << wrong << "'");
        const HttpResult result = test::http_request(port, "GET", base + wrong);
        check_error(result, 400);
        CHECK_THAT(json_of(result)["error"]["message"].get<std::string>(),
                   Catch::StartsWith(name + ": expected "));
      }
    }
  }
  // threads, snippets, exact, typos, dedupe; per_article, dedupe (entities); typos
  // (suggest); per_article, dedupe (timeline)
  CHECK(booleans == 10);
  HttpResult result = test::http_request(port, "GET", "/v1/search?q=tiktok&threads=");
  CHECK(json_of(result)["error"]["message"] == "threads: expected true, false, 1 or 0, got ''");
  // What they do.
  for (const char* off : {"snippets=0", "snippets=false"}) {
    result = test::http_request(port, "GET", std::string("/v1/search?q=tiktok&") + off);
    REQUIRE(result.status == 200);
    REQUIRE_FALSE(json_of(result)["hits"].empty());
    CHECK_FALSE(json_of(result)["hits"][0].contains("snippet"));
  }
  result = test::http_request(port, "GET", "/v1/search?q=tiktok&snippets=true");
  CHECK(json_of(result)["hits"][0].contains("snippet"));
  for (const char* on : {"threads=1", "threads=true"}) {
    result = test::http_request(port, "GET", std::string("/v1/search?q=tiktok&") + on);
    CHECK(json_of(result)["hits"][0].contains("thread"));
  }
  result = test::http_request(port, "GET", "/v1/search?q=&exact=true&limit=0");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["total"] == Json{{"value", 29}, {"relation", "eq"}});
  // lang: the query's language, said back with how it was chosen.
  result = test::http_request(port, "GET", "/v1/search?q=walking&lang=en");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["query_language"] == Json{{"code", "en"}, {"source", "option"}});
  CHECK(json_of(result)["parsed"] == "Query((Zwalking@1 SYNONYM Zwalk))");
  result = test::http_request(port, "GET", "/v1/search?q=walking");
  CHECK(json_of(result)["query_language"] == Json{{"code", "fr"}, {"source", "default"}});
  CHECK(json_of(result)["parsed"] == "Query(Zwalking@1)");
  result = test::http_request(port, "GET", "/v1/search?q=walking%20lang%3Aen");
  CHECK(json_of(result)["query_language"] == Json{{"code", "en"}, {"source", "filter"}});
}

TEST_CASE("crible-server POST /v1/documents honours Content-Type", "[server][content-type]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir));
  const int port = server.port();
  const auto post = [&](const std::string& body, const std::optional<std::string>& type,
                        const std::string& target = "/v1/documents") {
    std::map<std::string, std::string> headers = {
        {"Authorization", std::string("Bearer ") + kToken}};
    if (type) headers["Content-Type"] = *type;
    return test::http_request(port, "POST", target, body, headers);
  };
  int n = 0;
  for (const char* type :
       {"application/x-ndjson", "application/jsonl", "application/json",
        "application/x-ndjson; charset=utf-8", "APPLICATION/JSONL; Charset=\"UTF-8\"",
        "application/json;charset=UTF-8", "application/x-ndjson; boundary=ignored"}) {
    INFO(type);
    const std::string id = "ct" + std::to_string(++n);
    const HttpResult result = post("{\"id\":\"" + id + "\",\"body\":\"Un texte.\"}\n", type);
    REQUIRE(result.status == 200);
    CHECK(json_of(result)["indexed"] == 1);
    CHECK(test::http_request(port, "GET", "/v1/documents/" + id).status == 200);
  }
  // text/plain is a page, whatever it looks like.
  HttpResult result = post("Un titre\n\nUn paragraphe sur TikTok.\n", "text/plain; charset=utf-8",
                           "/v1/documents?id=page1");
  REQUIRE(result.status == 200);
  CHECK(json_of(test::http_request(port, "GET", "/v1/documents/page1"))["title"] == "Un titre");
  result = post("{\"id\":\"p2\"}\n\nUn paragraphe.\n", "text/plain", "/v1/documents?id=p2");
  INFO(result.body);
  REQUIRE(result.status == 200);
  CHECK(json_of(test::http_request(port, "GET", "/v1/documents/p2"))["title"] == "{\"id\":\"p2\"}");

  const auto unsupported = [&](const std::optional<std::string>& type, const std::string& says) {
    INFO(type.value_or("(no Content-Type)"));
    const HttpResult refused = post("{\"id\":\"no\",\"body\":\"Non.\"}\n", type);
    check_error(refused, 415);
    const Json body = json_of(refused);
    CHECK(body["error"]["code"] == "unsupported_media_type");
    const std::string message = body["error"]["message"];
    CHECK_THAT(message, Catch::Contains(says));
    for (const char* accepted :
         {"application/x-ndjson", "application/jsonl", "application/json", "text/plain",
          "text/html", "application/rss+xml", "application/atom+xml"})
      CHECK_THAT(message, Catch::Contains(accepted));
  };
  unsupported("application/pdf", "Content-Type 'application/pdf' is not supported");
  unsupported("application/x-www-form-urlencoded",  // what curl --data-binary sends
              "'application/x-www-form-urlencoded'");
  unsupported("application/x-ndjson; charset=iso-8859-1", "charset 'iso-8859-1'");
  unsupported("text/plain; charset=\"latin1\"", "charset 'latin1'");
  unsupported("", "Content-Type '' is not supported");
  unsupported(std::nullopt, "the body has no Content-Type");
  CHECK_FALSE(Index::open(dir / "db").get("no").has_value());
  // The type is looked at before the body: an empty body with a good type is a 400.
  check_error(post("", "application/x-ndjson"), 400);
}

TEST_CASE("crible-server POST /v1/documents takes HTML pages and feeds", "[server][html]") {
  TempDir dir;
  ServerProcess server(sample_index(dir), with_token(dir));
  const int port = server.port();
  const auto post = [&](const std::string& body, const std::string& type,
                        const std::string& target = "/v1/documents") {
    return test::http_request(
        port, "POST", target, body,
        {{"Authorization", std::string("Bearer ") + kToken}, {"Content-Type", type}});
  };
  const auto sample_file = [](const std::string& name) {
    return test::read_file(std::string(CRIBLE_SOURCE_DIR) + "/data/sample/" + name);
  };
  const auto search_ids = [&](const std::string& query) {
    const Json hits = json_of(test::http_request(
        port, "GET", "/v1/search?limit=50&q=" + test::url_encode(query)))["hits"];
    std::set<std::string> ids;
    for (const Json& hit : hits)
      ids.insert(hit["id"].get<std::string>());
    return ids;
  };

  // The sample page: its article and 3 comments (read off the file).
  const std::string page = sample_file("article-nuage.html");
  HttpResult result = post(page, "text/html; charset=utf-8", "/v1/documents?id=nuage");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["indexed"] == 4);
  const Json article = json_of(test::http_request(port, "GET", "/v1/documents/nuage"));
  CHECK(article["author"] == "Camille Bérard");
  const std::set<std::string> marc = search_ids("author:marc");
  REQUIRE(marc.size() == 1);

  // A re-scrape without Marc's comment replaces the thread: his comment is gone.
  std::string shorter = page;
  const auto last = shorter.find("<li class=\"comment even thread-odd depth-1\"");
  REQUIRE(last != std::string::npos);
  shorter.erase(last, shorter.find("</ol>", last) - last);
  result = post(shorter, "text/html", "/v1/documents?id=nuage");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["indexed"] == 3);
  CHECK(
      test::http_request(port, "GET", "/v1/documents/" + test::url_encode(*marc.begin())).status ==
      404);

  // The transport's charset decodes the body: "é" is 0xE9 in windows-1252.
  const std::string latin =
      "<html><head><title>Pr\xE9visions d'Oracle</title></head><body><article><p>Le "
      "num\xE9ro un des bases de donn\xE9"
      "es rel\xE8ve ses pr\xE9visions pour "
      "l'ann\xE9"
      "e, port\xE9 par le cloud.</p></article></body></html>";
  result = post(latin, "text/html; charset=windows-1252", "/v1/documents?id=latin");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["warnings"].empty());
  CHECK(json_of(test::http_request(port, "GET", "/v1/documents/latin"))["title"] ==
        "Prévisions d'Oracle");
  // An undated page takes the date the caller gives; a bad one is refused.
  CHECK(json_of(test::http_request(port, "GET", "/v1/documents/latin")).count("date") == 0);
  result = post(latin, "text/html; charset=windows-1252", "/v1/documents?id=latin&date=2024-03-14");
  REQUIRE(result.status == 200);
  CHECK(json_of(test::http_request(port, "GET", "/v1/documents/latin"))["date"] == "2024-03-14");
  check_error(post(latin, "text/html", "/v1/documents?id=latin&date=14/03/2024"), 400);
  // Undeclared bytes that are not UTF-8: read all the same, with a warning.
  result = post(latin, "text/html", "/v1/documents?id=latin2");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["indexed"] == 1);
  // An unknown charset is said, not guessed silently.
  result = post(page, "text/html; charset=x-klingon", "/v1/documents?id=nuage");
  REQUIRE(result.status == 200);
  CHECK_THAT(json_of(result)["warnings"].dump(), Catch::Contains("x-klingon"));

  // Feeds: one article per item (3 in the RSS sample, 2 in the Atom one).
  result = post(sample_file("flux-tech.rss"), "application/rss+xml");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["indexed"] == 3);
  // An item's id is its guid.
  CHECK(test::http_request(port, "GET", "/v1/documents/qdc-2024-0312-0042").status == 200);
  result = post(sample_file("flux-eco.atom"), "application/atom+xml; charset=utf-8");
  REQUIRE(result.status == 200);
  CHECK(json_of(result)["indexed"] == 2);
  // A page sent as a feed is no feed: refused, with the reason.
  result = post(page, "application/rss+xml");
  check_error(result, 400);
  CHECK(json_of(result)["errors"].size() >= 1);
}

TEST_CASE("crible-server counts every answer of a route under its route, errors included",
          "[server][metrics]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  ServerProcess server(db, with_token(dir, {"--auth-reads"}));
  const int port = server.port();
  CHECK(test::http_request(port, "GET", "/v1/search?q=tiktok").status == 401);
  CHECK(test::http_request(port, "GET", "/v1/search?limit=abc", "", kAuth).status == 400);
  CHECK(test::http_request(port, "GET", "/v1/search?q=a&q=b", "", kAuth).status == 400);
  CHECK(test::http_request(port, "PUT", "/v1/search", "", kAuth).status == 405);
  CHECK(test::http_request(port, "HEAD", "/v1/search?q=tiktok", "", kAuth).status == 200);
  CHECK(test::http_request(port, "GET", "/v1/entities?limit=1000", "", kAuth).status == 400);
  CHECK(test::http_request(port, "GET", "/v1/entities").status == 401);
  CHECK(test::http_request(port, "GET", "/v1/documents/nope", "", kAuth).status == 404);
  CHECK(test::http_request(port, "GET", "/v1/documents/%zz", "", kAuth).status == 400);
  CHECK(test::http_request(port, "DELETE", "/v1/documents/a1").status == 401);
  CHECK(test::http_request(port, "POST", "/v1/documents", "x", kAuth).status == 415);
  CHECK(test::http_request(port, "POST", "/v1/documents", "x\n", kJsonLines).status == 400);
  CHECK(test::http_request(port, "GET", "/v2/nowhere").status == 404);
  const std::string text = test::http_request(port, "GET", "/metrics").body;
  INFO(text);
  const auto count = [&](const std::string& route, int status) {
    const std::string line = "crible_http_requests_total{route=\"" + route + "\",status=\"" +
                             std::to_string(status) + "\"} ";
    const std::size_t at = text.find(line);
    return at == std::string::npos ? 0 : std::stoi(text.substr(at + line.size()));
  };
  CHECK(count("/v1/search", 401) == 1);
  CHECK(count("/v1/search", 400) == 2);
  CHECK(count("/v1/search", 405) == 1);
  CHECK(count("/v1/search", 200) == 1);
  CHECK(count("/v1/entities", 400) == 1);
  CHECK(count("/v1/entities", 401) == 1);
  CHECK(count("/v1/documents/{id}", 404) == 1);
  CHECK(count("/v1/documents/{id}", 400) == 1);
  CHECK(count("/v1/documents/{id}", 401) == 1);
  CHECK(count("/v1/documents", 415) == 1);
  CHECK(count("/v1/documents", 400) == 1);
  CHECK(count("other", 404) == 1);  // the unknown path, and nothing else
  std::size_t others = 0;
  for (std::size_t at = 0;
       (at = text.find("crible_http_requests_total{route=\"other\"", at)) != std::string::npos;
       ++at)
    ++others;
  CHECK(others == 1);
  CHECK(text.find("crible_http_request_duration_seconds_count{route=\"/v1/search\"} 5") !=
        std::string::npos);
  CHECK(server.terminate() == 0);

  ServerProcess read_only(db, {});
  CHECK(test::http_request(read_only.port(), "POST", "/v1/documents", "{}", kJsonLines).status ==
        403);
  CHECK(test::http_request(read_only.port(), "DELETE", "/v1/documents/a1").status == 403);
  const std::string after = test::http_request(read_only.port(), "GET", "/metrics").body;
  INFO(after);
  CHECK(after.find("crible_http_requests_total{route=\"/v1/documents\",status=\"403\"} 1") !=
        std::string::npos);
  CHECK(after.find("crible_http_requests_total{route=\"/v1/documents/{id}\",status=\"403\"} 1") !=
        std::string::npos);
}

TEST_CASE("crible-server writes need the token and are visible to searches", "[server]") {
  TempDir dir;
  const std::filesystem::path db = sample_index(dir);
  {
    ServerProcess read_only(db, {});
    check_error(test::http_request(read_only.port(), "POST", "/v1/documents", "{}", kJsonLines),
                403);
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
  HttpResult posted = test::http_request(port, "POST", "/v1/documents", lines, kJsonLines);
  REQUIRE(posted.status == 200);
  Json body = json_of(posted);
  CHECK(body["indexed"] == 2);
  REQUIRE(body["errors"].size() == 1);
  CHECK(body["errors"][0]["line"] == 2);

  HttpResult found = test::http_request(port, "GET", "/v1/search?q=huddle");
  CHECK(json_of(found)["total"]["value"] == 1);
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

  check_error(test::http_request(port, "POST", "/v1/documents", "garbage\n", kJsonLines), 400);
  // Bytes that start like a zstd frame but do not decode: 400, not 500.
  check_error(test::http_request(port, "POST", "/v1/documents",
                                 std::string("\x28\xb5\x2f\xfd\x00\x58garbage", 13), kJsonLines),
              400);
  check_error(test::http_request(port, "POST", "/v1/documents", "", kJsonLines), 400);

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
  CHECK(test::http_request(port, "POST", "/v1/documents", "{\"id\":\"n2\",\"body\":\"suite\"}",
                           kJsonLines)
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
  check_error(test::http_request(port, "POST", "/v1/documents", big, kJsonLines), 413);

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
  // The connection's own refusals are counted under the route when the request line
  // was read (only a request line or headers too long leave it unknown: "other").
  const std::string metrics = test::http_request(port, "GET", "/metrics").body;
  INFO(metrics);
  CHECK(metrics.find("crible_http_requests_total{route=\"/v1/documents\",status=\"413\"} 2") !=
        std::string::npos);
  CHECK(metrics.find("crible_http_requests_total{route=\"/healthz\",status=\"431\"} 1") !=
        std::string::npos);
  CHECK(metrics.find("crible_http_requests_total{route=\"other\",status=\"431\"} 1") !=
        std::string::npos);
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
  CHECK(test::http_request(server.port(), "POST", "/v1/documents", line, kJsonLines).status == 200);
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
      if (test::http_request(port, "POST", "/v1/documents", lines, kJsonLines).status != 200)
        ++failures;
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
  CHECK(json_of(test::http_request(port, "GET", "/v1/search?q=zeppelins"))["total"]["value"] == 50);
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
    return json_of(test::http_request(port, "GET", "/v1/search?q=&limit=0"))["total"]["value"]
        .get<int>();
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
    const HttpResult refused = test::http_request(port, "POST", "/v1/documents", lines, kJsonLines);
    check_error(refused, 503);
    CHECK(json_of(refused)["error"]["code"] == "write_failed");
    CHECK(refused.headers.count("retry-after") == 1);
  }
  INFO(server.log());
  CHECK(server.log().find("No space left on device") != std::string::npos);
  CHECK(count() == before);  // reads go on, from the last commit
  CHECK(test::http_request(port, "GET", "/readyz").status == 200);

  std::filesystem::remove(inside / "ballast");
  const HttpResult stored = test::http_request(port, "POST", "/v1/documents", lines, kJsonLines);
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
              "{\"id\":\"" + id + "\",\"body\":\"Document de test " + id + ".\"}\n", kJsonLines);
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
              "{\"id\":\"" + id + "\",\"body\":\"Document tué " + id + ".\"}\n", kJsonLines);
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
  REQUIRE(test::http_request(server.port(), "POST", "/v1/documents", body, kJsonLines).status ==
          200);
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
  CHECK(json_of(result)["total"]["value"] == 29);
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
  CHECK(body["total"]["value"] > 0);
  CHECK(body["total"]["value"] < 29);
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
  const std::string metrics = test::http_request(late.port(), "GET", "/metrics").body;
  INFO(metrics);
  CHECK(metrics.find("crible_http_requests_total{route=\"/v1/search\",status=\"503\"} 1") !=
        std::string::npos);
  CHECK(metrics.find("crible_http_requests_total{route=\"/v1/documents/{id}\",status=\"503\"} 1") !=
        std::string::npos);
  CHECK(metrics.find("crible_http_requests_total{route=\"/readyz\",status=\"503\"} 1") !=
        std::string::npos);

  shard1.restart();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the retry interval
  for (const ServerProcess* server : {&strict, &partial, &late}) {
    result = search(*server);
    REQUIRE(result.status == 200);
    CHECK(json_of(result)["total"]["value"] == 29);
    CHECK(json_of(result)["partial"] == false);
  }
}
