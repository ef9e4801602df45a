#pragma once
// crible-server's settings: flags and environment, with sane defaults.

#include <chrono>
#include <cstddef>
#include <string>

#include "crible/index.h"

namespace crible::server {

struct Limits {
  std::size_t max_header_bytes = 8 * 1024;  // request line and headers together
  std::size_t max_headers = 64;
  std::size_t max_body_bytes = std::size_t{16} << 20;  // also for chunked bodies
  std::size_t max_query_bytes = 2048;
  std::size_t max_query_terms = 64;
  std::size_t max_wildcard_expansion = 500;
  std::size_t max_limit = 100;
  std::size_t max_offset = 10000;
  std::size_t queue_capacity = 256;               // requests waiting for a worker; more: 503
  std::chrono::milliseconds read_timeout{10000};  // a whole request must arrive in this
  std::chrono::milliseconds write_timeout{10000};
};

struct ServerConfig {
  std::string db;
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  unsigned threads = 0;  // workers; 0: one per core
  std::string token;     // empty: writes are refused
  bool auth_reads = false;
  std::string cors_origin;
  std::string entities_file;
  ShardOptions shards;  // remote shards: timeout, partial answers
  Limits limits;
};

}  // namespace crible::server
