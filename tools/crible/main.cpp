// crible: build, update, inspect and query crible indexes.
// Exit status: 0 success, 1 error, 2 usage.

#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "crible/error.h"
#include "crible/version.h"

namespace {

// The words of a query or text may start with '-' ("-tiktok", "-foo bar"): CLI11 would
// read them as options. For the commands whose positional is a query or a text, every
// argument that is neither one of the command's options (or its value) nor starts with
// "--" is a word of it: the words are joined, in order, into one argument after "--".
// An unknown "--name" stays an option, so that a mistyped option is an error rather
// than a search for its name; everything after a "--" written by the user is words.
std::vector<std::string> with_query_words_last(CLI::App& app, int argc, char** argv) {
  std::vector<std::string> in(argv, argv + argc), out;
  std::size_t at = 1;
  while (at < in.size() && in[at].rfind("-", 0) == 0)
    out.push_back(in[at++]);  // the app's own options (--version, --help)
  if (at == in.size()) return in;
  if (in[at] != "search" && in[at] != "suggest" && in[at] != "entities" && in[at] != "analyze")
    return in;
  CLI::App* command = app.get_subcommand(in[at]);
  out.insert(out.begin(), in[0]);
  out.push_back(in[at++]);
  std::vector<std::string> words;
  for (; at < in.size(); ++at) {
    const std::string& arg = in[at];
    if (arg == "--") {
      words.insert(words.end(), in.begin() + static_cast<long>(at) + 1, in.end());
      break;
    }
    const std::string name = arg.substr(0, arg.find('='));
    const CLI::Option* option =
        arg.size() > 1 && arg[0] == '-' ? command->get_option_no_throw(name) : nullptr;
    if (option || arg.rfind("--", 0) == 0) {
      out.push_back(arg);
      const bool takes_value = option && option->get_items_expected_min() > 0;
      if (takes_value && arg.find('=') == std::string::npos && at + 1 < in.size())
        out.push_back(in[++at]);
      continue;
    }
    words.push_back(arg);
  }
  if (!words.empty()) {
    std::string joined;
    for (const std::string& word : words)
      joined += (joined.empty() ? "" : " ") + word;
    out.push_back("--");
    out.push_back(joined);
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"crible: full-text search for French news, articles and reader comments"};
  app.require_subcommand(1);
  app.set_version_flag("--version", [] { return crible::version_details(); });

  crible::cli::Run run;
  crible::cli::add_analyze_command(app, run);
  crible::cli::add_index_commands(app, run);
  crible::cli::add_search_command(app, run);
  crible::cli::add_suggest_command(app, run);
  crible::cli::add_similar_command(app, run);
  crible::cli::add_duplicates_command(app, run);
  crible::cli::add_entities_command(app, run);

  try {
    std::vector<std::string> arguments = with_query_words_last(app, argc, argv);
    std::vector<char*> pointers;
    for (std::string& argument : arguments)
      pointers.push_back(argument.data());
    app.parse(static_cast<int>(pointers.size()), pointers.data());
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
