// Faults from the outside world, with the real CLI: a full disk during a commit, a
// corrupt or truncated database file, a read-only index directory. Each gets a clear
// error and exit 1, never a crash, and the last commit stays readable.

#include <unistd.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>

#include "../support/process.h"
#include "../support/temp_dir.h"

using crible::test::cli;
using crible::test::run_command;
using crible::test::shell_quote;
using crible::test::TempDir;
using Json = nlohmann::json;

namespace {

std::string db(const std::filesystem::path& path) {
  return " --db " + shell_quote(path.string());
}

// @p count documents of about 600 bytes, ids from @p first.
std::string corpus(int first, int count) {
  std::string text;
  for (int i = first; i < first + count; ++i) {
    std::string body;
    for (int w = 0; w < 60; ++w)
      body += "mot" + std::to_string((i * 7 + w * 13) % 5000) + " ";
    text += "{\"id\":\"d" + std::to_string(i) + "\",\"body\":\"" + body + "\"}\n";
  }
  return text;
}

std::uint64_t documents(const std::filesystem::path& index) {
  const auto result = run_command(cli() + " stats --json" + db(index));
  INFO(result.err);
  REQUIRE(result.status == 0);
  return Json::parse(result.out)["documents"].get<std::uint64_t>();
}

std::uintmax_t largest_file(const std::filesystem::path& dir) {
  std::uintmax_t largest = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    largest = std::max(largest, entry.file_size());
  return largest;
}

// The full-disk tests' input: 500 documents indexed first, then 6 000 more.
void write_corpora(const TempDir& dir) {
  crible::test::write_file(dir / "first.jsonl", corpus(0, 500));
  crible::test::write_file(dir / "more.jsonl", corpus(500, 6000));
}

}  // namespace

TEST_CASE(
    "a full disk during a commit: a clear error, the last commit intact, a re-run "
    "converges",
    "[cli][faults]") {
  TempDir dir;
  write_corpora(dir);
  REQUIRE(run_command(cli() + " index" + db(dir / "db") + " " + (dir / "first.jsonl").string())
              .status == 0);
  // No file of the database may grow past its size + 64 KiB (RLIMIT_FSIZE: write()
  // fails with EFBIG, as on a full disk; SIGXFSZ is ignored so that it is an error).
  const std::uintmax_t blocks = (largest_file(dir / "db") + 65536) / 512;
  const auto result =
      run_command("trap '' XFSZ; ulimit -f " + std::to_string(blocks) + "; exec " + cli() +
                  " index --batch-docs 200" + db(dir / "db") + " " + (dir / "more.jsonl").string());
  INFO(result.err);
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::StartsWith("crible: "));
  CHECK(run_command(cli() + " check" + db(dir / "db")).status == 0);
  const std::uint64_t kept = documents(dir / "db");
  CHECK(kept >= 500);
  CHECK(kept < 6500);
  CHECK(kept % 200 == 500 % 200);  // whole batches only
  // With room again, the same ingest ends with exactly every document.
  REQUIRE(
      run_command(cli() + " index" + db(dir / "db") + " " + (dir / "more.jsonl").string()).status ==
      0);
  CHECK(documents(dir / "db") == 6500);
  CHECK(run_command(cli() + " check" + db(dir / "db")).status == 0);
}

// Runs @p script with sh in a mount namespace of its own (unshare: as root, or in a
// user namespace), where it may mount a small tmpfs; the mount goes with the
// namespace. Nullopt when this machine cannot make one.
std::optional<crible::test::ProcessResult> in_mount_namespace(const std::string& script) {
  if (!crible::test::can_mount_tmpfs()) return std::nullopt;
  return run_command("unshare -rm sh -c " + shell_quote(script));
}

