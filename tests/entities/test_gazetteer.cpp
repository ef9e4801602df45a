// The gazetteer format and the matcher: every surface form of the entities issue
// resolves, every hard negative stays unmatched. A small gazetteer written here keeps
// these tests independent of data/entities.tsv's evolution.

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "crible/entities.h"
#include "crible/error.h"

using namespace crible;

namespace {

const char* const kGazetteer =
    "# test gazetteer\n"
    "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules\n"
    "microsoft\tMicrosoft\tORG\tMicrosoft|le groupe de Redmond|la firme de "
    "Redmond|Redmond\t@Microsoft\t$MSFT\t"
    "microsoft.com\tQ2283\tlinkedin\tRedmond=cased;not_before:oregon;context:windows,logiciel\n"
    "linkedin\tLinkedIn\tORG\tLinkedIn\t@LinkedIn\t\tlinkedin.com\t\tmicrosoft\t\n"
    "tiktok\tTikTok\tPRODUCT\tTikTok|Tik "
    "Tok|Tik-Tok\t@tiktok_us|@tiktok\t\ttiktok.com\t\tbytedance\t"
    "Tik Tok=not_after:chanson,titre,tube\n"
    "bytedance\tByteDance\tORG\tByteDance|Byte Dance|字节跳动\t\t\tbytedance.com\t\ttiktok\t\n"
    "oracle\tOracle\tORG\tOracle|l’éditeur de Larry "
    "Ellison\t@Oracle\t$ORCL\toracle.com\t\t\tOracle=cased\n"
    "walmart\tWalmart\tORG\tWalmart|Wal-Mart\t@Walmart\t$WMT\twalmart.com\t\t\t\n"
    "pinterest\tPinterest\tORG\tPinterest\t@Pinterest\t$PINS\tpinterest.com\t\t\t\n"
    "donald_trump\tDonald Trump\tPERSON\tDonald Trump|Trump|D. Trump\t@realDonaldTrump\t\t\t\t\t"
    "Trump=cased;not_after:ivanka,melania,no\n"
    "united_states\tÉtats-Unis\tPLACE\tÉtats-Unis|USA|U.S.A.|US|américain|américaine|américains|"
    "américaines"
    "\t\t\t\t\t\tUS=upper|USA=upper\n";

std::vector<std::string> ids(const Gazetteer& gazetteer, Analyzer& analyzer,
                             const std::string& text) {
  std::vector<std::string> out;
  for (const EntityMention& mention : gazetteer.match(text, analyzer.analyze(text)))
    out.push_back(mention.id);
  return out;
}

using Ids = std::vector<std::string>;

}  // namespace

TEST_CASE("every surface form resolves to its entity", "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(kGazetteer, "test.tsv", analyzer);
  CHECK(g.size() == 9);
  CHECK(ids(g, analyzer, "Microsoft") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "MICROSOFT") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "@Microsoft") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "#Microsoft") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "$MSFT") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "voir https://www.microsoft.com/fr-fr/") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "le groupe de Redmond a approché") == Ids{"microsoft"});
  for (const char* form : {"TikTok", "Tik Tok", "Tik-Tok", "tiktok", "@tiktok_us"})
    CHECK(ids(g, analyzer, form) == Ids{"tiktok"});
  for (const char* form :
       {"Oracle", "$ORCL", "@Oracle", "le rachat d'Oracle", "l’éditeur de Larry Ellison"})
    CHECK(ids(g, analyzer, form) == Ids{"oracle"});
  for (const char* form : {"ByteDance", "Byte Dance", "字节跳动"})
    CHECK(ids(g, analyzer, form) == Ids{"bytedance"});
  for (const char* form : {"Walmart", "Wal-Mart"})
    CHECK(ids(g, analyzer, form) == Ids{"walmart"});
  for (const char* form : {"Donald Trump", "Trump a signé", "D. Trump", "@realDonaldTrump"})
    CHECK(ids(g, analyzer, form) == Ids{"donald_trump"});
  for (const char* form : {"États-Unis", "Etats-Unis", "les USA", "les U.S.A.",
                           "des groupes américains", "la firme américaine"})
    CHECK(ids(g, analyzer, form) == Ids{"united_states"});
}

TEST_CASE("hard negatives do not match", "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(kGazetteer, "test.tsv", analyzer);
  CHECK(ids(g, analyzer, "l'oracle de Delphes").empty());
  CHECK(ids(g, analyzer, "les oracles de la Pythie").empty());
  CHECK(ids(g, analyzer, "https://www.example.com/pinterest/board?ref=pinterest").empty());
  CHECK(ids(g, analyzer, "au bridge, annoncer deux sans-atout ou no trump").empty());
  CHECK(ids(g, analyzer, "Ivanka Trump était présente").empty());
  CHECK(ids(g, analyzer, "la chanson Tik Tok de Kesha").empty());
  CHECK(ids(g, analyzer, "le tic-tac de l'horloge").empty());
  CHECK(ids(g, analyzer, "Redmond Oregon et ses logiciels").empty());  // not_before
  CHECK(ids(g, analyzer, "Redmond, petite ville").empty());            // no context
  CHECK(ids(g, analyzer, "Redmond a livré Windows 11") == Ids{"microsoft"});
  CHECK(ids(g, analyzer, "les us et coutumes").empty());
  CHECK(ids(g, analyzer, "les Émirats arabes unis").empty());
  CHECK(ids(g, analyzer, "un magasin Kmart").empty());
}

