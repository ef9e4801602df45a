#include "http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <thread>

namespace crible::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

namespace {

// Header names in lower case, as HttpResult keeps them.
template <class Fields>
std::map<std::string, std::string> lower_case_headers(const Fields& fields) {
  std::map<std::string, std::string> out;
  for (const auto& field : fields) {
    std::string name(field.name_string());
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    out[name] = std::string(field.value());
  }
  return out;
}

}  // namespace

void log_exchange(const std::string& method, const std::string& target, const HttpResult& result) {
  const char* log = std::getenv("CRIBLE_HTTP_LOG");
  if (!log || !*log) return;
  const std::size_t question = target.find('?');
  const nlohmann::json line = {
      {"method", method},
      {"target", target},
      {"path", target.substr(0, question)},
      {"query", question == std::string::npos ? "" : target.substr(question + 1)},
      {"status", result.status},
      {"headers", result.headers},
      {"body", result.body}};
  const std::string text =
      line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  // One write() in append mode: concurrent tests (ctest -j) and threads never
  // interleave their lines.
  const int fd = ::open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error(std::string("cannot open CRIBLE_HTTP_LOG ") + log);
  const ssize_t written = ::write(fd, text.data(), text.size());
  ::close(fd);
  if (written != static_cast<ssize_t>(text.size()))
    throw std::runtime_error(std::string("cannot write CRIBLE_HTTP_LOG ") + log);
}

HttpResult http_request(int port, const std::string& method, const std::string& target,
                        const std::string& body,
                        const std::map<std::string, std::string>& headers) {
  HttpResult result = http_request_unlogged(port, method, target, body, headers);
  log_exchange(method, target, result);
  return result;
}

HttpResult http_request_unlogged(int port, const std::string& method, const std::string& target,
                                 const std::string& body,
                                 const std::map<std::string, std::string>& headers) {
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.expires_after(std::chrono::seconds(30));
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"),
                                         static_cast<unsigned short>(port)));
  http::request<http::string_body> request(http::string_to_verb(method), target, 11);
  request.set(http::field::host, "127.0.0.1");
  for (const auto& [name, value] : headers)
    request.set(name, value);
  request.body() = body;
  request.prepare_payload();
  // A server may answer (413) and close before the whole body is sent: read anyway.
  beast::error_code write_error;
  http::write(stream, request, write_error);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(std::uint64_t{1} << 30);
  parser.skip(method == "HEAD");  // no body follows, whatever Content-Length says
  http::read(stream, buffer, parser);
  HttpResult result;
  result.status = static_cast<int>(parser.get().result_int());
  result.body = parser.get().body();
  result.headers = lower_case_headers(parser.get());
  beast::error_code ignored;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  return result;
}

// The requests a RawConnection sent, parsed from its bytes (a request is known once its
// header is), and the responses it received, each paired with the oldest request not
// answered yet, and logged.
struct RawConnection::Tracker {
  struct Sent {
    std::string method, target;
  };
  std::optional<http::request_parser<http::string_body>> request;
  bool request_known = false;
  bool request_garbled = false;  // bytes that are no request: stop reading them
  std::deque<Sent> pending;
  std::optional<http::response_parser<http::string_body>> response;

  // Beast's parsers take what they can of a buffer; the rest waits for more bytes.
  std::string unparsed_sent, unparsed_received;

  void sent(std::string_view bytes) {
    unparsed_sent.append(bytes);
    while (!unparsed_sent.empty() && !request_garbled) {
      if (!request) {
        request.emplace();
        request->eager(true);
        request->body_limit(boost::none);
        request_known = false;
      }
      beast::error_code error;
      const std::size_t used =
          request->put(asio::buffer(unparsed_sent.data(), unparsed_sent.size()), error);
      unparsed_sent.erase(0, used);
      if (error == http::error::need_more) return;
      if (error) {
        request_garbled = true;
        return;
      }
      if (request->is_header_done() && !request_known) {
        request_known = true;
        pending.push_back(
            {std::string(request->get().method_string()), std::string(request->get().target())});
      }
      if (request->is_done()) request.reset();
      if (used == 0) return;
    }
  }

  void received(std::string_view bytes) {
    unparsed_received.append(bytes);
    while (!unparsed_received.empty()) {
      if (!response) {
        response.emplace();
        response->eager(true);
        response->body_limit(boost::none);
        response->skip(!pending.empty() && pending.front().method == "HEAD");
      }
      beast::error_code error;
      const std::size_t used =
          response->put(asio::buffer(unparsed_received.data(), unparsed_received.size()), error);
      unparsed_received.erase(0, used);
      if (error == http::error::need_more) return;
      if (error) {  // not HTTP: the test looks at these bytes itself
        unparsed_received.clear();
        return;
      }
      if (response->is_done()) finish();
      if (used == 0) return;
    }
  }

  // The connection closed: a response delimited by the end of the stream is complete.
  void closed() {
    if (!response || !response->is_header_done()) return;
    beast::error_code error;
    response->put_eof(error);
    if (!error && response->is_done()) finish();
  }

  void finish() {
    HttpResult result;
    result.status = static_cast<int>(response->get().result_int());
    result.body = response->get().body();
    result.headers = lower_case_headers(response->get());
    response.reset();
    if (result.status < 200) return;  // an interim answer (100 Continue): the final one follows
    Sent request;
    if (!pending.empty()) {
      request = pending.front();
      pending.pop_front();
    }
    log_exchange(request.method, request.target, result);
  }
};

RawConnection::RawConnection(int port) : tracker_(std::make_unique<Tracker>()) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (fd_ < 0 || ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0)
    throw std::runtime_error("cannot connect to port " + std::to_string(port));
}

RawConnection::~RawConnection() {
  if (fd_ >= 0) ::close(fd_);
}

bool RawConnection::send(const std::string& bytes) {
  const bool sent =
      ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  if (sent) tracker_->sent(bytes);
  return sent;
}

std::string RawConnection::receive(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  std::string out;
  char buffer[4096];
  while (!closed_ && std::chrono::steady_clock::now() < deadline) {
    pollfd poller{fd_, POLLIN, 0};
    if (::poll(&poller, 1, 50) <= 0) continue;
    const ssize_t got = ::recv(fd_, buffer, sizeof buffer, 0);
    if (got <= 0) {
      closed_ = true;  // end of stream, or reset
      tracker_->closed();
    } else {
      out.append(buffer, static_cast<std::size_t>(got));
      tracker_->received(std::string_view(buffer, static_cast<std::size_t>(got)));
    }
  }
  return out;
}

std::string url_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (const unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

}  // namespace crible::test