TEST_CASE(
    "a really full disk (a small tmpfs): ENOSPC during a commit is a clear error, the "
    "last commit intact, and with room again a re-run converges",
    "[cli][faults]") {
  TempDir dir;
  write_corpora(dir);
  std::filesystem::create_directories(dir / "disk");
  const std::string disk = shell_quote((dir / "disk").string());
  const std::string index = cli() + " index --batch-docs 200 --db " + disk + "/db ";
  const std::string out = (dir / "out").string();
  // Each step's status and output go to files outside the tmpfs, for the test to read.
  const auto step = [&](const std::string& name, const std::string& command) {
    return command + " >" + shell_quote(out + "." + name) + " 2>&1; echo $? >" +
           shell_quote(out + "." + name + ".status") + "; ";
  };
  const auto result = in_mount_namespace(
      "set -u; mount -t tmpfs -o size=64m tmpfs " + disk + " || exit 3; " +
      step("first", index + shell_quote((dir / "first.jsonl").string())) +
      // The disk full a little past what the first 500 documents take.
      "used=$(du -sk " + disk + " | cut -f1); mount -o remount,size=$((used + 192))k " + disk +
      " || exit 4; " + step("full", index + shell_quote((dir / "more.jsonl").string())) +
      step("check", cli() + " check --db " + disk + "/db") +
      step("stats", cli() + " stats --json --db " + disk + "/db") + "mount -o remount,size=64m " +
      disk + " || exit 5; " + step("again", index + shell_quote((dir / "more.jsonl").string())) +
      step("recheck", cli() + " check --db " + disk + "/db") +
      step("restats", cli() + " stats --json --db " + disk + "/db"));
  if (!result) {
    WARN("SKIPPED: no mount namespace here (unshare -rm); the RLIMIT_FSIZE test stands in");
    return;
  }
  INFO(result->err);
  REQUIRE(result->status == 0);
  const auto status = [&](const std::string& name) {
    return std::stoi(crible::test::read_file(out + "." + name + ".status"));
  };
  const auto output = [&](const std::string& name) {
    return crible::test::read_file(out + "." + name);
  };
  for (const char* name : {"first", "full", "check", "stats", "again", "recheck", "restats"})
    crible::test::check_no_sanitizer_report(output(name), name);
  REQUIRE(status("first") == 0);
  INFO(output("full"));
  CHECK(status("full") == 1);
  CHECK(output("full").find("No space left on device") != std::string::npos);
  INFO(output("check"));
  CHECK(status("check") == 0);
  REQUIRE(status("stats") == 0);
  const auto kept = Json::parse(output("stats"))["documents"].get<std::uint64_t>();
  CHECK(kept >= 500);
  CHECK(kept < 6500);
  CHECK(kept % 200 == 500 % 200);  // whole batches only
  INFO(output("again"));
  CHECK(status("again") == 0);
  CHECK(status("recheck") == 0);
  REQUIRE(status("restats") == 0);
  CHECK(Json::parse(output("restats"))["documents"].get<std::uint64_t>() == 6500);
}

TEST_CASE("a truncated or corrupted database file: clear errors, never a crash", "[cli][faults]") {
  TempDir dir;
  crible::test::write_file(dir / "docs.jsonl", corpus(0, 3000));
  REQUIRE(run_command(cli() + " index" + db(dir / "good") + " " + (dir / "docs.jsonl").string())
              .status == 0);
  for (const char* table :
       {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass"}) {
    for (const bool truncate : {true, false}) {
      INFO(table << (truncate ? " truncated" : " overwritten"));
      std::filesystem::remove_all(dir / "bad");
      std::filesystem::copy(dir / "good", dir / "bad");
      const auto file = dir / "bad" / table;
      const auto size = std::filesystem::file_size(file);
      if (truncate) {
        std::filesystem::resize_file(file, size / 2);
      } else {  // garbage over its second half (where the newest blocks are)
        std::fstream out(file, std::ios::in | std::ios::out | std::ios::binary);
        out.seekp(static_cast<std::streamoff>(size / 2));
        out << std::string(size - size / 2, '\x5a');
      }
      const auto check = run_command(cli() + " check" + db(dir / "bad"));
      CHECK(check.status == 1);
      CHECK_FALSE(check.err.empty());
      for (const std::string& command :
           {" search" + db(dir / "bad") + " mot42", " get" + db(dir / "bad") + " d1234",
            " stats" + db(dir / "bad")}) {
        INFO(command);
        const auto result = run_command(cli() + command);
        CHECK((result.status == 0 || result.status == 1));  // a signal would be 128+
        if (result.status == 1) CHECK_THAT(result.err, Catch::StartsWith("crible: "));
      }
    }
  }
}

TEST_CASE("a read-only index directory: reads work, writes say why they cannot", "[cli][faults]") {
  TempDir dir;
  crible::test::write_file(dir / "docs.jsonl", corpus(0, 100));
  REQUIRE(
      run_command(cli() + " index" + db(dir / "db") + " " + (dir / "docs.jsonl").string()).status ==
      0);
  std::filesystem::permissions(dir / "db",
                               std::filesystem::perms::owner_write |
                                   std::filesystem::perms::group_write |
                                   std::filesystem::perms::others_write,
                               std::filesystem::perm_options::remove);
  std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec,
                               std::filesystem::perm_options::add);
  // root writes anywhere: run the commands as nobody then (setpriv, util-linux).
  std::string as_user;
  if (::geteuid() == 0) {
    if (run_command("command -v setpriv").status != 0) {
      WARN("SKIPPED: running as root without setpriv");
      return;
    }
    as_user = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
  }
  auto result = run_command(as_user + cli() + " index" + db(dir / "db") + " " +
                            (dir / "docs.jsonl").string());
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("cannot be locked for writing"));
  result = run_command(as_user + cli() + " search --json" + db(dir / "db") + " mot42");
  INFO(result.err);
  CHECK(result.status == 0);
  result = run_command(as_user + cli() + " delete" + db(dir / "db") + " d1");
  CHECK(result.status == 1);
  std::filesystem::permissions(dir / "db", std::filesystem::perms::owner_write,
                               std::filesystem::perm_options::add);
}

