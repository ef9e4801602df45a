#pragma once
// The HTTP/1.1 side of crible-server, on Boost.Beast: asynchronous connections on a
// few I/O threads, each request's work on a fixed pool of workers behind a bounded
// queue (full: 503), limits and timeouts on every connection, graceful shutdown.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "config.h"
#include "metrics.h"

namespace crible::server {

struct Request {
  std::string method;                          // "GET"
  std::string path;                            // "/v1/search", percent-decoding left to the handler
  std::string query;                           // after '?', raw
  std::map<std::string, std::string> headers;  // names in lower case
  std::string body;
};

struct Response {
  unsigned status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::map<std::string, std::string> headers;
  std::string route = "other";  // for metrics: "/v1/search", not the raw path
};

// Runs a request on worker @p worker (0 .. workers-1): a worker's state is its own.
using Handler = std::function<Response(const Request& request, unsigned worker)>;
// The metrics route of a request path, for the answers the connection gives itself (a
// full queue, a body over the limit): counted with the route's own, not as "other".
using RouteLabel = std::function<std::string(const std::string& path)>;
// The error response for a status (400, 404, 413, ...), as the API formats errors.
Response error_response(unsigned status, const std::string& code, const std::string& message);

class HttpServer {
 public:
  HttpServer(const ServerConfig& config, unsigned workers, Handler handler, Metrics& metrics,
             RouteLabel route_label = {});
  ~HttpServer();
  // The port actually bound (the config's, or the one the system chose for 0).
  unsigned short port() const;
  // Serves until stop() or SIGTERM/SIGINT; returns once in-flight requests are done.
  void run();
  // Stops accepting, finishes what is in flight. Thread-safe.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace crible::server
