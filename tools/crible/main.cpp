// crible: build, update, inspect and query crible indexes.
// Exit status: 0 success, 1 error, 2 usage.

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.h"
#include "crible/error.h"
#include "crible/version.h"

int main(int argc, char** argv) {
  CLI::App app{"crible: full-text search for French news, articles and reader comments"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return crible::version_details(); });

  crible::cli::Run run;
  crible::cli::add_analyze_command(app, run);
  crible::cli::add_index_commands(app, run);
  crible::cli::add_search_command(app, run);
  crible::cli::add_entities_command(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int status = app.exit(e);
    return status == 0 ? 0 : 2;
  }
  try {
    return run ? run() : 2;
  } catch (const crible::Error& e) {
    fmt::print(stderr, "crible: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "crible: internal error: {}\n", e.what());
    return 1;
  }
}
