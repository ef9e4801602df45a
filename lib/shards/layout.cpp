#include "shards/layout.h"

#include "crible/error.h"
#include "shards/stub_file.h"

namespace crible::shards {
namespace {

std::vector<std::filesystem::path> existing_shards(const std::filesystem::path& path,
                                                   const std::filesystem::path& stub,
                                                   std::size_t requested) {
  const std::vector<ShardLocation> locations = read_stub(stub);
  if (requested > 1 && requested != locations.size())
    throw InvalidArgument("'" + path.string() + "' has " + std::to_string(locations.size()) +
                          " shards, not " + std::to_string(requested) +
                          ": re-index into a new directory to change the shard count");
  std::vector<std::filesystem::path> shards;
  for (std::size_t k = 0; k < locations.size(); ++k) {
    const ShardLocation& location = locations[k];
    if (location.kind != ShardLocation::Kind::local)
      throw IndexError("'" + stub.string() + "' lists the remote shard " + location.name() +
                       ": write to each shard on its host");
    if (location.path.lexically_normal() != (path / shard_name(k)).lexically_normal())
      throw IndexError("'" + stub.string() + "' line " + std::to_string(k + 1) + " is '" +
                       location.path.string() + "', not 'auto " + shard_name(k) +
                       "': documents are routed by the order of the shards crible made");
    shards.push_back(location.path);
  }
  return shards;
}

std::vector<std::filesystem::path> new_shards(const std::filesystem::path& path,
                                              std::size_t count) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) throw IoError("cannot create '" + path.string() + "': " + error.message());
  std::vector<std::filesystem::path> shards;
  std::vector<std::string> lines;
  for (std::size_t k = 0; k < count; ++k) {
    shards.push_back(path / shard_name(k));
    lines.push_back("auto " + shard_name(k));
  }
  write_stub(path / "XAPIANDB", lines);
  return shards;
}

bool is_single_database(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::is_regular_file(path, error) ||
         std::filesystem::exists(path / "iamglass", error) ||
         std::filesystem::exists(path / "iamchert", error);
}

}  // namespace

std::string shard_name(std::size_t k) {
  return "shard-" + std::to_string(k);
}

std::vector<std::filesystem::path> writable_shards(const std::filesystem::path& path,
                                                   std::size_t requested) {
  if (const auto stub = stub_of(path)) {
    if (*stub == path)
      throw IndexError("'" + path.string() +
                       "' is a stub file: write to the shards it lists, each on its host");
    return existing_shards(path, *stub, requested);
  }
  if (is_single_database(path)) {
    if (requested > 1)
      throw InvalidArgument("'" + path.string() + "' is a single database, not " +
                            std::to_string(requested) +
                            " shards: re-index into a new directory to shard it");
    return {path};
  }
  if (requested > 1) return new_shards(path, requested);
  return {path};
}

}  // namespace crible::shards
