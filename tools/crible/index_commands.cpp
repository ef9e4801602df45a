// crible index | get | delete | compact | stats | check

#include <fmt/core.h>
#include <fnmatch.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <optional>

#include "commands.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/json.h"

namespace crible::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct IndexArgs {
  std::string db;
  std::vector<std::string> inputs;
  std::string format = "auto";
  std::string page_id;
  std::string date;
  std::vector<std::string> globs;
  bool compact = false;
  bool json = false;
  bool skip_bad = false;
  std::size_t batch_documents = 1000;
  double batch_mb = 32;
  double max_document_mb = 10;
  unsigned threads = 0;
  std::size_t shards = 0;
  double duplicate_similarity = IndexOptions{}.duplicate_similarity;
};

std::string megabytes(std::uint64_t bytes) {
  return fmt::format("{:.1f} MB", bytes / 1e6);
}

// Progress on a terminal only: documents, MB, docs/s and ETA when the size is known.
class Progress {
 public:
  Progress() : enabled_(::isatty(STDERR_FILENO) == 1), start_(Clock::now()), last_(start_) {}

  void update(std::uint64_t documents, std::uint64_t consumed, std::uint64_t total) {
    if (!enabled_) return;
    const auto now = Clock::now();
    if (now - last_ < std::chrono::milliseconds(500)) return;
    last_ = now;
    const double seconds = std::chrono::duration<double>(now - start_).count();
    std::string eta;
    if (total > 0 && consumed > 0 && consumed < total)
      eta =
          fmt::format(", ETA {:.0f} s", seconds * static_cast<double>(total - consumed) / consumed);
    fmt::print(stderr, "\r{} documents, {}, {:.0f} docs/s{}   ", documents, megabytes(consumed),
               documents / std::max(seconds, 1e-9), eta);
  }
  void finish() {
    if (enabled_) fmt::print(stderr, "\r\033[K");
  }

 private:
  bool enabled_;
  Clock::time_point start_, last_;
};