TEST_CASE("a 50 MB line is reported with its place and skipped, the next is indexed",
          "[cli][faults]") {
  TempDir dir;
  crible::test::write_file(dir / "in.jsonl", "{\"id\":\"huge\",\"body\":\"" +
                                                 std::string(50'000'000, 'a') +
                                                 "\"}\n{\"id\":\"after\",\"body\":\"Suite.\"}\n");
  const auto result =
      run_command(cli() + " index --json" + db(dir / "db") + " " + (dir / "in.jsonl").string());
  CHECK(result.status == 1);  // a document was skipped (0 with --skip-bad)
  CHECK_THAT(result.err, Catch::Contains("in.jsonl:1:"));
  CHECK(Json::parse(result.out)["documents"] == 1);
  CHECK(run_command(cli() + " get" + db(dir / "db") + " after").status == 0);
}

TEST_CASE("a 50 MB HTML page or feed is refused naming the file, the next file is indexed",
          "[cli][faults]") {
  TempDir dir;
  std::string page = "<!DOCTYPE html>\n<html><body><article>\n";
  while (page.size() < 50'000'000)
    page += "<p>Un paragraphe de texte sur TikTok et Oracle, encore et encore.</p>\n";
  crible::test::write_file(dir / "huge.html", page + "</article></body></html>\n");
  // A feed on one line: known as a feed by the head of that line.
  std::string feed = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel>";
  while (feed.size() < 50'000'000)
    feed += "<item><title>Un titre</title><description>Un texte.</description></item>";
  crible::test::write_file(dir / "huge.rss", feed + "</channel></rss>");
  crible::test::write_file(dir / "ok.html",
                           "<html><head><title>Court</title></head><body><article><p>Un "
                           "article court mais complet sur Pinterest.</p></article></body></html>");
  const auto result =
      run_command(cli() + " index --json" + db(dir / "db") + " " + (dir / "huge.html").string() +
                  " " + (dir / "huge.rss").string() + " " + (dir / "ok.html").string());
  CHECK(result.status == 1);
  CHECK_THAT(result.err, Catch::Contains("huge.html:") &&
                             Catch::Contains("HTML page exceeds the limit of 10000000 bytes"));
  CHECK_THAT(result.err, Catch::Contains("huge.rss:1: feed exceeds the limit"));
  CHECK(Json::parse(result.out)["documents"] == 1);
  const auto search = run_command(cli() + " search --json" + db(dir / "db") + " pinterest");
  CHECK(Json::parse(search.out)["total"]["value"] == 1);
}

// The sanitizer pass relies on this: a child's report is recognised whatever its exit
// status (each sanitizer's first line), and ordinary errors are not taken for one.
TEST_CASE("sanitizer reports on a child's stderr are recognised", "[support]") {
  using crible::test::has_sanitizer_report;
  CHECK(has_sanitizer_report("==12==ERROR: AddressSanitizer: heap-use-after-free on address"));
  CHECK(has_sanitizer_report("x\n==7==ERROR: LeakSanitizer: detected memory leaks\n"));
  CHECK(has_sanitizer_report("lib/a.cpp:3:9: runtime error: signed integer overflow"));
  CHECK_FALSE(has_sanitizer_report("crible: no index at '/tmp/x'"));
  CHECK_FALSE(has_sanitizer_report("crible: DatabaseError: Error writing block 3"));
}

// run_command applies it after every command: this case's only assertion is that one.
TEST_CASE("run_command fails a test whose child printed a sanitizer report",
          "[support][!shouldfail]") {
  crible::test::run_command("{ echo '==1==ERROR: LeakSanitizer: detected memory leaks' >&2; }");
}
