#pragma once
/// @file
/// The exceptions crible throws. Every one derives from crible::Error, so a caller
/// can catch one type; Xapian's own exceptions never cross the public API.

#include <stdexcept>
#include <string>

#include "crible/export.h"

namespace crible {

/// Base of every exception thrown by crible.
class CRIBLE_EXPORT Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;  ///< Takes the message, as std::runtime_error.
};

/// A caller passed an argument crible cannot use (unknown language, bad option).
class CRIBLE_EXPORT InvalidArgument : public Error {
 public:
  using Error::Error;  ///< Takes the message.
};

/// What was asked for does not exist in the index (a document id); the message names it.
class CRIBLE_EXPORT NotFound : public Error {
 public:
  using Error::Error;  ///< Takes the message.
};

/// A file could not be opened, read or written; the message names the file.
class CRIBLE_EXPORT IoError : public Error {
 public:
  using Error::Error;  ///< Takes the message.
};

/// Input data is malformed; the message names the source and the line.
class CRIBLE_EXPORT ParseError : public Error {
 public:
  /// what() is "source:line: reason".
  ParseError(const std::string& source, std::size_t line, const std::string& reason)
      : Error(source + ":" + std::to_string(line) + ": " + reason),
        source_(source),
        line_(line),
        reason_(reason) {}
  /// The file (or the name given to Gazetteer::parse) the bad data came from.
  const std::string& source() const noexcept { return source_; }
  /// One-based line number of the bad data.
  std::size_t line() const noexcept { return line_; }
  /// What was wrong, without the location.
  const std::string& reason() const noexcept { return reason_; }

 private:
  std::string source_;
  std::size_t line_;
  std::string reason_;
};

/// An index cannot be used: missing, locked by another writer, built by another
/// analyzer or gazetteer, corrupt, or the search engine (Xapian) failed; Xapian's
/// message is translated.
class CRIBLE_EXPORT IndexError : public Error {
 public:
  using Error::Error;  ///< Takes the message.
};

/// A shard of a sharded index (a remote one, served by xapian-tcpsrv) did not answer:
/// its server is down, unreachable or hung past the timeout. With
/// ShardOptions::allow_partial, searches answer from the other shards instead.
class CRIBLE_EXPORT ShardUnavailable : public IndexError {
 public:
  /// what() is "shard SHARD is unavailable: REASON".
  ShardUnavailable(const std::string& shard, const std::string& reason)
      : IndexError("shard " + shard + " is unavailable: " + reason), shard_(shard) {}
  /// The shard, as its stub line names it ("remote:tcp(HOST:PORT)", or a path).
  const std::string& shard() const noexcept { return shard_; }

 private:
  std::string shard_;
};

}  // namespace crible