// The files to read: inputs as given, folders walked (in name order, hidden files and
// folders left out), keeping in folders the files whose name matches one of @p globs.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs,
                                       const std::vector<std::string>& globs,
                                       const DocumentReader::ProblemHandler& report) {
  const auto wanted = [&globs](const std::filesystem::path& file) {
    const std::string name = file.filename().string();
    if (name.starts_with(".")) return false;
    if (globs.empty()) return true;
    for (const std::string& glob : globs)
      if (::fnmatch(glob.c_str(), name.c_str(), 0) == 0) return true;
    return false;
  };
  std::vector<std::string> files;
  for (const std::string& input : inputs) {
    std::error_code error;
    if (input == "-" || !std::filesystem::is_directory(input, error)) {
      files.push_back(input);
      continue;
    }
    std::vector<std::string> found;
    auto walker = std::filesystem::recursive_directory_iterator(
        input, std::filesystem::directory_options::skip_permission_denied, error);
    for (auto entry = walker; !error && entry != std::filesystem::recursive_directory_iterator();
         entry.increment(error)) {
      if (entry->path().filename().string().starts_with(".")) {
        if (entry->is_directory(error)) entry.disable_recursion_pending();
        continue;
      }
      if (entry->is_regular_file(error) && wanted(entry->path()))
        found.push_back(entry->path().string());
    }
    if (error) report({input, 0, "cannot walk the folder: " + error.message(), false});
    std::sort(found.begin(), found.end());
    if (found.empty()) report({input, 0, "no file to read in this folder", true});
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Replaces a database by its compacted single-file copy.
void compact_database(const std::filesystem::path& db) {
  const std::filesystem::path compacted = db.string() + ".compact-tmp";
  std::filesystem::remove_all(compacted);
  Index::compact(db, compacted);
  std::filesystem::remove_all(db);
  std::filesystem::rename(compacted, db);
}

// A sharded index keeps its shards: each is compacted on its own (`crible compact`
// merges them into one database instead).
void compact_in_place(const std::filesystem::path& db) {
  for (const std::filesystem::path& database : Index::local_databases(db))
    compact_database(database);
}

int run_index(const IndexArgs& args) {
  const auto start = Clock::now();
  IndexOptions options;
  options.batch_documents = std::max<std::size_t>(1, args.batch_documents);
  options.batch_bytes = static_cast<std::size_t>(args.batch_mb * 1e6);
  options.threads = args.threads;
  options.shards = args.shards;
  options.duplicate_similarity = args.duplicate_similarity;
  IndexWriter writer = IndexWriter::open(args.db, options);
  ReadOptions read_options;
  read_options.format = input_format_from_string(args.format);
  read_options.page_id = args.page_id;
  read_options.date = args.date;
  read_options.max_document_bytes = static_cast<std::size_t>(args.max_document_mb * 1e6);

  std::uint64_t skipped = 0, warnings = 0;
  const auto report = [&skipped, &warnings](const ReadProblem& problem) {
    ++(problem.warning ? warnings : skipped);
    fmt::print(stderr, "{}\n", problem.to_string());
  };
  const std::vector<std::string> inputs = expand_inputs(args.inputs, args.globs, report);
  if (read_options.page_id.size() && inputs.size() > 1)
    throw InvalidArgument("--id names the article of one page, but " +
                          std::to_string(inputs.size()) + " inputs were given");
  Progress progress;
  // Pages and feeds are parsed ahead, on other threads, while the writer indexes.
  InputReader reader(inputs, read_options, args.threads);
  Thread thread;
  while (reader.next_thread(thread, report)) {
    writer.add(std::move(thread));
    progress.update(writer.summary().documents, reader.consumed_bytes(), reader.total_bytes());
  }
  writer.close();
  progress.finish();
  if (args.compact) compact_in_place(args.db);
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  const IndexSummary& summary = writer.summary();
  const std::uint64_t disk = Index::disk_bytes(args.db);
  if (args.json) {
    fmt::print("{}\n", summary_to_json(summary, {skipped, warnings, elapsed, disk}));
  } else if (::isatty(STDERR_FILENO) == 1) {  // quiet when not on a terminal, but for errors
    fmt::print(
        stderr,
        "indexed {} documents ({} articles, {} comments), skipped {}, warnings {}, orphans {} in "
        "{:.1f} s; index {}{}; stored {} -> {} (x{:.2f})\n",
        summary.documents, summary.articles, summary.comments, skipped, warnings, summary.orphans,
        elapsed, megabytes(disk), args.compact ? " (compacted)" : "", megabytes(summary.stored_raw),
        megabytes(summary.stored_compressed),
        summary.stored_compressed ? double(summary.stored_raw) / summary.stored_compressed : 0.0);
  }
  return skipped > 0 && !args.skip_bad ? 1 : 0;
}

int run_get(const std::string& db, const std::string& id, bool pretty, const ShardArgs& shards) {
  Index index = Index::open(db, shards.options());
  const std::optional<Document> document = index.get(id);
  if (!document) {
    fmt::print(stderr, "crible: no document with id '{}' in '{}'\n", id, db);
    return 1;
  }
  fmt::print("{}\n", document_to_json(*document, pretty ? 2 : -1));
  return 0;
}

int run_delete(const std::string& db, const std::vector<std::string>& ids) {
  IndexWriter writer = IndexWriter::open(db);
  int status = 0;
  std::size_t deleted = 0;
  for (const std::string& id : ids) {
    if (writer.remove(id)) {
      ++deleted;
    } else {
      fmt::print(stderr, "crible: no document with id '{}'\n", id);
      status = 1;
    }
  }
  writer.close();
  fmt::print(stderr, "deleted {} document(s)\n", deleted);
  return status;
}

int run_stats(const std::string& db, bool json, const ShardArgs& shards) {
  Index index = Index::open(db, shards.options());
  const IndexStats stats = index.stats();
  if (json) {
    fmt::print("{}\n", stats_to_json(stats, 2));
    return 0;
  }
  fmt::print("documents   {} ({} articles, {} comments)\n", stats.documents,
             stats.by_type.at("article"), stats.by_type.at("comment"));
  fmt::print("undated     {} articles, {} comments\n", stats.undated.at("article"),
             stats.undated.at("comment"));
  fmt::print("terms       {} distinct, {} postings\n", stats.terms, stats.postings);
  fmt::print("disk        {}\n", megabytes(stats.disk_bytes));
  fmt::print("stored      {} raw, {} compressed (x{:.2f})\n", megabytes(stats.stored_raw),
             megabytes(stats.stored_compressed),
             stats.stored_compressed ? double(stats.stored_raw) / stats.stored_compressed : 0.0);
  for (const auto& [id, bytes] : stats.dictionaries)
    fmt::print("dictionary  {} ({} bytes)\n", id, bytes);
  fmt::print("schema      {}\n", stats.schema);
  return 0;
}

int run_check(const std::string& db) {
  std::vector<std::string> problems;
  if (Index::check(db, problems)) {
    fmt::print("{}: ok\n", db);
    return 0;
  }
  for (const std::string& problem : problems)
    fmt::print(stderr, "{}: {}\n", db, problem);
  return 1;
}

}  // namespace

void add_index_commands(CLI::App& app, Run& run) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* index = app.add_subcommand("index", "Add or replace documents in an index");
  index->add_option("--db", args->db, "The index directory (created if missing)")->required();
  index
      ->add_option("inputs", args->inputs,
                   "JSON Lines files (.zst too), pages, HTML pages, RSS/Atom feeds, folders of "
                   "them (walked), or - for stdin")
      ->required();
  index->add_option("--format", args->format, "auto (by content), jsonl, page, html or feed")
      ->check(CLI::IsMember({"auto", "jsonl", "page", "html", "feed"}));
  index->add_option("--glob", args->globs,
                    "In folders, only files whose name matches (*.html; repeatable)");
  index->add_option("--id", args->page_id,
                    "Article id of a page (default: a hash of its canonical URL, else title)");
  index
      ->add_option("--date", args->date,
                   "Date (ISO 8601) of a page's article or feed item that gives none")
      ->check([](const std::string& date) {
        return is_iso8601(date) ? std::string() : "not an ISO 8601 date: " + date;
      });
  index->add_flag("--compact", args->compact, "Leave a compacted single-file (read-only) index");
  index->add_flag("--json", args->json, "Print the summary as JSON");
  index->add_flag("--skip-bad", args->skip_bad, "Exit 0 even when bad documents were skipped");
  index->add_option("--batch-docs", args->batch_documents, "Commit every N documents");
  index->add_option("--batch-mb", args->batch_mb, "...or every N MB of text");
  index->add_option("--max-doc-mb", args->max_document_mb, "Skip documents larger than this");
  index->add_option("--threads", args->threads, "Threads in all (default: one per core)");
  index
      ->add_option("--shards", args->shards,
                   "A new index of N shards written in parallel, routed by thread (DIR/shard-K "
                   "and a XAPIANDB stub); an existing one keeps its own")
      ->check(CLI::Range(std::size_t{1}, std::size_t{256}));
  index
      ->add_option("--duplicate-similarity", args->duplicate_similarity,
                   "An article sharing this share of its word 5-shingles with one indexed "
                   "before it joins its near-duplicate cluster (default 0.3; 0: off)")
      ->check(CLI::Range(0.0, 1.0));
  index->callback([&run, args] { run = [args] { return run_index(*args); }; });

  auto db = std::make_shared<std::string>();
  auto ids = std::make_shared<std::vector<std::string>>();
  auto flag = std::make_shared<bool>(false);
  auto shards = std::make_shared<ShardArgs>();

  CLI::App* get = app.add_subcommand("get", "Print a stored document as JSON");
  get->add_option("--db", *db, "The index")->required();
  get->add_option("id", *ids, "The document id")->required()->expected(1);
  get->add_flag("--pretty", *flag, "Indent the JSON");
  shards->add_to(*get, true);
  get->callback([&run, db, ids, flag, shards] {
    run = [=] { return run_get(*db, ids->front(), *flag, *shards); };
  });

  CLI::App* remove = app.add_subcommand("delete", "Delete documents by id");
  remove->add_option("--db", *db, "The index")->required();
  remove->add_option("ids", *ids, "Document ids")->required();
  remove->callback([&run, db, ids] { run = [=] { return run_delete(*db, *ids); }; });

  auto out = std::make_shared<std::string>();
  CLI::App* compact = app.add_subcommand(
      "compact", "Write a compacted single-file copy of an index (shards merged)");
  compact->add_option("--db", *db, "The index")->required();
  compact->add_option("--out", *out, "The single-file database to write")->required();
  compact->callback([&run, db, out] {
    run = [=] {
      Index::compact(*db, *out);
      return 0;
    };
  });

  CLI::App* stats = app.add_subcommand("stats", "Documents, terms, sizes, dictionaries, schema");
  stats->add_option("--db", *db, "The index")->required();
  stats->add_flag("--json", *flag, "Print JSON");
  shards->add_to(*stats, false);
  stats->callback(
      [&run, db, flag, shards] { run = [=] { return run_stats(*db, *flag, *shards); }; });

  CLI::App* check = app.add_subcommand("check", "Check the index: Xapian's check and crible's");
  check->add_option("--db", *db, "The index")->required();
  check->callback([&run, db] { run = [=] { return run_check(*db); }; });
}

}  // namespace crible::cli
