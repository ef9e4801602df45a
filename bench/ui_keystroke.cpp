// Keystroke to painted suggestions in a real browser: Debian's Chromium (headless,
// through chromedriver) on crible-server's search page, typing each text of a file one
// key at a time and waiting for each key's suggestions to be painted; the page itself
// records the time from the input event to the next frame after the suggestions were
// put in the page (window.cribleTimings).
//
//   bench_ui_keystroke --url http://127.0.0.1:PORT/ --texts FILE

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "../tests/support/webdriver.h"
#include "percentile.h"

int main(int argc, char** argv) {
  std::string url, texts_file;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--url")
      url = argv[i + 1];
    else if (flag == "--texts")
      texts_file = argv[i + 1];
  }
  if (url.empty() || texts_file.empty()) {
    std::fprintf(stderr, "usage: bench_ui_keystroke --url URL --texts FILE\n");
    return 2;
  }
  try {
    std::vector<std::string> texts;
    std::ifstream file(texts_file);
    for (std::string line; std::getline(file, line);)
      if (!line.empty()) texts.push_back(line);
    crible::test::WebDriver browser;
    browser.navigate(url);
    const std::string box = browser.find("#q");
    std::size_t keys = 0, missed = 0;
    std::vector<double> timings;
    for (const std::string& text : texts) {
      browser.clear(box);
      browser.execute("window.cribleTimings = []; return true");
      std::size_t expected = 0;
      for (std::size_t at = 0; at < text.size();) {
        std::size_t length = 1;  // one UTF-8 character per key
        while (at + length < text.size() &&
               (static_cast<unsigned char>(text[at + length]) & 0xC0) == 0x80)
          ++length;
        const std::string key = text.substr(at, length);
        at += length;
        browser.type(box, key);
        ++keys;
        if (key == " ") continue;  // a space alone may ask nothing new
        ++expected;
        if (!browser.wait_for("return window.cribleTimings.length >= " + std::to_string(expected),
                              std::chrono::seconds(5))) {
          ++missed;
          expected = browser.execute("return window.cribleTimings.length").get<std::size_t>();
        }
      }
      for (const auto& ms : browser.execute("return window.cribleTimings"))
        timings.push_back(ms.get<double>());
    }
    using crible::bench::percentile;
    std::printf("| keys typed | suggestion lists painted | p50 ms | p90 ms | p99 ms | max ms |\n");
    std::printf("|---:|---:|---:|---:|---:|---:|\n");
    std::printf("| %zu | %zu | %.1f | %.1f | %.1f | %.1f |\n", keys, timings.size(),
                percentile(timings, 0.5), percentile(timings, 0.9), percentile(timings, 0.99),
                percentile(timings, 1.0));
    if (missed) std::printf("\n%zu keys got no painted suggestions within 5 s\n", missed);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_ui_keystroke: %s\n", e.what());
    return 1;
  }
}
