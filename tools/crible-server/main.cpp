// crible-server: the HTTP/JSON search service over a crible index.
//   crible-server --db news.db [--listen 127.0.0.1:8080] [--threads N] [--token-file F]
// Exit status: 0 after a clean stop (SIGTERM/SIGINT), 1 on an error, 2 on bad usage.

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "api.h"
#include "crible/error.h"
#include "crible/version.h"
#include "http_server.h"
#include "index_service.h"
#include "metrics.h"

namespace {

using crible::server::ServerConfig;

// "127.0.0.1:8080", "[::1]:8080", ":8080" (loopback), "8080".
void parse_listen(const std::string& text, ServerConfig& config) {
  const std::size_t colon = text.rfind(':');
  std::string host = colon == std::string::npos ? "" : text.substr(0, colon);
  const std::string port = colon == std::string::npos ? text : text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  if (!host.empty()) config.host = host;
  const int value = std::atoi(port.c_str());
  if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || value > 65535)
    throw CLI::ValidationError("--listen", "expected HOST:PORT, got '" + text + "'");
  config.port = static_cast<unsigned short>(value);
}

std::string read_token(const std::string& path) {
  std::ifstream file(path);
  if (!file) throw crible::IoError("cannot read the token file '" + path + "'");
  std::string token;
  std::getline(file, token);
  while (!token.empty() && (token.back() == '\r' || token.back() == ' '))
    token.pop_back();
  if (token.size() < 16)
    throw crible::InvalidArgument("the token in '" + path + "' is shorter than 16 characters");
  return token;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crible-server: HTTP/JSON search over a crible index"};
  app.set_version_flag("--version", [] { return crible::version_details(); });
  ServerConfig config;
  std::string listen = "127.0.0.1:8080", token_file;
  std::size_t max_body_mb = config.limits.max_body_bytes >> 20;
  long read_timeout_ms = config.limits.read_timeout.count();
  long write_timeout_ms = config.limits.write_timeout.count();
  long shard_timeout_ms = config.shards.timeout.count();
  app.add_option("--db", config.db, "The index (directory, file or stub file)")
      ->required()
      ->envname("CRIBLE_DB");
  app.add_option("--listen", listen, "HOST:PORT to listen on (default 127.0.0.1:8080; port 0: any)")
      ->envname("CRIBLE_LISTEN");
  app.add_option("--threads", config.threads, "Worker threads (default: one per core)")
      ->envname("CRIBLE_THREADS");
  app.add_option("--token-file", token_file,
                 "File holding the bearer token writes need (or CRIBLE_TOKEN; none: no writes)")
      ->envname("CRIBLE_TOKEN_FILE");
  app.add_flag("--auth-reads", config.auth_reads, "Reads need the token too");
  app.add_option("--cors-origin", config.cors_origin, "Access-Control-Allow-Origin to send")
      ->envname("CRIBLE_CORS_ORIGIN");
  app.add_option("--entities", config.entities_file, "Gazetteer the index was built with");
  app.add_option("--shard-timeout-ms", shard_timeout_ms,
                 "A remote shard must connect and answer in this (default 10000)")
      ->check(CLI::Range(1L, 3600000L))
      ->envname("CRIBLE_SHARD_TIMEOUT_MS");
  app.add_flag("--allow-partial", config.shards.allow_partial,
               "When a shard does not answer, answer from the others (\"partial\": true) "
               "rather than 503")
      ->envname("CRIBLE_ALLOW_PARTIAL");
  app.add_option("--max-body-mb", max_body_mb, "Largest request body (default 16)");
  app.add_option("--max-header-bytes", config.limits.max_header_bytes,
                 "Request line + headers (default 8192)");
  app.add_option("--max-headers", config.limits.max_headers, "Header fields (default 64)");
  app.add_option("--max-query-bytes", config.limits.max_query_bytes, "Query length (default 2048)");
  app.add_option("--max-query-terms", config.limits.max_query_terms,
                 "Query terms once parsed: words, phrase words, field values (default 64)");
  app.add_option("--max-wildcard", config.limits.max_wildcard_expansion,
                 "Wildcard expansion (default 500)");
  app.add_option("--queue", config.limits.queue_capacity,
                 "Requests waiting for a worker before 503 (default 256)");
  app.add_option("--read-timeout-ms", read_timeout_ms,
                 "A whole request must arrive in this (default 10000)");
  app.add_option("--write-timeout-ms", write_timeout_ms,
                 "A response must be taken in this (default 10000)");
  try {
    app.parse(argc, argv);
    parse_listen(listen, config);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  config.limits.max_body_bytes = max_body_mb << 20;
  config.limits.read_timeout = std::chrono::milliseconds(read_timeout_ms);
  config.limits.write_timeout = std::chrono::milliseconds(write_timeout_ms);
  config.shards.timeout = std::chrono::milliseconds(shard_timeout_ms);
  // Logs on stderr; stdout carries only the "listening on" line scripts wait for.
  spdlog::set_default_logger(spdlog::stderr_color_mt("crible-server"));
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");

  try {
    if (!token_file.empty()) {
      config.token = read_token(token_file);
    } else if (const char* token = std::getenv("CRIBLE_TOKEN"); token && *token) {
      config.token = token;  // for containers that pass secrets as environment
      if (config.token.size() < 16)
        throw crible::InvalidArgument("CRIBLE_TOKEN is shorter than 16 characters");
    }
    const unsigned workers =
        config.threads ? config.threads : std::max(1u, std::thread::hardware_concurrency());
    crible::server::Metrics metrics;
    crible::server::IndexService index(config, workers, !config.token.empty(), metrics);
    crible::server::Api api(config, index, metrics);
    crible::server::HttpServer server(
        config, workers,
        [&api](const crible::server::Request& request, unsigned worker) {
          return api.handle(request, worker);
        },
        metrics, [](const std::string& path) { return crible::server::route_label(path); });
    spdlog::info("crible-server {} on index {}: {} workers, writes {}, reads {}, CORS {}",
                 crible::version(), config.db, workers, config.token.empty() ? "off" : "with token",
                 config.auth_reads ? "with token" : "open",
                 config.cors_origin.empty() ? "off" : config.cors_origin);
    spdlog::info(
        "limits: body {} B, headers {} B / {} fields, query {} B / {} terms, "
        "timeouts {} / {} ms, queue {}",
        config.limits.max_body_bytes, config.limits.max_header_bytes, config.limits.max_headers,
        config.limits.max_query_bytes, config.limits.max_query_terms,
        config.limits.read_timeout.count(), config.limits.write_timeout.count(),
        config.limits.queue_capacity);
    spdlog::info("shards: timeout {} ms, partial answers {}", config.shards.timeout.count(),
                 config.shards.allow_partial ? "allowed" : "refused (503)");
    // On stdout, for scripts and tests that start it on port 0.
    std::cout << "listening on http://" << config.host << ":" << server.port() << std::endl;
    server.run();
    index.close();  // pending writes committed
    spdlog::info("stopped");
  } catch (const crible::Error& e) {
    spdlog::error("{}", e.what());
    return 1;
  } catch (const std::exception& e) {
    spdlog::error("{}", e.what());
    return 1;
  }
  return 0;
}
