#pragma once
// Runs a real command (the crible CLI) and captures what it prints.

#include <string>

namespace crible::test {

struct ProcessResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string out;
  std::string err;
};

// Runs @p command through /bin/sh with @p input on standard input. A sanitizer report
// on its standard error fails the test (see check_no_sanitizer_report).
ProcessResult run_command(const std::string& command, const std::string& input = "");

// True when @p output holds the first line of an ASan, LSan or UBSan report.
bool has_sanitizer_report(const std::string& output);

// Fails the current test (without stopping it) when @p output, what a child process
// printed, holds a sanitizer report. A sanitized child that reports exits with status
// 1, which many tests expect of an error: its output is what tells.
void check_no_sanitizer_report(const std::string& output, const std::string& what);

// True when this machine lets a test make a mount namespace of its own (`unshare
// -rm`: as root, or through a user namespace) and mount a tmpfs in it.
bool can_mount_tmpfs();

// Quotes @p argument for /bin/sh.
std::string shell_quote(const std::string& argument);

std::string cli();  // the crible executable, quoted

}  // namespace crible::test
