#include <catch2/catch.hpp>

#include "analysis/elision.h"
#include "analysis/language_detector.h"
#include "analysis/special_tokens.h"
#include "analysis/stemmer.h"
#include "analysis/unicode_fold.h"
#include "analysis/word_breaker.h"
#include "crible/analyzer.h"
#include "crible/error.h"

using namespace crible::analysis;

TEST_CASE("elisions: every French prefix, any case", "[elision]") {
  CHECK(elision_length(u"l'avion") == 2);
  CHECK(elision_length(u"L'Application") == 2);
  CHECK(elision_length(u"d'Oracle") == 2);
  CHECK(elision_length(u"j'ai") == 2);
  CHECK(elision_length(u"m'a") == 2);
  CHECK(elision_length(u"n'aurait") == 2);
  CHECK(elision_length(u"s'était") == 2);
  CHECK(elision_length(u"t'es") == 2);
  CHECK(elision_length(u"C'est") == 2);
  CHECK(elision_length(u"qu'elle") == 3);
  CHECK(elision_length(u"Jusqu'où") == 6);
  CHECK(elision_length(u"LORSQU'il") == 7);
  CHECK(elision_length(u"puisqu'on") == 7);
  CHECK(elision_length(u"quoiqu'il") == 7);
  CHECK(elision_length(u"presqu'île") == 7);
}

TEST_CASE("not elisions", "[elision]") {
  CHECK(elision_length(u"aujourd'hui") == 0);
  CHECK(elision_length(u"l'") == 0);  // nothing after the apostrophe
  CHECK(elision_length(u"'a") == 0);
  CHECK(elision_length(u"O'Brien") == 0);
  CHECK(elision_length(u"avion") == 0);
}

TEST_CASE("acronyms are single capitals separated by dots", "[breaker]") {
  CHECK(is_acronym(u"U.S.A"));
  CHECK(is_acronym(u"O.N.U"));
  CHECK_FALSE(is_acronym(u"U"));
  CHECK_FALSE(is_acronym(u"e.g"));
  CHECK_FALSE(is_acronym(u"US.A"));
  CHECK_FALSE(is_acronym(u"genre.Elle"));
}

TEST_CASE("the word breaker cuts where Xapian's QueryParser cuts", "[breaker]") {
  WordBreaker breaker;
  const auto words = [&](std::u16string_view text) {
    std::vector<WordSpan> spans;
    breaker.split(text, spans);
    std::vector<std::u16string> out;
    for (const WordSpan& span : spans)
      out.emplace_back(text.substr(span.core_begin, span.core_end - span.core_begin));
    return out;
  };
  using V = std::vector<std::u16string>;
  CHECK(words(u"États-Unis") == V{u"États", u"Unis"});
  CHECK(words(u"genre.Elle rend") == V{u"genre", u"Elle", u"rend"});
  CHECK(words(u"U.S.A. et l'O.N.U.") == V{u"U.S.A", u"et", u"O.N.U"});
  CHECK(words(u"5,6 % et 1.000.000") == V{u"5,6", u"et", u"1.000.000"});
  CHECK(words(u"tiktok_us lecteur·rice aujourd'hui") ==
        V{u"tiktok_us", u"lecteur·rice", u"aujourd'hui"});
  CHECK(words(u"qu'aujourd'hui") == V{u"aujourd'hui"});
}

TEST_CASE("folding: NFC, full case folding, accents and ligatures", "[fold]") {
  const UnicodeFolder folder;
  CHECK(folder.fold_utf8("r\xC3\xA9sum\xC3\xA9") == "resume");
  CHECK(folder.fold_utf8("re\xCC\x81sume\xCC\x81") == "resume");
  CHECK(folder.fold_utf8("\xC5\x92uvre C\xC5\x93ur ex \xC3\xA6quo") == "oeuvre coeur ex aequo");
  CHECK(folder.fold_utf8("\xC3\x89TATS-UNIS") == "etats-unis");
  CHECK(folder.fold_utf8("Stra\xC3\x9F"
                         "e") == "strasse");
  CHECK(folder.fold_utf8("Ou\xC3\xAFgours") == "ouigours");
  std::u16string lowered;
  folder.lower(u"L\u2019\u00C9CONOMIE", lowered);
  CHECK(lowered == u"l\u2019\u00E9conomie");
}

TEST_CASE("libstemmer's French, RAII and copies", "[stemmer]") {
  SnowballStemmer french("fr");
  CHECK(french.stem("application") == "appliqu");
  CHECK(french.stem("données") == "don");
  CHECK(french.stem("donnees") == "donne");
  SnowballStemmer copy = french;
  CHECK(copy.stem("chinoise") == "chinois");
  SnowballStemmer english("en");
  CHECK(english.stem("banking") == "bank");
  CHECK_THROWS_AS(SnowballStemmer("klingon"), crible::InvalidArgument);
}

TEST_CASE("URL hosts", "[special]") {
  CHECK(url_host("https://www.zdnet.fr/actualites/x.htm") == "zdnet.fr");
  CHECK(url_host("http://user@Example.COM:8080/?q=1") == "example.com");
  CHECK(url_host("www.lesechos.fr") == "lesechos.fr");
}

TEST_CASE("language detection picks only configured languages, French by default", "[language]") {
  const LanguageDetector detector({"fr", "en"}, "fr", 60);
  CHECK(detector.detect("Banking sources tell the network they believe the company could make "
                        "another run at the video app if the deal falls through.") == "en");
  CHECK(detector.detect("Le groupe de Redmond aurait approché le réseau social pour un rachat "
                        "à hauteur de plusieurs milliards de dollars.") == "fr");
  CHECK(detector.detect("Ou du Linkedin bis") == "fr");  // too short: the default
  CHECK(detector.detect("Das ist ein ziemlich langer deutscher Satz, der eindeutig in deutscher "
                        "Sprache geschrieben wurde und nichts anderes.") ==
        "fr");  // not configured
}
