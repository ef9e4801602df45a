#pragma once
// The databases an index is made of, opened and combined into one Xapian::Database:
// a single database, or the shards a stub file lists (local, or remote behind
// xapian-tcpsrv with crible's timeouts). Keeps track of remote shards that stop
// answering, leaves them out when partial answers are allowed, and brings them back
// when they answer again.

#include <xapian.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "crible/index.h"
#include "shards/stub_file.h"

namespace crible::shards {

class ShardSet {
 public:
  // Opens every shard. Throws ShardUnavailable when a remote shard does not answer
  // (and partial answers are not allowed, or none answers), IndexError otherwise.
  ShardSet(const std::filesystem::path& path, const ShardOptions& options);

  // The live shards as one database (Xapian interleaves their document ids).
  const Xapian::Database& database() const { return combined_; }
  // Shards left out of database(), by name (ShardLocation::name()).
  std::vector<std::string> missing() const;
  // Shards the index is made of, missing ones included.
  std::size_t shard_count() const { return shards_.size(); }
  // Calls @p visit with each live shard's database (what the combined database cannot
  // answer for all of them: user metadata is read from its first shard only).
  template <typename Visit>
  void each_database(Visit&& visit) const {
    for (const Shard& shard : shards_)
      if (shard.database) visit(*shard.database);
  }
  // True when some shard is remote (Xapian then refuses custom match spies).
  bool has_remote() const;

  // Before a request: reconnects missing shards (each tried at most once a second).
  // Throws ShardUnavailable when one is still missing and partial answers are not
  // allowed: a dead shard fails fast rather than after a timeout on every request.
  void refresh();
  // Makes every live shard see its latest commit.
  void reopen();
  // After @p error (a Xapian::NetworkError) broke a request: reconnects every remote
  // shard (the request can then be retried) and leaves out those that do not answer.
  // Throws ShardUnavailable unless partial answers are allowed and a shard is left.
  void lost(const Xapian::Error& error);

  // Runs @p request (a function of database()) after refresh(); when a shard breaks
  // it, runs it again on the shards lost() leaves. Xapian's other errors pass through.
  template <typename Request>
  auto run(Request&& request) -> decltype(request(std::declval<const Xapian::Database&>())) {
    refresh();
    for (std::size_t attempt = 0;; ++attempt) {
      try {
        return request(combined_);
      } catch (const Xapian::NetworkError& error) {
        if (attempt == shards_.size()) throw;  // every shard had its chance
        lost(error);
      }
    }
  }

 private:
  struct Shard {
    ShardLocation location;
    std::optional<Xapian::Database> database;  // nullopt: missing
    std::chrono::steady_clock::time_point last_attempt;
    std::string problem;  // why it is missing
  };

  bool connect(Shard& shard);
  void combine();
  [[noreturn]] void unavailable(const Shard& shard) const;
  void require_complete() const;

  std::filesystem::path path_;
  ShardOptions options_;
  std::vector<Shard> shards_;
  Xapian::Database combined_;
};

}  // namespace crible::shards
