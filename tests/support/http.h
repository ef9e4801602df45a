#pragma once
// A real HTTP/1.1 client (Boost.Beast, blocking) and a real crible-server process on
// a loopback port, for the server's tests: no mock on either side.

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace crible::test {

struct HttpResult {
  int status = 0;
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
};

// One request on a fresh connection. @p headers are sent as given. A HEAD's answer is
// read without a body, as a client must (its Content-Length is the GET's).
HttpResult http_request(int port, const std::string& method, const std::string& target,
                        const std::string& body = "",
                        const std::map<std::string, std::string>& headers = {});

// The same, not logged (CRIBLE_HTTP_LOG): for servers other than crible-server (the
// browser test's chromedriver), whose answers openapi.json does not describe.
HttpResult http_request_unlogged(int port, const std::string& method, const std::string& target,
                                 const std::string& body = "",
                                 const std::map<std::string, std::string>& headers = {});

// Every response the helpers here receive (http_request, RawConnection) is appended
// as one JSON line to the file the environment variable CRIBLE_HTTP_LOG names, when it
// is set: method, target, path, query, status, headers (lower-case names), body. CTest
// sets it for the tests that use these helpers, and tests/openapi/validate-log.mjs
// checks every line against tools/crible-server/openapi.json.
void log_exchange(const std::string& method, const std::string& target, const HttpResult& result);

// A connected socket for tests that drip bytes (slow clients) or look at the bytes
// themselves (keep-alive). Closed on destruction. The requests sent and the responses
// received are parsed as they go, so that each complete response is logged as
// http_request's are.
class RawConnection {
 public:
  explicit RawConnection(int port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;
  bool send(const std::string& bytes);
  // What the server sends until it closes the connection or @p wait passes.
  std::string receive(std::chrono::milliseconds wait);
  // True when the server closed the connection within @p wait (after receive()).
  bool closed() const { return closed_; }

 private:
  struct Tracker;
  int fd_ = -1;
  bool closed_ = false;
  std::unique_ptr<Tracker> tracker_;
};

// crible-server on 127.0.0.1 and a port the system chooses, stopped (SIGTERM) with
// the object. With a @p launcher, that command runs first and must exec the server
// with the arguments it is given (e.g. {"unshare", "-rm", "sh", "-c", "...; exec \"$0\"
// \"$@\""}): the process keeps its pid.
class ServerProcess {
 public:
  ServerProcess(const std::filesystem::path& db, const std::vector<std::string>& arguments,
                const std::vector<std::string>& launcher = {});
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends SIGTERM and waits for the exit status (-1: killed after 30 s).
  int terminate();
  // SIGKILL, as a crash or the OOM killer would, and waits for it.
  void kill_now();
  // What it wrote on stderr so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::filesystem::path log_;
};

std::string url_encode(const std::string& text);

}  // namespace crible::test
