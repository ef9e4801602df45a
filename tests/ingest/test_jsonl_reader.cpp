// JSON Lines: every field, and every way a line can be wrong.

#include <zstd.h>

#include <catch2/catch.hpp>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"

using namespace crible;
using test::TempDir;
using test::write_file;

namespace {

struct ReadAll {
  std::vector<Document> documents;
  std::vector<ReadProblem> problems;
};

ReadAll read_all(const std::string& path, ReadOptions options = {}) {
  ReadAll all;
  DocumentReader reader(path, options);
  Document document;
  while (reader.next(document, [&](const ReadProblem& p) { all.problems.push_back(p); }))
    all.documents.push_back(document);
  return all;
}

}  // namespace

TEST_CASE("a JSON line with every field", "[ingest][jsonl]") {
  const Document d = document_from_json(
      R"({"id":"a1","type":"article","title":"T","body":"B\nC","author":"Ann","date":"2021-02-19",)"
      R"("url":"https://x.fr/a","lang":"fr","section":"tech","tags":["a","b"]})");
  CHECK(d.id == "a1");
  CHECK(d.type == DocumentType::article);
  CHECK(d.body == "B\nC");
  CHECK(d.date == "2021-02-19");
  CHECK(d.extra_json == R"({"section":"tech","tags":["a","b"]})");
  const Document back = document_from_json(document_to_json(d));
  CHECK(document_to_json(back) == document_to_json(d));
}

TEST_CASE("type defaults from parent, comments keep premium, quote, reply_to", "[ingest][jsonl]") {
  const Document c = document_from_json(
      R"({"id":"a1#c1","parent":"a1","body":"x","premium":true,"quote":"q","reply_to":"a1#c0"})");
  CHECK(c.type == DocumentType::comment);
  CHECK(c.premium);
  CHECK(c.quote == "q");
  CHECK(c.reply_to == "a1#c0");
  CHECK(document_from_json(R"({"id":"a","body":"x"})").type == DocumentType::article);
}

TEST_CASE("each malformed line is reported with file, line and reason", "[ingest][jsonl]") {
  TempDir dir;
  const std::string input =
      "{\"id\":\"ok1\",\"body\":\"fine\"}\n"
      "{\"id\":\"broken\",\"body\":\n"                              // 2 malformed
      "{\"body\":\"no id\"}\n"                                      // 3 missing id
      "{\"id\":\"nobody\"}\n"                                       // 4 missing body
      "{\"id\":\"t\",\"type\":\"tweet\",\"body\":\"x\"}\n"          // 5 wrong type
      "{\"id\":7,\"body\":\"x\"}\n"                                 // 6 id not a string
      "{\"id\":\"u\",\"body\":\"caf\xC3\"}\n"                       // 7 invalid UTF-8
      "[1,2]\n"                                                     // 8 not an object
      "{\"id\":\"d\",\"body\":\"x\",\"date\":\"19/02/2021\"}\n"     // 9 bad date
      "\n"                                                          // blank: ignored
      "{\"id\":\"n\",\"body\":\"x\",\"v\":1e999999999999999999}\n"  // 11 number overflow (fuzzing)
      "{\"id\":\"ok2\",\"body\":\"fine\"}";                         // 12, no final newline
  write_file(dir / "in.jsonl", input);
  const ReadAll all = read_all((dir / "in.jsonl").string());
  REQUIRE(all.documents.size() == 2);
  CHECK(all.documents[1].id == "ok2");
  REQUIRE(all.problems.size() == 9);
  const std::vector<std::size_t> lines = {2, 3, 4, 5, 6, 7, 8, 9, 11};
  for (std::size_t i = 0; i < lines.size(); ++i) {
    CHECK(all.problems[i].line == lines[i]);
    CHECK(all.problems[i].source == (dir / "in.jsonl").string());
  }
  CHECK(all.problems[0].reason.find("malformed JSON") == 0);
  CHECK(all.problems[1].reason == "missing required field \"id\"");
  CHECK(all.problems[2].reason == "missing required field \"body\"");
  CHECK(all.problems[3].reason.find("\"type\"") != std::string::npos);
  CHECK(all.problems[4].reason.find("must be a string") != std::string::npos);
  CHECK(all.problems[5].reason.find("invalid UTF-8") == 0);
  CHECK(all.problems[6].reason.find("expected a JSON object") == 0);
  CHECK(all.problems[7].reason.find("ISO 8601") != std::string::npos);
  CHECK(all.problems[8].reason.find("unreadable JSON") == 0);
  CHECK(all.problems[0].to_string().find(":2: malformed JSON") != std::string::npos);
}

TEST_CASE("an oversized line is skipped in bounded memory, the next one is read",
          "[ingest][jsonl]") {
  TempDir dir;
  std::string big = "{\"id\":\"big\",\"body\":\"" + std::string(3'000'000, 'a') + "\"}\n";
  write_file(dir / "in.jsonl", big + "{\"id\":\"after\",\"body\":\"x\"}\n");
  ReadOptions options;
  options.max_document_bytes = 1'000'000;
  const ReadAll all = read_all((dir / "in.jsonl").string(), options);
  REQUIRE(all.documents.size() == 1);
  CHECK(all.documents[0].id == "after");
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].reason.find("exceeds the limit") != std::string::npos);
}

