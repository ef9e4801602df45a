// The search page crible-server serves at GET /, in a real browser: Debian's Chromium,
// headless, driven by chromedriver (tests/support/webdriver.h) against a real
// crible-server on a loopback port with an index of data/sample. What the page shows is
// compared with what the public API answers to the same question. Leaves a screenshot
// and the keystroke-to-suggestions times in artifacts/ (the test's working directory).

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../support/http.h"
#include "../support/sample_index.h"
#include "../support/temp_dir.h"
#include "../support/webdriver.h"
#include "crible/index.h"
#include "crible/ingest.h"

using namespace crible;
using nlohmann::json;
using test::TempDir;

namespace {

const std::string kEnter = "\xee\x80\x87";      // U+E007, WebDriver's Enter key
const std::string kArrowDown = "\xee\x80\x95";  // U+E015
const std::string kEscape = "\xee\x80\x8c";     // U+E00C

json api(int port, const std::string& target) {
  const test::HttpResult result = test::http_request(port, "GET", target);
  REQUIRE(result.status == 200);
  return json::parse(result.body);
}

// The page's search, as the API is asked it: one hit per thread, as the page asks.
std::string search_target(const std::string& query, const std::string& more = "") {
  return "/v1/search?threads=1&limit=10&q=" + test::url_encode(query) + more;
}

std::vector<std::string> shown_hit_ids(test::WebDriver& browser) {
  return browser
      .execute("return [...document.querySelectorAll('#hits > li')].map(li => li.dataset.id)")
      .get<std::vector<std::string>>();
}

std::vector<std::string> api_hit_ids(const json& results) {
  std::vector<std::string> ids;
  for (const json& hit : results["hits"])
    ids.push_back(hit["id"].get<std::string>());
  return ids;
}

// Waits until the page shows the results of a search (its status names a total).
std::uint64_t shown_total(test::WebDriver& browser) {
  REQUIRE(browser.wait_for("return document.getElementById('status').dataset.total !== undefined"));
  return std::stoull(
      browser.execute("return document.getElementById('status').dataset.total").get<std::string>());
}

void reset_total(test::WebDriver& browser) {
  browser.execute("delete document.getElementById('status').dataset.total; return true");
}

void save_artifact(const std::string& name, const std::string& bytes) {
  std::filesystem::create_directories("artifacts");
  std::ofstream(std::filesystem::path("artifacts") / name, std::ios::binary) << bytes;
  WARN("saved " << std::filesystem::absolute(std::filesystem::path("artifacts") / name));
}

}  // namespace