TEST_CASE("longest match first, mentions carry offsets and positions", "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(kGazetteer, "test.tsv", analyzer);
  const std::string text = "Selon Fox, le groupe de Redmond et Oracle.";
  const auto mentions = g.match(text, analyzer.analyze(text));
  REQUIRE(mentions.size() == 2);
  CHECK(text.substr(mentions[0].start, mentions[0].end - mentions[0].start) ==
        "le groupe de Redmond");
  CHECK(mentions[1].id == "oracle");
  CHECK(text.substr(mentions[1].start, mentions[1].end - mentions[1].start) == "Oracle");
}

TEST_CASE("resolve: ids, aliases, handles and cashtags, any case or accent", "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(kGazetteer, "test.tsv", analyzer);
  CHECK(g.resolve("msft")->id == "microsoft");
  CHECK(g.resolve("Tik Tok")->id == "tiktok");
  CHECK(g.resolve("ORCL")->id == "oracle");
  CHECK(g.resolve("@tiktok_us")->id == "tiktok");
  CHECK(g.resolve("etats-unis")->id == "united_states");
  CHECK(g.resolve("microsoft")->id == "microsoft");
  CHECK(g.resolve("kmart") == nullptr);
}

TEST_CASE("a bad gazetteer is refused with its line and column", "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const std::string header =
      "id\tname\ttype\taliases\thandles\tcashtags\tdomains\twikidata\trelated\trules\n";
  const auto error_of = [&](const std::string& text) -> std::string {
    try {
      Gazetteer::parse(text, "e.tsv", analyzer);
    } catch (const ParseError& e) {
      return e.what();
    }
    return "no error";
  };
  CHECK(error_of("id\tname\n") == "e.tsv:1: column 1: expected the header line \"" +
                                      header.substr(0, header.size() - 1) + "\"");
  CHECK(error_of(header + "x\tX\tALIEN\tX\n") ==
        "e.tsv:2: column 3: type \"ALIEN\" is not ORG, PERSON, PLACE, MEDIA, PRODUCT or EVENT");
  CHECK(error_of(header + "Bad Id\tX\tORG\tX\n").find("e.tsv:2: column 1:") == 0);
  CHECK(error_of(header + "a\tA\tORG\tA\n# comment\na\tA\tORG\tA\n") ==
        "e.tsv:4: column 1: duplicate id \"a\"");
  CHECK(error_of(header + "a\tA\tORG\tA\tnoat\n").find("e.tsv:2: column 5:") == 0);
  CHECK(error_of(header + "a\tA\tORG\tA\t\t\t\t\tzz\n") ==
        "e.tsv:2: column 9: related id \"zz\" is not in the gazetteer");
  CHECK(error_of(header + "a\tA\tORG\tA\t\t\t\t\t\tB=cased\n").find("e.tsv:2: column 10:") == 0);
  CHECK(error_of(header + "a\tA\tORG\tA\t\t\t\t\t\tA=fuzzy\n").find("unknown rule \"fuzzy\"") !=
        std::string::npos);
  CHECK(error_of("").find("no header") != std::string::npos);
}

TEST_CASE("unknown names: capitalised runs outside known mentions and sentence starts",
          "[entities]") {
  Analyzer analyzer = Analyzer::create();
  const Gazetteer g = Gazetteer::parse(kGazetteer, "test.tsv", analyzer);
  const std::string text =
      "Selon Satya Nadella, Microsoft et Larry Ellison discutent. Jean Dupont commence.\n"
      "Les Échos citent Wall Street";
  const auto names = g.unknown_names(text, analyzer.analyze(text));
  CHECK(names == std::vector<std::string>{"Satya Nadella", "Larry Ellison", "Wall Street"});
}

TEST_CASE("the built-in gazetteer on the labelled set: every label, no hard negative",
          "[entities][quality]") {
  // tests/data/entities-eval.jsonl: our own sentences, each labelled with the entities
  // it mentions (bench/entity_quality reports precision and recall per entity).
  Analyzer analyzer = Analyzer::create();
  const Gazetteer gazetteer = Gazetteer::builtin(analyzer);
  std::ifstream in(std::string(CRIBLE_SOURCE_DIR) + "/tests/data/entities-eval.jsonl");
  std::size_t documents = 0, wrong = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    const auto json = nlohmann::json::parse(line);
    const std::string body = json["body"].get<std::string>();
    std::set<std::string> found, expected;
    for (const EntityMention& mention : gazetteer.match(body, analyzer.analyze(body)))
      found.insert(mention.id);
    for (const auto& id : json["entities"])
      expected.insert(id.get<std::string>());
    ++documents;
    if (found != expected) {
      ++wrong;
      UNSCOPED_INFO(json["id"].get<std::string>() << ": " << body);
    }
  }
  CHECK(documents > 150);
  CHECK(wrong == 0);
}
