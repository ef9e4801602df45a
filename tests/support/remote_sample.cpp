#include "remote_sample.h"

#include "sample_index.h"
#include "temp_dir.h"

namespace crible::test {

namespace {

// The sharded copy's path, once both copies are built (XapianTcpServer needs them).
std::filesystem::path built(const std::filesystem::path& dir, const RemoteSample::Build& build) {
  const RemoteSample::Build make =
      build ? build
            : [](const std::filesystem::path& db, std::size_t shards) { index_sample(db, shards); };
  make(dir / "single", 1);
  make(dir / "sharded", 2);
  return dir / "sharded";
}

}  // namespace

RemoteSample::RemoteSample(const std::filesystem::path& dir, const Build& build)
    : single_(dir / "single"),
      sharded_(built(dir, build)),
      stub_(dir / "remote.stub"),
      first_(sharded_ / "shard-0"),
      second_(sharded_ / "shard-1") {
  write_file(stub_, first_.stub_line() + "\n" + second_.stub_line() + "\n");
}

}  // namespace crible::test