TEST_CASE("the search page works in a real browser as the API answers", "[ui][browser]") {
  if (test::chromium_binary().empty() || test::chromedriver_binary().empty()) {
    WARN("SKIPPED: no chromium or chromedriver (apt-get install chromium chromium-driver)");
    return;
  }
  TempDir dir;
  test::index_sample(dir / "db");
  test::ServerProcess server(dir / "db", {});
  const int port = server.port();
  test::WebDriver browser;
  browser.navigate("http://127.0.0.1:" + std::to_string(port) + "/");
  CHECK(browser.execute("return document.title").get<std::string>() == "crible : recherche");
  CHECK(browser.execute("return document.documentElement.lang").get<std::string>() == "fr");
  const std::string box = browser.find("#q");

  // As-you-type suggestions: the API's, in its order.
  browser.type(box, "micro");
  REQUIRE(browser.wait_for(
      "return document.querySelectorAll('#suggestions [role=option]').length > 0 && "
      "document.getElementById('q').value === 'micro'"));
  const json suggested = api(port, "/v1/suggest?limit=8&q=micro");
  std::vector<std::string> expected;
  for (const json& item : suggested["suggestions"])
    expected.push_back(item["text"].get<std::string>());
  REQUIRE(browser.wait_for(
      "return document.querySelectorAll('#suggestions [role=option]').length === " +
      std::to_string(expected.size())));
  CHECK(browser
            .execute("return [...document.querySelectorAll('#suggestions [role=option]')]"
                     ".map(o => o.firstChild.textContent)")
            .get<std::vector<std::string>>() == expected);
  CHECK(browser.execute("return document.getElementById('q').getAttribute('aria-expanded')")
            .get<std::string>() == "true");
  const json timings = browser.execute("return window.cribleTimings");
  REQUIRE(!timings.empty());
  save_artifact("suggest-timings.json", timings.dump());

  // Keyboard: the first suggestion (the entity Microsoft) is taken as a filter chip.
  REQUIRE(suggested["suggestions"][0]["kind"] == "entity");
  browser.type(box, kArrowDown);
  CHECK(browser.execute("return document.getElementById('q').getAttribute('aria-activedescendant')")
            .get<std::string>() == "suggestion-0");
  browser.type(box, kEnter);
  std::uint64_t total = shown_total(browser);
  json results = api(port, search_target("", "&entity=microsoft"));
  CHECK(total == results["total"]["value"].get<std::uint64_t>());
  CHECK(shown_hit_ids(browser) == api_hit_ids(results));
  CHECK(browser.execute("return document.querySelector('#active .chip').textContent")
            .get<std::string>()
            .find("Microsoft") != std::string::npos);

  // A typed search with Enter, the chip still on; then a facet chip clicked.
  reset_total(browser);
  browser.clear(box);
  browser.type(box, "tiktok");
  REQUIRE(browser.wait_for("return !document.getElementById('suggestions').hidden"));
  browser.type(box, kEscape);  // closes the suggestions, keeps the text
  CHECK(browser.execute("return document.getElementById('suggestions').hidden").get<bool>());
  CHECK(browser.execute("return document.getElementById('q').value").get<std::string>() ==
        "tiktok");
  browser.type(box, kEnter);
  total = shown_total(browser);
  results = api(port, search_target("tiktok", "&entity=microsoft"));
  CHECK(total == results["total"]["value"].get<std::uint64_t>());
  CHECK(shown_hit_ids(browser) == api_hit_ids(results));
  // Highlights are the API's: each <mark> is a highlighted range of a snippet.
  CHECK(browser.execute("return document.querySelectorAll('#hits mark').length > 0").get<bool>());
  reset_total(browser);
  browser.click(browser.find("#facets button[data-entity='oracle']"));
  total = shown_total(browser);
  results = api(port, search_target("tiktok", "&entity=microsoft&entity=oracle"));
  CHECK(total == results["total"]["value"].get<std::uint64_t>());
  CHECK(shown_hit_ids(browser) == api_hit_ids(results));
  // The chart's bars add up to the histogram's matches.
  const json histogram = api(
      port, "/v1/search?limit=0&threads=1&histogram=week&q=tiktok&entity=microsoft&entity=oracle");
  std::uint64_t histogram_total = 0;
  for (const json& bucket : histogram["histogram"]["buckets"])
    histogram_total += bucket["count"].get<std::uint64_t>();
  CHECK(browser
            .execute("return [...document.querySelectorAll('#chart rect')]"
                     ".reduce((sum, r) => sum + Number(r.dataset.count), 0)")
            .get<std::uint64_t>() == histogram_total);

  // Pages: the second page is the API's offset 10.
  while (browser.execute("return document.querySelectorAll('#active .chip').length").get<int>() >
         0) {
    reset_total(browser);
    browser.click(browser.find("#active .chip"));
    shown_total(browser);
  }
  const std::string wide = "a* OR e* OR m* OR p*";
  reset_total(browser);
  browser.clear(box);
  browser.type(box, wide + kEnter);
  total = shown_total(browser);
  results = api(port, search_target(wide));
  REQUIRE(total == results["total"]["value"].get<std::uint64_t>());
  REQUIRE(total > 10);
  reset_total(browser);
  browser.click(browser.find("#pages button[data-page='2']"));
  shown_total(browser);
  CHECK(shown_hit_ids(browser) == api_hit_ids(api(port, search_target(wide, "&offset=10"))));
  CHECK(browser.execute("return document.querySelector('#pages [aria-current=page]').textContent")
            .get<std::string>() == "2");
  CHECK(browser.execute("return location.search").get<std::string>().find("page=2") !=
        std::string::npos);
  browser.execute("window.scrollTo(0, 0); return true");
  save_artifact("search-page.png", browser.screenshot_png());

  // An error is shown as text: the API's own message.
  reset_total(browser);
  browser.clear(box);
  browser.type(box, "entity:nimportequoi" + kEnter);
  REQUIRE(browser.wait_for("return !document.getElementById('error').hidden"));
  const json refused =
      json::parse(test::http_request(port, "GET", search_target("entity:nimportequoi")).body);
  CHECK(browser.execute("return document.getElementById('error').textContent")
            .get<std::string>()
            .find(refused["error"]["message"].get<std::string>()) != std::string::npos);

  // No console error at any point (a 400 the page asked for aside: Chromium logs every
  // failed fetch, and that one was meant).
  for (const json& entry : browser.console_log()) {
    const std::string message = entry.value("message", "");
    if (entry.value("level", "") != "SEVERE") continue;
    if (message.find("/v1/search") != std::string::npos && message.find("400") != std::string::npos)
      continue;
    FAIL_CHECK("console: " << message);
  }
}

TEST_CASE("the page's files: types, caching, security headers, nothing else served", "[ui]") {
  TempDir dir;
  test::index_sample(dir / "db");
  test::ServerProcess server(dir / "db", {});
  const int port = server.port();
  const test::HttpResult page = test::http_request(port, "GET", "/");
  REQUIRE(page.status == 200);
  CHECK(page.headers.at("content-type") == "text/html; charset=utf-8");
  CHECK(page.headers.at("content-security-policy").find("script-src 'self'") != std::string::npos);
  CHECK(page.headers.at("x-content-type-options") == "nosniff");
  CHECK(page.body.find("/ui/app.js") != std::string::npos);
  CHECK(test::http_request(port, "GET", "/ui/index.html").body == page.body);
  const test::HttpResult script = test::http_request(port, "GET", "/ui/app.js");
  CHECK(script.headers.at("content-type") == "text/javascript; charset=utf-8");
  CHECK(test::http_request(port, "GET", "/ui/style.css").headers.at("content-type") ==
        "text/css; charset=utf-8");
  // Revalidation: the same ETag gets a 304 without a body.
  const test::HttpResult again = test::http_request(port, "GET", "/ui/app.js", "",
                                                    {{"If-None-Match", script.headers.at("etag")}});
  CHECK(again.status == 304);
  CHECK(again.body.empty());
  for (const char* missing :
       {"/ui/", "/ui/../openapi.json", "/ui/app.js.map", "/ui/%2e%2e/x", "/index.html"})
    CHECK(test::http_request(port, "GET", missing).status == 404);
  CHECK(test::http_request(port, "POST", "/ui/app.js", "x", {{"Content-Type", "text/plain"}})
            .status == 405);
  // No write from the page: nothing in it sends anything but GET.
  CHECK(script.body.find("method:") == std::string::npos);
  CHECK(script.body.find("POST") == std::string::npos);
}
