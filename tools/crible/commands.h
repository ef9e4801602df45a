#pragma once
// The subcommands of the crible CLI. Each registers itself on the app and sets the
// function to run when it is chosen.

#include <CLI/CLI.hpp>
#include <functional>

namespace crible::cli {

using Run = std::function<int()>;  // returns the exit status

void add_analyze_command(CLI::App& app, Run& run);
void add_index_commands(CLI::App& app, Run& run);
void add_entities_command(CLI::App& app, Run& run);
void add_search_command(CLI::App& app, Run& run);

}  // namespace crible::cli
