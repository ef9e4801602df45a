#include "shards/stub_file.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "crible/error.h"

namespace crible::shards {
namespace {

constexpr std::string_view kStubName = "XAPIANDB";
// A stub is a short text file; a single-file database is binary and large.
constexpr std::size_t kMaxStubBytes = 1 << 20;

bool looks_like_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char buffer[4096];
  in.read(buffer, sizeof buffer);
  const std::streamsize got = in.gcount();
  return got > 0 && std::find(buffer, buffer + got, '\0') == buffer + got;
}

ShardLocation parse_remote(const std::string& target, const std::string& source, std::size_t line) {
  ShardLocation location;
  if (!target.empty() && target.front() == ':') {  // ":PROGRAM ARGS"
    location.kind = ShardLocation::Kind::program;
    const std::size_t space = target.find(' ');
    location.program = target.substr(1, space == std::string::npos ? space : space - 1);
    if (space != std::string::npos) location.args = target.substr(space + 1);
    if (location.program.empty()) throw ParseError(source, line, "remote ':' names no program");
    return location;
  }
  const std::size_t colon = target.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == target.size())
    throw ParseError(source, line, "expected 'remote HOST:PORT', got 'remote " + target + "'");
  location.kind = ShardLocation::Kind::tcp;
  location.host = target.substr(0, colon);
  const std::string port = target.substr(colon + 1);
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), ::isdigit) ||
      std::stoul(port) == 0 || std::stoul(port) > 65535)
    throw ParseError(source, line, "'" + port + "' is not a TCP port");
  location.port = static_cast<unsigned>(std::stoul(port));
  return location;
}

}  // namespace

std::string ShardLocation::name() const {
  switch (kind) {
    case Kind::local:
      return path.string();
    case Kind::tcp:
      return "remote:tcp(" + host + ":" + std::to_string(port) + ")";
    case Kind::program:
      return "remote:prog(" + program + " " + args + ")";
  }
  return {};
}

std::optional<std::filesystem::path> stub_of(const std::filesystem::path& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    const std::filesystem::path stub = path / kStubName;
    if (std::filesystem::is_regular_file(stub, error)) return stub;
    return std::nullopt;
  }
  if (std::filesystem::is_regular_file(path, error) &&
      std::filesystem::file_size(path, error) <= kMaxStubBytes && looks_like_text(path))
    return path;
  return std::nullopt;
}

std::vector<ShardLocation> read_stub(const std::filesystem::path& stub) {
  std::ifstream in(stub);
  if (!in) throw IoError("cannot read the stub file '" + stub.string() + "'");
  const std::string source = stub.string();
  const std::filesystem::path folder = stub.parent_path();
  std::vector<ShardLocation> shards;
  std::string text;
  for (std::size_t line = 1; std::getline(in, text); ++line) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text.front() == '#') continue;
    const std::size_t space = text.find(' ');
    const std::string type = text.substr(0, space);
    const std::string rest = space == std::string::npos ? "" : text.substr(space + 1);
    if (type == "auto" || type == "glass" || type == "chert") {
      if (rest.empty()) throw ParseError(source, line, "'" + type + "' names no database");
      ShardLocation location;
      location.path =
          std::filesystem::path(rest).is_absolute() ? std::filesystem::path(rest) : folder / rest;
      shards.push_back(std::move(location));
    } else if (type == "remote") {
      shards.push_back(parse_remote(rest, source, line));
    } else {
      throw ParseError(
          source, line,
          "unknown stub line '" + text + "' (expected 'auto PATH' or 'remote HOST:PORT')");
    }
  }
  if (in.bad()) throw IoError("cannot read the stub file '" + source + "'");
  if (shards.empty()) throw IndexError("the stub file '" + source + "' lists no database");
  return shards;
}

void write_stub(const std::filesystem::path& stub, const std::vector<std::string>& lines) {
  const std::filesystem::path temporary = stub.string() + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& line : lines)
      out << line << '\n';
    out.flush();
    if (!out) throw IoError("cannot write the stub file '" + temporary.string() + "'");
  }
  std::error_code error;
  std::filesystem::rename(temporary, stub, error);
  if (error)
    throw IoError("cannot write the stub file '" + stub.string() + "': " + error.message());
}

}  // namespace crible::shards
