#include <catch2/catch.hpp>

#include "analysis/text_cleaner.h"

using crible::analysis::clean_utf8;
using crible::analysis::CleanText;

namespace {
CleanText clean(std::string_view bytes) {
  CleanText text;
  clean_utf8(bytes, text);
  return text;
}
}  // namespace

TEST_CASE("the cleaner maps every unit back to its input byte", "[cleaner]") {
  const CleanText text = clean("a\xC3\xA9z");  // aéz
  REQUIRE(text.units == u"a\u00E9z");
  REQUIRE(text.byte_offsets == std::vector<std::uint32_t>{0, 1, 3, 4});
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per maximal invalid subpart", "[cleaner]") {
  CHECK(clean("a\xFF"
              "b")
            .units == u"a\uFFFDb");
  CHECK(clean("\xE2\x82").units == u"\uFFFD");                  // truncated 3-byte sequence
  CHECK(clean("\xC0\xAF").units == u"\uFFFD\uFFFD");            // overlong '/'
  CHECK(clean("\xED\xA0\x80").units == u"\uFFFD\uFFFD\uFFFD");  // a surrogate
  CHECK(clean("\xF4\x90\x80\x80").units == u"\uFFFD\uFFFD\uFFFD\uFFFD");  // > U+10FFFF
  const CleanText text = clean("x\xE2\x82y");
  REQUIRE(text.units == u"x\uFFFDy");
  REQUIRE(text.byte_offsets == std::vector<std::uint32_t>{0, 1, 3, 4});
}

TEST_CASE("NUL and control characters separate words, newlines stay", "[cleaner]") {
  CHECK(clean(std::string_view("a\0b", 3)).units == u"a b");
  CHECK(clean("a\x01"
              "b\x7F"
              "c\xC2\x85"
              "d")
            .units == u"a b c d");
  CHECK(clean("a\nb\tc").units == u"a\nb\tc");
}

TEST_CASE("typographic apostrophes become U+0027", "[cleaner]") {
  CHECK(clean("l\xE2\x80\x99"
              "a l\xCA\xBC"
              "a l\xE2\x80\x98"
              "a")
            .units == u"l'a l'a l'a");
}

TEST_CASE("soft hyphens and zero-width characters vanish", "[cleaner]") {
  const CleanText text = clean(
      "ap\xC2\xAD"
      "pli\xE2\x80\x8B"
      "cation\xEF\xBB\xBF");
  REQUIRE(text.units == u"application");
  REQUIRE(text.byte_offsets.back() == 19);
  REQUIRE(text.byte_offsets[2] == 4);  // the 'p' after the soft hyphen
}

TEST_CASE("characters outside the BMP take two units at one offset", "[cleaner]") {
  const CleanText text = clean("\xF0\x9F\x98\x80!");  // 😀!
  REQUIRE(text.units.size() == 3);
  REQUIRE(text.byte_offsets == std::vector<std::uint32_t>{0, 0, 4, 5});
}

TEST_CASE("UTF-8 validation", "[cleaner]") {
  CHECK(crible::analysis::is_valid_utf8("résumé 字节跳动 😀"));
  CHECK_FALSE(crible::analysis::is_valid_utf8("r\xC3"));
  CHECK_FALSE(crible::analysis::is_valid_utf8("\xC0\x80"));
}
