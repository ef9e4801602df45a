// kill -9 of `crible index` at random moments (fixed seed): the index stays
// consistent, holds whole batches of what was written and nothing else, and re-running
// the same ingest ends with exactly the right documents.

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <random>
#include <thread>

#include "../support/process.h"
#include "../support/temp_dir.h"
#include "crible/index.h"
#include "shards/routing.h"

using crible::test::TempDir;

namespace {

constexpr int kDocuments = 20000;

std::string id_of(int i) {
  return "g" + std::to_string(i);
}

// The bodies of the documents g0 ... g19999, seeded.
std::vector<std::string> generated_bodies() {
  std::mt19937 rng(42);
  const char* words[] = {"Microsoft", "rachat",       "TikTok",    "Oracle",
                         "données",   "américains",   "réseau",    "social",
                         "lecteurs",  "commentaires", "Pinterest", "Chine"};
  std::uniform_int_distribution<int> word(0, 11), length(8, 40);
  std::vector<std::string> bodies;
  for (int i = 0; i < kDocuments; ++i) {
    std::string body;
    for (int n = length(rng); n > 0; --n)
      body += (body.empty() ? "" : " ") + std::string(words[word(rng)]);
    bodies.push_back(std::move(body));
  }
  return bodies;
}

std::string as_jsonl(const std::vector<std::string>& bodies) {
  std::string corpus;
  for (std::size_t i = 0; i < bodies.size(); ++i)
    corpus += R"({"id":")" + id_of(static_cast<int>(i)) + R"(","body":")" + bodies[i] + "\"}\n";
  return corpus;
}

// What a kill left in each database (the one, or each shard): a prefix of the
// documents routed to it, in the order they were written, each as written. A commit
// is all of its batch or none of it; nothing committed is lost or half there.
void check_committed_prefixes(const std::string& db, int shards,
                              const std::vector<std::string>& bodies) {
  const auto databases = crible::Index::local_databases(db);
  REQUIRE(databases.size() == static_cast<std::size_t>(shards));
  for (std::size_t shard = 0; shard < databases.size(); ++shard) {
    if (!std::filesystem::exists(databases[shard])) continue;  // killed before it was made
    crible::Index index = crible::Index::open(databases[shard]);
    std::string first_missing, problem;
    std::size_t present = 0;
    for (int i = 0; i < kDocuments && problem.empty(); ++i) {
      const std::string id = id_of(i);
      if (crible::shards::shard_of(id, databases.size()) != shard) continue;
      const std::optional<crible::Document> document = index.get(id);
      if (!document) {
        if (first_missing.empty()) first_missing = id;
        continue;
      }
      ++present;
      if (!first_missing.empty())
        problem = id + " is there but " + first_missing + " is not";
      else if (document->body != bodies[static_cast<std::size_t>(i)])
        problem = id + " is not as written: '" + document->body + "'";
    }
    INFO("shard " << shard << " of " << databases.size() << ", " << present << " documents");
    CHECK(problem.empty());
    CHECK(index.size() == present);  // nothing but what was written
  }
}

// Starts `crible index` on @p corpus into @p db (in @p shards shards) and kills it with
// SIGKILL after @p delay. True when the kill found it still running.
bool index_and_kill(const std::string& db, const std::string& corpus,
                    std::chrono::milliseconds delay, int shards = 1) {
  const std::string shard_count = std::to_string(shards);
  const pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    const int null = ::open("/dev/null", O_WRONLY);
    ::dup2(null, STDERR_FILENO);
    ::execl(CRIBLE_CLI, CRIBLE_CLI, "index", "--batch-docs", "500", "--shards", shard_count.c_str(),
            "--db", db.c_str(), corpus.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  std::this_thread::sleep_for(delay);
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

// Kills `crible index` @p rounds times at seeded random moments, checks the index after
// each, then re-runs the ingest to the end: exactly every document, and a clean check.
void kill_and_converge(int shards, int rounds, unsigned seed) {
  TempDir dir;
  const std::string corpus = (dir / "corpus.jsonl").string();
  const std::vector<std::string> bodies = generated_bodies();
  crible::test::write_file(corpus, as_jsonl(bodies));
  const std::string db = (dir / "db").string();
  const std::string quoted = crible::test::shell_quote(db);
  // Kills land between 2 % and 60 % of a whole run's time on this machine (measured
  // now: a sanitized build or a loaded machine is several times slower).
  const auto started = std::chrono::steady_clock::now();
  REQUIRE(crible::test::run_command(crible::test::cli() + " index --batch-docs 500 --shards " +
                                    std::to_string(shards) + " --db " +
                                    crible::test::shell_quote((dir / "timing").string()) + " " +
                                    crible::test::shell_quote(corpus))
              .status == 0);
  const auto whole = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::steady_clock::now() - started)
                         .count();
  std::mt19937 rng(seed);
  std::uniform_int_distribution<long> delay_ms(whole / 50, whole * 3 / 5);
  int interrupted = 0;
  for (int round = 0; round < rounds; ++round) {
    if (index_and_kill(db, corpus, std::chrono::milliseconds(delay_ms(rng)), shards)) ++interrupted;
    if (!std::filesystem::exists(db)) continue;  // killed before it was created
    const auto check = crible::test::run_command(crible::test::cli() + " check --db " + quoted);
    INFO("round " << round << ": " << check.out << check.err);
    CHECK(check.status == 0);
    check_committed_prefixes(db, shards, bodies);
  }
  // Most kills must land during a run, or this test would test nothing (a run may
  // still be faster than the measured one).
  INFO("a whole run: " << whole << " ms; " << interrupted << " of " << rounds << " interrupted");
  CHECK(interrupted * 4 >= rounds * 3);
  const auto rerun = crible::test::run_command(crible::test::cli() + " index --json --shards " +
                                               std::to_string(shards) + " --db " + quoted + " " +
                                               crible::test::shell_quote(corpus));
  INFO(rerun.err);
  REQUIRE(rerun.status == 0);
  const auto stats =
      crible::test::run_command(crible::test::cli() + " stats --json --db " + quoted);
  REQUIRE(stats.status == 0);
  CHECK(stats.out.find("\"documents\": " + std::to_string(kDocuments)) != std::string::npos);
  CHECK(crible::test::run_command(crible::test::cli() + " check --db " + quoted).status == 0);
  check_committed_prefixes(db, shards, bodies);
}

}  // namespace

TEST_CASE("kill -9 during indexing never corrupts the index, and a re-run converges",
          "[cli][crash]") {
  kill_and_converge(1, 10, 20261129);
}

TEST_CASE("kill -9 during sharded indexing: every shard consistent, a re-run converges",
          "[cli][crash][shards]") {
  kill_and_converge(3, 8, 20261130);
}
