#pragma once
// A real Chromium (Debian's chromium, headless) driven through a real chromedriver
// over the W3C WebDriver protocol, for the search page's test: no mock browser.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace crible::test {

// The browser and its driver, when this machine has both (CRIBLE_CHROMIUM and
// CRIBLE_CHROMEDRIVER name them; /usr/bin/chromium and /usr/bin/chromedriver by
// default); empty when not.
std::string chromium_binary();
std::string chromedriver_binary();

// chromedriver on a free loopback port, one browser session, both ended with the object.
class WebDriver {
 public:
  // Starts them. Throws std::runtime_error naming what failed.
  WebDriver();
  ~WebDriver();
  WebDriver(const WebDriver&) = delete;
  WebDriver& operator=(const WebDriver&) = delete;

  void navigate(const std::string& url);
  // The element the CSS selector finds first; throws when there is none.
  std::string find(const std::string& css);
  // Keys typed into an element, as a user types them (one key event each); WebDriver's
  // key codes for the others ("\uE007" Enter, "\uE015" ArrowDown, "\uE00C" Escape).
  void type(const std::string& element, const std::string& keys);
  void click(const std::string& element);
  void clear(const std::string& element);
  // Runs @p script (a function body: "return ...") in the page, with @p args as arguments.
  nlohmann::json execute(const std::string& script,
                         const nlohmann::json& args = nlohmann::json::array());
  // Runs @p script until it returns true, or @p timeout passes (false then).
  bool wait_for(const std::string& script,
                std::chrono::milliseconds timeout = std::chrono::seconds(10));
  // The page as a PNG image.
  std::string screenshot_png();
  // The browser console's entries since the last call: [{"level", "message"}...].
  nlohmann::json console_log();

 private:
  nlohmann::json command(const std::string& method, const std::string& path,
                         const nlohmann::json& body = nullptr);

  pid_t pid_ = -1;
  int port_ = 0;
  std::string session_;
  std::filesystem::path profile_;
};

}  // namespace crible::test
