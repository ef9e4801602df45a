// kill -9 of `crible index` at random moments (fixed seed): the index stays
// consistent, and re-running the same ingest ends with exactly the right count.

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

using crible::test::TempDir;

namespace {

constexpr int kDocuments = 20000;

std::string generated_corpus() {
  std::mt19937 rng(42);
  const char* words[] = {"Microsoft", "rachat",       "TikTok",    "Oracle",
                         "données",   "américains",   "réseau",    "social",
                         "lecteurs",  "commentaires", "Pinterest", "Chine"};
  std::uniform_int_distribution<int> word(0, 11), length(8, 40);
  std::string corpus;
  for (int i = 0; i < kDocuments; ++i) {
    std::string body;
    for (int n = length(rng); n > 0; --n)
      body += std::string(words[word(rng)]) + " ";
    corpus += "{\"id\":\"g" + std::to_string(i) + "\",\"body\":\"" + body + "\"}\n";
  }
  return corpus;
}

// Starts `crible index` on @p corpus into @p db (in @p shards shards) and kills it with
// SIGKILL after @p delay.
void index_and_kill(const std::string& db, const std::string& corpus,
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
}

// Kills `crible index` @p rounds times at seeded random moments, checks the index after
// each, then re-runs the ingest to the end: exactly every document, and a clean check.
void kill_and_converge(int shards, int rounds, unsigned seed) {
  TempDir dir;
  const std::string corpus = (dir / "corpus.jsonl").string();
  crible::test::write_file(corpus, generated_corpus());
  const std::string db = (dir / "db").string();
  const std::string quoted = crible::test::shell_quote(db);
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_ms(50, 1500);
  for (int round = 0; round < rounds; ++round) {
    index_and_kill(db, corpus, std::chrono::milliseconds(delay_ms(rng)), shards);
    if (!std::filesystem::exists(db)) continue;  // killed before it was created
    const auto check = crible::test::run_command(crible::test::cli() + " check --db " + quoted);
    INFO("round " << round << ": " << check.out << check.err);
    CHECK(check.status == 0);
  }
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
