#include "webdriver.h"

#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <thread>
#include <vector>

#include "http.h"

namespace crible::test {

namespace {

// The key WebDriver answers every element reference under (W3C WebDriver, 12.1).
constexpr const char* kElementKey = "element-6066-11e4-a52e-4f735466cecf";

std::string executable(const char* variable, const char* fallback) {
  const char* chosen = std::getenv(variable);
  const std::string path = chosen && *chosen ? chosen : fallback;
  return ::access(path.c_str(), X_OK) == 0 ? path : std::string();
}

// A port nobody listens on now (the kernel's choice, released for chromedriver).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
    throw std::runtime_error("no free port");
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string base64_decode(const std::string& text) {
  std::string out;
  unsigned buffer = 0;
  int bits = 0;
  for (const char c : text) {
    int value = -1;
    if (c >= 'A' && c <= 'Z')
      value = c - 'A';
    else if (c >= 'a' && c <= 'z')
      value = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      value = c - '0' + 52;
    else if (c == '+')
      value = 62;
    else if (c == '/')
      value = 63;
    if (value < 0) continue;  // padding, line breaks
    buffer = (buffer << 6) | static_cast<unsigned>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

}  // namespace

std::string chromium_binary() {
  return executable("CRIBLE_CHROMIUM", "/usr/bin/chromium");
}
std::string chromedriver_binary() {
  return executable("CRIBLE_CHROMEDRIVER", "/usr/bin/chromedriver");
}

WebDriver::WebDriver() {
  const std::string driver = chromedriver_binary(), browser = chromium_binary();
  if (driver.empty() || browser.empty()) throw std::runtime_error("no chromium or chromedriver");
  port_ = free_port();
  profile_ = std::filesystem::temp_directory_path() /
             ("crible-chromium-" + std::to_string(::getpid()) + "-" + std::to_string(port_));
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::setpgid(0, 0);  // its browser processes go with it
    std::vector<std::string> args{driver, "--port=" + std::to_string(port_), "--silent"};
    std::vector<char*> argv;
    for (std::string& arg : args)
      argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    try {
      const HttpResult status = http_request_unlogged(port_, "GET", "/status");
      if (status.status == 200 && nlohmann::json::parse(status.body)["value"].value("ready", false))
        break;
    } catch (const std::exception&) {
      // not listening yet
    }
    if (std::chrono::steady_clock::now() > deadline)
      throw std::runtime_error("chromedriver did not start on port " + std::to_string(port_));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // Root in a container needs --no-sandbox; a profile of its own keeps parallel runs apart.
  const nlohmann::json capabilities = {
      {"capabilities",
       {{"alwaysMatch",
         {{"browserName", "chrome"},
          {"goog:loggingPrefs", {{"browser", "ALL"}}},
          {"goog:chromeOptions",
           {{"binary", browser},
            {"args",
             {"--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--window-size=1200,1000", "--lang=fr-FR", "--no-first-run",
              "--user-data-dir=" + profile_.string()}}}}}}}}};
  session_ = command("POST", "/session", capabilities)["sessionId"].get<std::string>();
}

WebDriver::~WebDriver() {
  try {
    if (!session_.empty()) command("DELETE", "/session/" + session_);
  } catch (const std::exception&) {
    // the driver is killed below anyway
  }
  if (pid_ > 0) {
    ::kill(-pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(profile_, ignored);
}

nlohmann::json WebDriver::command(const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  const HttpResult result =
      http_request_unlogged(port_, method, path, body.is_null() ? "" : body.dump(),
                            {{"Content-Type", "application/json"}});
  nlohmann::json answer = nlohmann::json::parse(result.body, nullptr, false);
  if (answer.is_discarded())
    throw std::runtime_error(method + " " + path + ": not JSON: " + result.body);
  if (result.status != 200)
    throw std::runtime_error(method + " " + path + ": " + std::to_string(result.status) + " " +
                             answer["value"].value("message", result.body));
  return answer["value"];
}

void WebDriver::navigate(const std::string& url) {
  command("POST", "/session/" + session_ + "/url", {{"url", url}});
}

std::string WebDriver::find(const std::string& css) {
  return command("POST", "/session/" + session_ + "/element",
                 {{"using", "css selector"}, {"value", css}})[kElementKey]
      .get<std::string>();
}

void WebDriver::type(const std::string& element, const std::string& keys) {
  command("POST", "/session/" + session_ + "/element/" + element + "/value", {{"text", keys}});
}

void WebDriver::click(const std::string& element) {
  command("POST", "/session/" + session_ + "/element/" + element + "/click",
          nlohmann::json::object());
}

void WebDriver::clear(const std::string& element) {
  command("POST", "/session/" + session_ + "/element/" + element + "/clear",
          nlohmann::json::object());
}

nlohmann::json WebDriver::execute(const std::string& script, const nlohmann::json& args) {
  return command("POST", "/session/" + session_ + "/execute/sync",
                 {{"script", script}, {"args", args}});
}

bool WebDriver::wait_for(const std::string& script, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const nlohmann::json value = execute(script);
    if (value.is_boolean() && value.get<bool>()) return true;
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
}

std::string WebDriver::screenshot_png() {
  return base64_decode(command("GET", "/session/" + session_ + "/screenshot").get<std::string>());
}

nlohmann::json WebDriver::console_log() {
  // chromedriver's log endpoint (outside the W3C protocol, which has none).
  return command("POST", "/session/" + session_ + "/se/log", {{"type", "browser"}});
}

}  // namespace crible::test
