#include "http_server.h"

#include <spdlog/spdlog.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "http_message.h"

namespace crible::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

Response error_response(unsigned status, const std::string& code, const std::string& message) {
  Response response;
  response.status = status;
  response.body = nlohmann::json{{"error", {{"code", code}, {"message", message}}}}.dump(
      -1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

namespace {

// Request handling threads behind a bounded queue: a full queue is refused at once
// (503) rather than letting latency grow without bound.
class WorkerPool {
 public:
  using Job = std::function<void(unsigned worker)>;

  WorkerPool(unsigned workers, std::size_t capacity) : capacity_(capacity) {
    for (unsigned i = 0; i < workers; ++i)
      threads_.emplace_back([this, i] { work(i); });
  }
  ~WorkerPool() { stop(); }

  bool try_post(Job job) {
    {
      std::lock_guard lock(mutex_);
      if (stopping_ || jobs_.size() >= capacity_) return false;
      jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
    return true;
  }

  // Runs what is queued, then joins.
  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    for (std::thread& thread : threads_)
      if (thread.joinable()) thread.join();
  }

 private:
  void work(unsigned worker) {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mutex_);
        wake_.wait(lock, [&] { return stopping_ || !jobs_.empty(); });
        if (jobs_.empty()) return;
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      job(worker);
    }
  }

  std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace

class HttpServer::Impl {
 public:
  Impl(const ServerConfig& config, unsigned workers, Handler handler, Metrics& metrics,
       RouteLabel route_label)
      : config_(config),
        handler_(std::move(handler)),
        route_label_(std::move(route_label)),
        metrics_(metrics),
        pool_(workers, config.limits.queue_capacity),
        control_(asio::make_strand(io_)),
        acceptor_(control_),
        signals_(control_, SIGINT, SIGTERM) {
    const tcp::endpoint endpoint(asio::ip::make_address(config.host), config.port);
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
  }

  unsigned short port() const { return acceptor_.local_endpoint().port(); }

  void run() {
    accept();
    signals_.async_wait([this](const beast::error_code& error, int signal) {
      if (error) return;
      spdlog::info("signal {}: finishing in-flight requests, then stopping", signal);
      begin_stop();
    });
    // Two I/O threads: connections are asynchronous, the work is on the pool.
    std::thread second([this] { io_.run(); });
    io_.run();
    second.join();
    pool_.stop();
  }

  void stop() {
    asio::post(control_, [this] { begin_stop(); });
  }

  class Session;

  // Sessions alive, so that a stop can close the idle ones.
  void add(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.insert(session);
  }
  void remove(const std::shared_ptr<Session>& session) {
    std::lock_guard lock(sessions_mutex_);
    sessions_.erase(session);
  }

  const ServerConfig& config_;
  Handler handler_;
  RouteLabel route_label_;
  Metrics& metrics_;
  WorkerPool pool_;
  asio::io_context io_;
  // The acceptor's and the signals' handlers, and the stop, run one at a time: with two
  // I/O threads, a stop closing the acceptor while an accept handler started the next
  // accept crashed the server now and then (SIGSEGV in epoll_reactor::start_op).
  asio::strand<asio::io_context::executor_type> control_;
  tcp::acceptor acceptor_;
  asio::signal_set signals_;
  std::atomic<bool> draining_{false};
  std::mutex sessions_mutex_;
  std::set<std::weak_ptr<Session>, std::owner_less<std::weak_ptr<Session>>> sessions_;

 private:
  void accept();
  void begin_stop();
};

class HttpServer::Impl::Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Impl& server) : stream_(std::move(socket)), server_(server) {}

  void start() {
    server_.add(shared_from_this());
    read_header();
  }

  // On stop: a connection waiting for its next request is closed now.
  void close_if_idle() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      if (self->idle_) self->close();
    });
  }

 private:
  const Limits& limits() const { return server_.config_.limits; }

  void read_header() {
    if (server_.draining_) return close();
    idle_ = true;
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits().max_header_bytes));
    parser_->body_limit(limits().max_body_bytes);  // counts decoded chunked bodies too
    // The whole request, headers and body, must arrive within the read timeout: a
    // client sending a byte a second cannot hold a connection.
    stream_.expires_after(limits().read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code error, std::size_t) {
                              self->on_header(error);
                            });
  }

  void on_header(beast::error_code error) {
    idle_ = false;
    started_ = std::chrono::steady_clock::now();
    const auto& header = parser_->get();
    head_ = header.method() == http::verb::head;  // the request line may be all there is
    if (error) return on_read_error(error);
    if (static_cast<std::size_t>(std::distance(header.begin(), header.end())) >
        limits().max_headers)
      return reply(labelled(error_response(
                       431, "too_many_headers",
                       "more than " + std::to_string(limits().max_headers) + " headers")),
                   false);
    if (ascii_lower(std::string(header[http::field::expect])) == "100-continue") {
      auto continue_response =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      http::async_write(
          stream_, *continue_response,
          [self = shared_from_this(), continue_response](beast::error_code e, std::size_t) {
            if (e) return self->close();
            self->read_body();
          });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code error, std::size_t) {
                       if (error) return self->on_read_error(error);
                       self->dispatch();
                     });
  }

  void on_read_error(beast::error_code error) {
    if (error == http::error::end_of_stream || error == asio::error::connection_reset ||
        error == asio::error::operation_aborted || error == beast::error::timeout)
      return close();  // the client left, or was too slow: nobody to answer
    if (error == http::error::body_limit)
      return reply(labelled(error_response(
                       413, "payload_too_large",
                       "the body is over " + std::to_string(limits().max_body_bytes) + " bytes")),
                   false);
    if (error == http::error::header_limit)
      return reply(error_response(431, "headers_too_large",
                                  "the request line and headers are over " +
                                      std::to_string(limits().max_header_bytes) + " bytes"),
                   false);
    return reply(
        labelled(error_response(400, "bad_request", "malformed HTTP request: " + error.message())),
        false);
  }

  // @p response with the route of the request whose request line was read, if it was
  // (the parser has it even when the headers failed: a Content-Length over the limit).
  Response labelled(Response response) const {
    if (parser_) {
      const std::string target(parser_->get().target());
      if (!target.empty()) response.route = label(target.substr(0, target.find('?')));
    }
    return response;
  }

  std::string label(const std::string& path) const {
    return server_.route_label_ ? server_.route_label_(path) : std::string("other");
  }

  void dispatch() {
    auto message = parser_->release();
    keep_alive_ = message.keep_alive();
    auto request = std::make_shared<Request>(to_request(std::move(message)));

    // The work runs on a worker; the answer comes back to this connection's strand.
    // The work guard keeps the I/O loop alive until the answer is posted.
    auto guard = std::make_shared<asio::executor_work_guard<asio::io_context::executor_type>>(
        server_.io_.get_executor());
    const bool queued = server_.pool_.try_post([self = shared_from_this(), request,
                                                guard](unsigned worker) {
      auto response = std::make_shared<Response>(self->handle(*request, worker));
      asio::post(self->stream_.get_executor(), [self, response] { self->reply(*response, true); });
    });
    if (!queued) {
      server_.metrics_.rejected();
      Response busy = error_response(503, "overloaded", "every worker is busy: retry shortly");
      busy.headers["Retry-After"] = "1";
      busy.route = label(request->path);
      reply(busy, true);
    }
  }

  Response handle(const Request& request, unsigned worker) {
    try {
      return server_.handler_(request, worker);
    } catch (const std::exception& e) {
      spdlog::error("{} {}: {}", request.method, request.path, e.what());
      Response response = error_response(500, "internal_error", "internal error");
      response.route = label(request.path);
      return response;
    }
  }

  void reply(const Response& response, bool may_keep_alive) {
    const bool keep = may_keep_alive && keep_alive_ && !server_.draining_;
    auto message = std::make_shared<ResponseMessage>(
        to_message(response, server_.config_.cors_origin, keep, head_));
    stream_.expires_after(limits().write_timeout);
    // Counted before the write: once a client has read this answer, a /metrics it asks next
    // must already include it (counting on write completion raced with that next request).
    server_.metrics_.request(response.route, response.status,
                             std::chrono::steady_clock::now() - started_);
    http::async_write(
        stream_, *message,
        [self = shared_from_this(), message, keep](beast::error_code error, std::size_t) {
          if (error || !keep) return self->close();
          self->read_header();
        });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
    server_.remove(shared_from_this());
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  Impl& server_;
  bool keep_alive_ = false;
  bool head_ = false;  // the request being answered is a HEAD: no body in the answer
  bool idle_ = true;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

void HttpServer::Impl::accept() {
  acceptor_.async_accept(asio::make_strand(io_),
                         [this](beast::error_code error, tcp::socket socket) {
                           if (error) {
                             if (error != asio::error::operation_aborted)
                               spdlog::warn("accept: {}", error.message());
                           } else if (!draining_) {
                             std::make_shared<Session>(std::move(socket), *this)->start();
                           }  // else: accepted as the stop began, closed unanswered
                           if (acceptor_.is_open()) accept();
                         });
}

void HttpServer::Impl::begin_stop() {
  if (draining_.exchange(true)) return;
  beast::error_code ignored;
  acceptor_.close(ignored);
  signals_.cancel(ignored);
  std::vector<std::shared_ptr<Session>> alive;
  {
    std::lock_guard lock(sessions_mutex_);
    for (const auto& weak : sessions_)
      if (auto session = weak.lock()) alive.push_back(session);
  }
  for (const auto& session : alive)
    session->close_if_idle();
}

HttpServer::HttpServer(const ServerConfig& config, unsigned workers, Handler handler,
                       Metrics& metrics, RouteLabel route_label)
    : impl_(std::make_unique<Impl>(config, workers, std::move(handler), metrics,
                                   std::move(route_label))) {}
HttpServer::~HttpServer() = default;
unsigned short HttpServer::port() const {
  return impl_->port();
}
void HttpServer::run() {
  impl_->run();
}
void HttpServer::stop() {
  impl_->stop();
}

}  // namespace crible::server
