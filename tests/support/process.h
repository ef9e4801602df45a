#pragma once
// Runs a real command (the crible CLI) and captures what it prints.

#include <string>

namespace crible::test {

struct ProcessResult {
  int status = -1;  // exit status, or -1 if it did not exit normally
  std::string out;
  std::string err;
};

// Runs @p command through /bin/sh with @p input on standard input.
ProcessResult run_command(const std::string& command, const std::string& input = "");

// Quotes @p argument for /bin/sh.
std::string shell_quote(const std::string& argument);

std::string cli();  // the crible executable, quoted

}  // namespace crible::test
