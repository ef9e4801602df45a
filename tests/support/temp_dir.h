#pragma once
// A fresh directory under the system temp dir, removed with everything in it.

#include <filesystem>
#include <string>

namespace crible::test {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);
std::filesystem::path shared_path(const std::string& relative);  // ../shared/...

}  // namespace crible::test
