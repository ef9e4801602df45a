// Fuzz target: any bytes as an HTTP request to crible-server. Beast's parser with the
// server's limits, then the API over a real, writable index (the token is "abc": POST
// bodies are parsed and committed, DELETEs committed), then the response message, as a
// connection does them. Every input gets a response or a parse error; none crashes,
// hangs or leaks.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <sstream>

#include "api.h"
#include "crible/index.h"
#include "http_message.h"
#include "index_service.h"
#include "metrics.h"

namespace {

namespace http = boost::beast::http;
using namespace crible::server;

crible::Document document(std::string id, std::string body, std::string parent = {}) {
  crible::Document out;
  out.id = std::move(id);
  out.body = std::move(body);
  if (!parent.empty()) {
    out.type = crible::DocumentType::comment;
    out.parent = std::move(parent);
  }
  return out;
}

// Where the index goes: memory when there is a tmpfs (a commit per accepted write
// would otherwise wait on the disk), else the temporary directory.
std::filesystem::path index_parent() {
  std::error_code ignored;
  if (std::filesystem::is_directory("/dev/shm", ignored)) return "/dev/shm";
  return std::filesystem::temp_directory_path();
}

// A small index, the server's pieces over it, removed when done.
struct Server {
  std::filesystem::path dir = index_parent() / ("crible-fuzz-http-" + std::to_string(::getpid()));
  ServerConfig config;
  Metrics metrics;
  std::unique_ptr<IndexService> index;
  std::unique_ptr<Api> api;

  Server() {
    spdlog::set_level(spdlog::level::off);  // the log would drown libFuzzer's output
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    config.db = (dir / "db").string();
    config.token = "abc";
    crible::IndexWriter writer = crible::IndexWriter::open(config.db);
    writer.add(document("a1", "Microsoft négocie le rachat de TikTok aux États-Unis."));
    writer.add(document("a1#c1", "Oracle et Walmart aussi, selon Donald Trump.", "a1"));
    writer.add(document("a2", "L'économie française et la réforme des retraites."));
    writer.close();
    index = std::make_unique<IndexService>(config, 1, true, metrics);
    api = std::make_unique<Api>(config, *index, metrics);
  }
  ~Server() {
    api.reset();
    index.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
};

// Inputs before the index starts afresh: posted documents accumulate, and a long
// campaign must not grow it without bound.
constexpr unsigned kInputsPerIndex = 20000;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static std::unique_ptr<Server> current;
  static unsigned inputs = 0;
  if (!current || ++inputs % kInputsPerIndex == 0) {
    current.reset();
    current = std::make_unique<Server>();
  }
  Server& server = *current;
  http::request_parser<http::string_body> parser;
  parser.header_limit(static_cast<std::uint32_t>(server.config.limits.max_header_bytes));
  parser.body_limit(server.config.limits.max_body_bytes);
  parser.eager(true);
  boost::beast::error_code error;
  std::size_t used = 0;
  while (!error && !parser.is_done() && used < size)
    used += parser.put(boost::asio::buffer(data + used, size - used), error);
  if (!error && !parser.is_done()) parser.put_eof(error);
  if (error || !parser.is_done()) return 0;  // the connection answers 400, 413 or 431
  const Request request = to_request(parser.release());
  const Response response = server.api->handle(request, 0);
  std::ostringstream wire;
  wire << to_message(response, "https://example.org", false);
  return 0;
}