TEST_CASE("an empty input gives no documents and no problems", "[ingest][jsonl]") {
  TempDir dir;
  write_file(dir / "empty.jsonl", "");
  const ReadAll all = read_all((dir / "empty.jsonl").string());
  CHECK(all.documents.empty());
  CHECK(all.problems.empty());
}

TEST_CASE("zstd input is read directly, whatever its name", "[ingest][jsonl]") {
  TempDir dir;
  std::string plain;
  for (int i = 0; i < 500; ++i)
    plain += "{\"id\":\"d" + std::to_string(i) + "\",\"body\":\"texte\"}\n";
  std::string compressed(ZSTD_compressBound(plain.size()), '\0');
  compressed.resize(
      ZSTD_compress(compressed.data(), compressed.size(), plain.data(), plain.size(), 3));
  write_file(dir / "corpus.data", compressed);
  const ReadAll all = read_all((dir / "corpus.data").string());
  CHECK(all.documents.size() == 500);
  CHECK(all.problems.empty());
  // A truncated frame is an I/O error naming the file, not a silent end.
  write_file(dir / "cut.zst", compressed.substr(0, compressed.size() / 2));
  CHECK_THROWS_AS(read_all((dir / "cut.zst").string()), IoError);
}

TEST_CASE("a missing input file is an IoError naming it", "[ingest]") {
  try {
    DocumentReader reader("/nonexistent/corpus.jsonl");
    FAIL("no exception");
  } catch (const IoError& e) {
    CHECK(std::string(e.what()).find("/nonexistent/corpus.jsonl") != std::string::npos);
  }
}

TEST_CASE("automatic format tells JSON Lines from a page", "[ingest]") {
  TempDir dir;
  write_file(dir / "page.txt",
             "Un titre\n\nUn paragraphe.\nVos commentaires Page 1 / 1\nUn avis.\n");
  DocumentReader page((dir / "page.txt").string());
  Document document;
  REQUIRE(page.next(document, {}));
  CHECK(page.format() == InputFormat::page);
  CHECK(document.title == "Un titre");
  write_file(dir / "lines.jsonl", "\xEF\xBB\xBF{\"id\":\"a\",\"body\":\"x\"}\n");  // with a BOM
  DocumentReader lines((dir / "lines.jsonl").string());
  REQUIRE(lines.next(document, {}));
  CHECK(lines.format() == InputFormat::jsonl);
  CHECK(document.id == "a");
}

TEST_CASE("deeply nested JSON is refused on its line, not a crash", "[ingest][jsonl]") {
  TempDir dir;
  const std::size_t depth = 200000;  // enough to overflow a recursive walk of the value
  write_file(dir / "deep.jsonl", "{\"id\":\"deep\",\"body\":\"x\",\"v\":" +
                                     std::string(depth, '[') + std::string(depth, ']') + "}\n" +
                                     "{\"id\":\"ok\",\"body\":\"x\",\"v\":[[[\"[[[\"]]]}\n");
  const ReadAll all = read_all((dir / "deep.jsonl").string());
  REQUIRE(all.documents.size() == 1);
  CHECK(all.documents[0].id == "ok");  // brackets inside strings do not count
  REQUIRE(all.problems.size() == 1);
  CHECK(all.problems[0].reason.find("nested deeper than") != std::string::npos);
}
