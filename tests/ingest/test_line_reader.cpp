#include <catch2/catch.hpp>

#include "../support/temp_dir.h"
#include "ingest/line_reader.h"

using crible::ingest::LineReader;

TEST_CASE("lines: CRLF, no final newline, NUL bytes, numbering", "[ingest][lines]") {
  crible::test::TempDir dir;
  crible::test::write_file(dir / "f", std::string("a\r\nb\0c\n\nlast", 12));
  LineReader reader((dir / "f").string(), 100);
  LineReader::Line line;
  REQUIRE(reader.next(line));
  CHECK(line.text == "a");
  REQUIRE(reader.next(line));
  CHECK(line.text == std::string("b\0c", 3));
  REQUIRE(reader.next(line));
  CHECK(line.text.empty());
  REQUIRE(reader.next(line));
  CHECK(line.text == "last");
  CHECK(line.number == 4);
  CHECK_FALSE(reader.next(line));
}

TEST_CASE("an over-long line is flagged with its real length", "[ingest][lines]") {
  crible::test::TempDir dir;
  crible::test::write_file(dir / "f", std::string(200'000, 'x') + "\nshort\n");
  LineReader reader((dir / "f").string(), 1000);
  LineReader::Line line;
  REQUIRE(reader.next(line));
  CHECK(line.oversized);
  CHECK(line.length == 200'000);
  CHECK(line.text == std::string(LineReader::kOversizedHead, 'x'));  // its head only
  REQUIRE(reader.next(line));
  CHECK(line.text == "short");
}
