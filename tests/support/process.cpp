#include "process.h"

#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "temp_dir.h"

namespace crible::test {

bool has_sanitizer_report(const std::string& output) {
  // The first line of every report: "==PID==ERROR: AddressSanitizer: ...", "...ERROR:
  // LeakSanitizer: ...", and UBSan's "file:line:col: runtime error: ...".
  for (const char* marker :
       {"ERROR: AddressSanitizer", "ERROR: LeakSanitizer", ": runtime error: "})
    if (output.find(marker) != std::string::npos) return true;
  return false;
}

void check_no_sanitizer_report(const std::string& output, const std::string& what) {
  if (has_sanitizer_report(output)) FAIL_CHECK(what << " printed a sanitizer report:\n" << output);
}

bool can_mount_tmpfs() {
  static const bool can = [] {
    TempDir dir;
    return run_command("unshare -rm mount -t tmpfs -o size=1m tmpfs " +
                       shell_quote(dir.path().string()))
               .status == 0;
  }();
  return can;
}

std::string shell_quote(const std::string& argument) {
  std::string quoted = "'";
  for (char c : argument)
    quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

std::string cli() {
  return shell_quote(CRIBLE_CLI);
}

ProcessResult run_command(const std::string& command, const std::string& input) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("crible-test-" + std::to_string(::getpid()) + "-" +
                    std::to_string(reinterpret_cast<std::uintptr_t>(&input)));
  std::filesystem::create_directories(dir);
  const auto in_path = dir / "in", out_path = dir / "out", err_path = dir / "err";
  std::ofstream(in_path, std::ios::binary) << input;
  const std::string full = command + " <" + shell_quote(in_path) + " >" + shell_quote(out_path) +
                           " 2>" + shell_quote(err_path);
  const int raw = std::system(full.c_str());
  ProcessResult result;
  if (raw != -1 && WIFEXITED(raw)) result.status = WEXITSTATUS(raw);
  result.out = read_file(out_path);
  result.err = read_file(err_path);
  std::filesystem::remove_all(dir);
  check_no_sanitizer_report(result.err, command);
  return result;
}

}  // namespace crible::test
