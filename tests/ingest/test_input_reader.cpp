// InputReader: many inputs, the small ones read ahead on other threads, the large
// ones streamed; what comes out must be what reading each input in turn gives, in
// the same order, problems included.

#include <catch2/catch.hpp>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/ingest.h"

using namespace crible;
using test::TempDir;

namespace {

struct Read {
  std::vector<std::string> ids;
  std::vector<std::string> problems;
};

Read one_by_one(const std::vector<std::string>& inputs, const ReadOptions& options) {
  Read read;
  for (const std::string& input : inputs) {
    try {
      DocumentReader reader(input, options);
      Thread thread;
      while (reader.next_thread(
          thread, [&](const ReadProblem& p) { read.problems.push_back(p.to_string()); }))
        for (const Document& document : thread.documents)
          read.ids.push_back(document.id);
    } catch (const IoError& e) {
      read.problems.push_back(ReadProblem{input, 0, e.what(), false}.to_string());
    }
  }
  return read;
}

Read through_input_reader(const std::vector<std::string>& inputs, const ReadOptions& options,
                          unsigned ahead, std::uint64_t* consumed = nullptr,
                          std::uint64_t* total = nullptr) {
  Read read;
  InputReader reader(inputs, options, ahead);
  Thread thread;
  while (reader.next_thread(thread,
                            [&](const ReadProblem& p) { read.problems.push_back(p.to_string()); }))
    for (const Document& document : thread.documents)
      read.ids.push_back(document.id);
  if (consumed) *consumed = reader.consumed_bytes();
  if (total) *total = reader.total_bytes();
  return read;
}

}  // namespace

TEST_CASE("many inputs read ahead come out as read one by one, in order", "[ingest][inputs]") {
  TempDir dir;
  const auto sample = [](const std::string& name) {
    return test::source_path("data/sample/" + name).string();
  };
  // A JSON Lines file over the limit (streamed), small ones around it (read ahead), a
  // page, feeds, a bad line, a missing file.
  std::string big;
  for (int i = 0; i < 600; ++i)
    big += "{\"id\":\"big" + std::to_string(i) + "\",\"body\":\"Texte numéro " + std::to_string(i) +
           ".\"}\n";
  test::write_file(dir / "big.jsonl", big);
  test::write_file(dir / "bad.jsonl", "{\"id\":\"ok1\",\"body\":\"Bien.\"}\n{\"id\":\n");
  ReadOptions options;
  options.max_document_bytes = 20'000;  // the sample page and feeds fit, big.jsonl does not
  REQUIRE(big.size() > options.max_document_bytes);
  const std::vector<std::string> inputs = {
      sample("article-nuage.html"),    (dir / "big.jsonl").string(), sample("flux-tech.rss"),
      (dir / "missing.html").string(), (dir / "bad.jsonl").string(), sample("flux-eco.atom"),
      sample("page-rachat.txt"),       sample("article-nuage.html")};
  const Read expected = one_by_one(inputs, options);
  REQUIRE(expected.ids.size() > 600);
  REQUIRE(expected.problems.size() == 2);  // the missing file, the bad line
  for (const unsigned ahead : {1u, 2u, 8u}) {
    INFO("ahead " << ahead);
    std::uint64_t consumed = 0, total = 0;
    const Read read = through_input_reader(inputs, options, ahead, &consumed, &total);
    CHECK(read.ids == expected.ids);
    CHECK(read.problems == expected.problems);
    CHECK(consumed == total);
    CHECK(total > big.size());
  }
}

TEST_CASE("no inputs, or only missing ones, end at once", "[ingest][inputs]") {
  CHECK(through_input_reader({}, {}, 0).ids.empty());
  const Read read = through_input_reader({"/nonexistent/a.html", "/nonexistent/b.rss"}, {}, 2);
  CHECK(read.ids.empty());
  REQUIRE(read.problems.size() == 2);
  CHECK(read.problems[0].rfind("/nonexistent/a.html:0:", 0) == 0);
}
