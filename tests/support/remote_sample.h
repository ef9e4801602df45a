#pragma once
// One set of documents indexed twice, whole and in two shards served by real
// xapian-tcpsrv processes, with a stub file naming them: what a test needs to check that
// a search over remote shards answers as the single database does.

#include <cstddef>
#include <filesystem>
#include <functional>

#include "tcp_server.h"

namespace crible::test {

class RemoteSample {
 public:
  // Builds an index at a path in @p shards shards (index_sample by default).
  using Build = std::function<void(const std::filesystem::path& db, std::size_t shards)>;

  // Builds dir/single and dir/sharded (2 shards), serves the shards, writes dir/remote.stub.
  explicit RemoteSample(const std::filesystem::path& dir, const Build& build = {});

  const std::filesystem::path& single() const { return single_; }  // the whole index
  const std::filesystem::path& stub() const { return stub_; }      // its shards, remote

 private:
  std::filesystem::path single_, sharded_, stub_;
  XapianTcpServer first_, second_;
};

}  // namespace crible::test
