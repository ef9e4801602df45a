#include "shards/shard_set.h"

#include <algorithm>

#include "crible/error.h"
#include "index/xapian_errors.h"

namespace crible::shards {
namespace {

using Clock = std::chrono::steady_clock;

// A missing shard is tried again at most this often, so a hung one does not cost every
// request a timeout.
constexpr auto kRetryInterval = std::chrono::seconds(1);
// Before a real connection, a hung server is detected within this time (the greeting
// of xapian-tcpsrv comes at once from a live one).
constexpr std::chrono::milliseconds kProbeTimeout{1000};

useconds_t milliseconds(std::chrono::milliseconds duration) {
  return static_cast<useconds_t>(std::max<std::int64_t>(1, duration.count()));
}

Xapian::Database open_location(const ShardLocation& location, std::chrono::milliseconds timeout) {
  switch (location.kind) {
    case ShardLocation::Kind::local:
      return Xapian::Database(location.path.string());
    case ShardLocation::Kind::tcp: {
      // A probe with a short timeout first: a server that accepts but does not answer
      // (stopped, overloaded) costs one second, not the full timeout.
      const auto probe = std::min(timeout, kProbeTimeout);
      Xapian::Remote::open(location.host, location.port, milliseconds(probe), milliseconds(probe));
      return Xapian::Remote::open(location.host, location.port, milliseconds(timeout),
                                  milliseconds(timeout));
    }
    case ShardLocation::Kind::program:
      return Xapian::Remote::open(location.program, location.args, milliseconds(timeout));
  }
  throw IndexError("unknown shard kind");
}

}  // namespace

ShardSet::ShardSet(const std::filesystem::path& path, const ShardOptions& options)
    : path_(path), options_(options) {
  if (!std::filesystem::exists(path)) throw IndexError("no index at '" + path.string() + "'");
  if (const auto stub = stub_of(path)) {
    std::vector<ShardLocation> locations;
    try {
      locations = read_stub(*stub);
    } catch (const ParseError& e) {  // a text file, but not a stub
      throw IndexError("'" + path.string() + "' is neither a database nor a stub file (" +
                       e.what() + ")");
    }
    for (ShardLocation& location : locations)
      shards_.push_back(Shard{std::move(location), std::nullopt, {}, {}});
  } else {
    ShardLocation whole;
    whole.path = path;
    shards_.push_back(Shard{std::move(whole), std::nullopt, {}, {}});
  }
  for (Shard& shard : shards_)
    connect(shard);
  require_complete();
  combine();
}

std::vector<std::string> ShardSet::missing() const {
  std::vector<std::string> names;
  for (const Shard& shard : shards_)
    if (!shard.database) names.push_back(shard.location.name());
  return names;
}

bool ShardSet::has_remote() const {
  return std::any_of(shards_.begin(), shards_.end(), [](const Shard& shard) {
    return shard.location.kind != ShardLocation::Kind::local;
  });
}

// Local shards that fail are not "missing": a broken disk or a corrupt database is
// an IndexError, whatever the options. Remote ones that do not answer are.
bool ShardSet::connect(Shard& shard) {
  shard.last_attempt = Clock::now();
  if (shard.location.kind == ShardLocation::Kind::local) {
    shard.database = index::translate_xapian([&] { return open_location(shard.location, {}); });
    return true;
  }
  try {
    shard.database = open_location(shard.location, options_.timeout);
    shard.problem.clear();
    return true;
  } catch (const Xapian::NetworkError& e) {
    shard.database.reset();
    shard.problem = index::describe(e);
    return false;
  } catch (const Xapian::Error& e) {
    throw IndexError("shard " + shard.location.name() + " of '" + path_.string() +
                     "': " + e.get_type() + ": " + index::describe(e));
  }
}

void ShardSet::combine() {
  combined_ = Xapian::Database();
  for (const Shard& shard : shards_)
    if (shard.database) combined_.add_database(*shard.database);
}

void ShardSet::unavailable(const Shard& shard) const {
  throw ShardUnavailable(shard.location.name(), shard.problem);
}

void ShardSet::require_complete() const {
  const auto live = std::count_if(shards_.begin(), shards_.end(),
                                  [](const Shard& shard) { return shard.database.has_value(); });
  for (const Shard& shard : shards_)
    if (!shard.database && (!options_.allow_partial || live == 0)) unavailable(shard);
}

void ShardSet::refresh() {
  bool changed = false;
  for (Shard& shard : shards_)
    if (!shard.database && Clock::now() - shard.last_attempt >= kRetryInterval)
      changed |= connect(shard);
  require_complete();
  if (changed) combine();
}

void ShardSet::reopen() {
  index::translate_xapian([&] {
    for (Shard& shard : shards_)
      if (shard.database) shard.database->reopen();
  });
}

// A request that failed on one remote shard leaves the connections of the others in
// the middle of the exchange (Xapian then reports "Connection closed unexpectedly" on
// them): every remote shard is reconnected, and those that do not answer are missing.
void ShardSet::lost(const Xapian::Error& error) {
  bool remote = false;
  for (Shard& shard : shards_) {
    if (shard.location.kind == ShardLocation::Kind::local) continue;
    remote = true;
    shard.database.reset();
    if (!connect(shard) && shard.location.name() == error.get_context())
      shard.problem = index::describe(error) + "; reconnecting: " + shard.problem;
  }
  if (!remote)  // not a shard's connection: nothing to reconnect
    throw IndexError(std::string(error.get_type()) + ": " + index::describe(error));
  combine();
  require_complete();
}

}  // namespace crible::shards
