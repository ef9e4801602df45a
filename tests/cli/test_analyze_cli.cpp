// The real crible executable, run as a user runs it.

#include <catch2/catch.hpp>

#include "../support/process.h"

using crible::test::cli;
using crible::test::run_command;
using crible::test::shell_quote;

TEST_CASE("crible analyze --json prints tokens with offsets, kinds and terms", "[cli]") {
  const auto result = run_command(cli() + " analyze --json " +
                                  shell_quote("L\xE2\x80\x99"
                                              "application"));
  REQUIRE(result.status == 0);
  CHECK(
      result.out ==
      "{\"tokens\":[{\"text\":\"L\xE2\x80\x99"
      "application\",\"start\":0,\"end\":15,"
      "\"position\":1,\"kind\":\"word\",\"lang\":\"fr\",\"terms\":[\"application\",\"Zappliqu\"]}],"
      "\"entities\":[]}\n");
}

TEST_CASE("crible analyze reads standard input with -", "[cli]") {
  const auto result = run_command(cli() + " analyze -", "Tiens, n'oublions pas $ORCL\n");
  REQUIRE(result.status == 0);
  CHECK(result.out.find("oublion") != std::string::npos);
  CHECK(result.out.find("XCTorcl") != std::string::npos);
}

TEST_CASE("crible analyze survives invalid UTF-8 and NUL bytes on stdin", "[cli]") {
  const std::string input("caf\xC3\xA9\xFF\x00sucre\xE2\x82", 13);
  const auto result = run_command(cli() + " analyze --json -", input);
  REQUIRE(result.status == 0);
  CHECK(result.out.find("\"cafe\"") != std::string::npos);
  CHECK(result.out.find("\"sucre\"") != std::string::npos);
}

TEST_CASE("crible analyze --query shows the parsed query", "[cli]") {
  const auto result = run_command(cli() + " analyze --query " + shell_quote("\"rachat d'Oracle\""));
  REQUIRE(result.status == 0);
  CHECK(result.out == "Query((Zrachat@1 PHRASE 2 Zoracl@2))\n");
}

TEST_CASE("crible usage errors exit with status 2", "[cli]") {
  CHECK(run_command(cli()).status == 2);
  CHECK(run_command(cli() + " analyze").status == 2);
  CHECK(run_command(cli() + " frobnicate").status == 2);
  CHECK(run_command(cli() + " analyze --lang xx mot").status == 1);
}

TEST_CASE("crible --version names the linked libraries", "[cli]") {
  const auto result = run_command(cli() + " --version");
  REQUIRE(result.status == 0);
  CHECK(result.out.find("Xapian 1.4") != std::string::npos);
  CHECK(result.out.find("ICU") != std::string::npos);
  CHECK(result.out.find("Snowball") != std::string::npos);
  CHECK(result.out.find("zstd") != std::string::npos);
}
