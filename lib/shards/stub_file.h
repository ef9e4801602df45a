#pragma once
// Xapian stub files: the text file (or a directory's XAPIANDB) that lists the
// databases an index is made of, one per line, in Xapian's own syntax:
//   auto PATH            a local database (relative to the stub's folder)
//   remote HOST:PORT     a shard served by xapian-tcpsrv
//   remote :PROGRAM ARGS a shard served by a program speaking the remote protocol
//                        (xapian-progsrv, e.g. through ssh)
// Blank lines and lines starting with # are skipped. crible reads stubs itself (rather
// than letting Xapian open them) to set remote timeouts and to name a shard that fails.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace crible::shards {

// Where one shard lives.
struct ShardLocation {
  enum class Kind { local, tcp, program };
  Kind kind = Kind::local;
  std::filesystem::path path;  // local: resolved against the stub's folder
  std::string host;            // tcp
  unsigned port = 0;           // tcp
  std::string program, args;   // program
  // How messages name the shard: the path, or Xapian's own context for remotes
  // ("remote:tcp(HOST:PORT)", "remote:prog(PROGRAM ARGS)"), which its NetworkErrors carry.
  std::string name() const;
};

// The stub file @p path stands for: the file itself when it is a stub, DIR/XAPIANDB
// when @p path is a directory holding one; nullopt for a database (or nothing).
std::optional<std::filesystem::path> stub_of(const std::filesystem::path& path);

// Parses a stub file. Throws ParseError (file and line) for a line crible cannot
// open, IoError when the file cannot be read, IndexError when it lists nothing.
std::vector<ShardLocation> read_stub(const std::filesystem::path& stub);

// Writes @p lines as a stub file, atomically (a temporary file renamed over it).
void write_stub(const std::filesystem::path& stub, const std::vector<std::string>& lines);

}  // namespace crible::shards
