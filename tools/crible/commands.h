#pragma once
// The subcommands of the crible CLI. Each registers itself on the app and sets the
// function to run when it is chosen.

#include <fmt/core.h>
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "crible/index.h"
#include "crible/search.h"

namespace crible::cli {

using Run = std::function<int()>;  // returns the exit status

// The options of commands that read a sharded index: --shard-timeout, --allow-partial.
struct ShardArgs {
  double timeout_seconds = 10;
  bool allow_partial = false;

  void add_to(CLI::App& command, bool with_partial) {
    command
        .add_option("--shard-timeout", timeout_seconds,
                    "Seconds a remote shard has to connect and answer (default 10)")
        ->check(CLI::Range(0.001, 3600.0));
    if (with_partial)
      command.add_flag("--allow-partial", allow_partial,
                       "When a shard does not answer, answer from the others and say which "
                       "are missing (default: fail naming it)");
  }
  ShardOptions options() const {
    ShardOptions options;
    options.timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds * 1000));
    options.allow_partial = allow_partial;
    return options;
  }
};

// What the reading commands open an index with: their --entities file and shard options.
inline SearcherOptions searcher_options(const std::string& entities_file, const ShardArgs& shards) {
  SearcherOptions options;
  options.entities_file = entities_file;
  options.shards = shards.options();
  return options;
}

// Partial answers are said on standard error too, whatever the output format: "crible:
// partial @p what: shard(s) not answering: ...".
inline void warn_if_partial(bool partial, const std::vector<std::string>& missing_shards,
                            std::string_view what = "results") {
  if (partial)
    fmt::print(stderr, "crible: partial {}: shard(s) not answering: {}\n", what,
               fmt::join(missing_shards, ", "));
}

void add_analyze_command(CLI::App& app, Run& run);
void add_index_commands(CLI::App& app, Run& run);
void add_entities_command(CLI::App& app, Run& run);
void add_search_command(CLI::App& app, Run& run);
void add_suggest_command(CLI::App& app, Run& run);
void add_similar_command(CLI::App& app, Run& run);
void add_duplicates_command(CLI::App& app, Run& run);

}  // namespace crible::cli
