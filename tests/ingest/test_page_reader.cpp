#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "crible/error.h"
#include "ingest/page_reader.h"

using crible::Document;
using crible::DocumentType;
using crible::ParseError;
using crible::ingest::looks_like_page;
using crible::ingest::page_article_id;
using crible::ingest::PageParse;
using crible::ingest::parse_page;

namespace {

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<std::string> split(const std::string& text) {
  std::vector<std::string> parts;
  std::istringstream in(text);
  for (std::string part; std::getline(in, part);)
    parts.push_back(part);
  return parts;
}

bool contains(const std::string& text, std::string_view part) {
  return text.find(part) != std::string::npos;
}

bool starts_with(const std::string& text, std::string_view prefix) {
  return std::string_view(text).starts_with(prefix);
}

// "<article>#c" and 8 lower-case hex digits, maybe "-2"...: an id from content.
bool is_content_id(const std::string& id, const std::string& article) {
  if (!starts_with(id, article + "#c")) return false;
  const std::string rest = id.substr(article.size() + 2);
  const std::string hex = rest.substr(0, 8);
  if (hex.size() != 8 || hex.find_first_not_of("0123456789abcdef") != std::string::npos)
    return false;
  return rest.size() == 8 || (rest[8] == '-' && rest.size() > 9);
}

// Every comment belongs to the article, has an id from its content and its place in
// page order, and carries the source.
void check_comment_ids(const PageParse& page, const std::string& source) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < page.comments.size(); ++i) {
    const Document& comment = page.comments[i];
    CHECK(is_content_id(comment.id, page.article.id));
    CHECK(comment.order == i + 1);
    CHECK(ids.insert(comment.id).second);
    CHECK(comment.type == DocumentType::comment);
    CHECK(comment.parent == page.article.id);
    CHECK(comment.source == source);
    CHECK_FALSE(comment.body.empty());
  }
}

// Teasers and tweets are kept out of the body; a comment's quote is a body paragraph.
void check_separation(const PageParse& page) {
  const std::vector<std::string> paragraphs = split(page.article.body);
  for (const std::string& teaser : page.article.related)
    for (const std::string& line : split(teaser))
      CHECK(std::count(paragraphs.begin(), paragraphs.end(), line) == 0);
  for (const crible::Quote& quote : page.article.quotes)
    CHECK_FALSE(contains(page.article.body, quote.text));
  for (const std::string& heading : page.article.headings)
    CHECK(std::count(paragraphs.begin(), paragraphs.end(), heading) == 1);
  for (const Document& comment : page.comments)
    if (!comment.quote.empty())
      CHECK(std::count(paragraphs.begin(), paragraphs.end(), comment.quote) == 1);
}

std::vector<std::size_t> premium_positions(const PageParse& page) {
  std::vector<std::size_t> positions;
  for (std::size_t i = 0; i < page.comments.size(); ++i)
    if (page.comments[i].premium) positions.push_back(i + 1);
  return positions;
}

PageParse parse(std::string_view text) {
  return parse_page(text, "test", "");
}

}  // namespace

TEST_CASE("the seed page yields its article, tweet, heading, teasers and 8 comments",
          "[ingest][page]") {
  const std::string path = CRIBLE_SHARED_DIR "/seeds/000_cc430da7135b5cd5.txt";
  const std::optional<std::string> text = read_file(path);
  if (!text) {
    std::cout << "SKIPPED: no seed page at " << path << "\n";
    return;
  }
  const PageParse page = parse_page(*text, path, "X");
  const Document& article = page.article;

  CHECK(article.id == "X");
  CHECK(article.type == DocumentType::article);
  CHECK(article.source == path);
  CHECK(article.title == split(*text).front());
  const std::vector<std::string> paragraphs = split(article.body);
  CHECK(paragraphs.size() == 8);
  CHECK(contains(article.body, "Fox Business"));

  REQUIRE(article.quotes.size() == 1);
  CHECK(article.quotes[0].author == "Charles Gasparino");
  CHECK(article.quotes[0].handle == "@CGasparino");
  CHECK(article.quotes[0].date == "2021-02-19");
  CHECK(article.quotes[0].lang == "en");
  CHECK(starts_with(article.quotes[0].text, "BREAKING"));
  CHECK_FALSE(contains(article.body, "@TeamCavuto"));
  CHECK_FALSE(contains(article.body, "\xE2\x80\x94 Charles"));

  REQUIRE(article.headings.size() == 1);
  CHECK(starts_with(article.headings[0], "Et aussi"));
  CHECK(article.related.size() == 2);
  for (const std::string& teaser : article.related)
    CHECK_FALSE(contains(teaser, "\n"));

  REQUIRE(page.comments.size() == 8);
  check_comment_ids(page, path);
  check_separation(page);
  CHECK(starts_with(page.comments[7].id, "X#c"));
  // The seed has "Premium" before its 1st and its 4th comment.
  CHECK(premium_positions(page) == std::vector<std::size_t>{1, 4});

  const Document& quoting = page.comments[2];
  CHECK_FALSE(quoting.quote.empty());
  CHECK(std::count(paragraphs.begin(), paragraphs.end(), quoting.quote) == 1);
  CHECK(starts_with(quoting.body, "Pour faire du Nokia"));
  for (std::size_t i = 0; i < page.comments.size(); ++i)
    if (i != 2) CHECK(page.comments[i].quote.empty());

  CHECK(contains(page.comments[6].body, "zdnet.fr"));  // a URL inside a sentence
  CHECK_FALSE(contains(page.comments[6].body, "\n"));
  CHECK(starts_with(page.comments[7].body, "Tiens encore"));
  CHECK(contains(page.comments[7].body, "\nhttps://www.lesechos.fr/"));

  CHECK(looks_like_page(std::string_view(*text).substr(0, 4096)));
}

TEST_CASE("the seed page without an id gets one from its title", "[ingest][page]") {
  const std::optional<std::string> text =
      read_file(CRIBLE_SHARED_DIR "/seeds/000_cc430da7135b5cd5.txt");
  if (!text) {
    std::cout << "SKIPPED: no seed page\n";
    return;
  }
  const PageParse page = parse_page(*text, "seed", "");
  CHECK(page.article.id == page_article_id(split(*text).front()));
  CHECK(is_content_id(page.comments[0].id, page.article.id));
}

TEST_CASE("sample page: rachat", "[ingest][page]") {
  const std::string path = CRIBLE_SOURCE_DIR "/data/sample/page-rachat.txt";
  const std::optional<std::string> text = read_file(path);
  REQUIRE(text);
  const PageParse page = parse_page(*text, path, "");
  const Document& article = page.article;

  CHECK(article.title == "Rachat de TikTok : Microsoft attend son heure, Oracle garde la main");
  CHECK(article.id == page_article_id(article.title));
  CHECK(split(article.body).size() == 7);
  REQUIRE(article.quotes.size() == 1);
  CHECK(article.quotes[0].author == "Nadia Ferreira");
  CHECK(article.quotes[0].handle == "@nferreira_wire");
  CHECK(article.quotes[0].date == "2021-02-22");
  CHECK(article.quotes[0].lang == "en");
  CHECK(starts_with(article.quotes[0].text, "Hearing that Redmond"));
  REQUIRE(article.headings.size() == 1);
  CHECK(article.headings[0] == "Et aussi une offensive dans le jeu vid\xC3\xA9o");
  REQUIRE(article.related.size() == 2);
  CHECK(split(article.related[0]).size() == 2);  // a title and its summary
  CHECK(starts_with(article.related[1], "Oracle et Walmart"));

  REQUIRE(page.comments.size() == 6);
  check_comment_ids(page, path);
  check_separation(page);
  CHECK(premium_positions(page) == std::vector<std::size_t>{1, 5});
  CHECK(starts_with(page.comments[2].quote, "Pour les analystes"));
  CHECK(starts_with(page.comments[2].body, "Justement"));
  CHECK(contains(page.comments[3].body, " :\nhttps://www.zdnet.fr/"));
  CHECK(starts_with(page.comments[5].body,
                    "D\xE2\x80\x99"
                    "accord"));
  CHECK(looks_like_page(*text));
}

TEST_CASE("sample page: election", "[ingest][page]") {
  const std::string path = CRIBLE_SOURCE_DIR "/data/sample/page-election.txt";
  const std::optional<std::string> text = read_file(path);
  REQUIRE(text);
  const PageParse page = parse_page(*text, path, "election");
  const Document& article = page.article;

  CHECK(starts_with(article.title, "D\xC3\xA9sinformation"));
  CHECK(split(article.body).size() == 7);
  CHECK(contains(article.body, "@realDonaldTrump"));  // a handle in a paragraph is no tweet
  CHECK(article.quotes.empty());
  REQUIRE(article.headings.size() == 1);
  CHECK(starts_with(article.headings[0], "Et aussi la question"));
  REQUIRE(article.related.size() == 2);
  CHECK(split(article.related[0]).size() == 1);
  CHECK(split(article.related[1]).size() == 2);

  REQUIRE(page.comments.size() == 5);
  check_comment_ids(page, path);
  check_separation(page);
  CHECK(is_content_id(page.comments[4].id, "election"));
  CHECK(premium_positions(page) == std::vector<std::size_t>{2, 5});
  CHECK(starts_with(page.comments[2].quote, "En Europe"));
  CHECK(starts_with(page.comments[2].body, "L'Europe"));
  CHECK(contains(page.comments[3].body, " :\nhttps://www.lesechos.fr/"));
}

TEST_CASE("an empty or blank page has no title", "[ingest][page]") {
  CHECK_THROWS_AS(parse(""), ParseError);
  CHECK_THROWS_AS(parse("\n \r\n\t\n"), ParseError);
  CHECK_THROWS_AS(parse("\xEF\xBB\xBF"), ParseError);
  try {
    parse_page("", "empty.txt", "");
    FAIL("no exception");
  } catch (const ParseError& error) {
    CHECK(error.source() == "empty.txt");
    CHECK(error.line() == 1);
  }
}

TEST_CASE("a page that starts with its comments or a teaser has no title", "[ingest][page]") {
  try {
    parse("\n\nVos commentaires Page 1 / 1\nun commentaire\n");
    FAIL("no exception");
  } catch (const ParseError& error) {
    CHECK(error.line() == 3);
  }
  CHECK_THROWS_AS(parse("-\nun teaser\n"), ParseError);
}

TEST_CASE("a page may be only a title", "[ingest][page]") {
  const PageParse page = parse("\n  Un titre seul  \n\n");
  CHECK(page.article.title == "Un titre seul");
  CHECK(page.article.id == page_article_id("Un titre seul"));
  CHECK(page.article.body.empty());
  CHECK(page.comments.empty());
}

TEST_CASE("CRLF, trailing spaces, blank lines and a missing final newline", "[ingest][page]") {
  const PageParse page = parse(
      "Titre \r\n\r\nPremier paragraphe.  \r\n\r\n\r\nSecond.\t\r\n"
      "Et aussi une section\r\n-\r\nUn teaser\r\n\r\nsur deux lignes\r\n"
      "Vos commentaires Page 1 / 1 \r\nPremium \r\n\r\nUn avis.\r\n Second. \r\n"
      "Je cite.\r\nhttps://exemple.fr/a ");
  CHECK(page.article.title == "Titre");
  CHECK(page.article.body == "Premier paragraphe.\nSecond.\nEt aussi une section");
  CHECK(page.article.headings == std::vector<std::string>{"Et aussi une section"});
  CHECK(page.article.related == std::vector<std::string>{"Un teaser\nsur deux lignes"});
  REQUIRE(page.comments.size() == 2);
  CHECK(page.comments[0].body == "Un avis.");
  CHECK(page.comments[0].premium);
  CHECK(page.comments[1].quote == "Second.");
  CHECK(page.comments[1].body == "Je cite.\nhttps://exemple.fr/a");
  CHECK_FALSE(page.comments[1].premium);
}

TEST_CASE("Premium as the last line marks no comment", "[ingest][page]") {
  const PageParse page = parse("T\n\nP\nVos commentaires\nUn avis.\nPremium");
  REQUIRE(page.comments.size() == 1);
  CHECK(page.comments[0].body == "Un avis.");
  CHECK_FALSE(page.comments[0].premium);
}

TEST_CASE("a quote with no comment after it is dropped", "[ingest][page]") {
  const PageParse page = parse("T\n\nP\nVos commentaires\nP\n");
  CHECK(page.comments.empty());
}

TEST_CASE("a URL line with no comment before it is a comment", "[ingest][page]") {
  const PageParse page = parse("T\n\nP\nVos commentaires\nhttps://exemple.fr/a\nSuite.\n");
  REQUIRE(page.comments.size() == 2);
  CHECK(page.comments[0].body == "https://exemple.fr/a");
  CHECK(page.comments[1].body == "Suite.");
}

TEST_CASE("a URL line after a marker starts a new comment", "[ingest][page]") {
  const PageParse page =
      parse("T\n\nP\nVos commentaires\nAvis.\nPremium\nhttp://exemple.fr/b\nP\nhttp://c.fr\n");
  REQUIRE(page.comments.size() == 3);
  CHECK(page.comments[0].body == "Avis.");
  CHECK(page.comments[1].body == "http://exemple.fr/b");
  CHECK(page.comments[1].premium);
  CHECK(page.comments[2].body == "http://c.fr");
  CHECK(page.comments[2].quote == "P");
}

TEST_CASE("a URL with spaces around words is a comment of its own", "[ingest][page]") {
  const PageParse page = parse("T\n\nP\nVos commentaires\nAvis.\nhttps://a.fr voir\nhttps://\n");
  REQUIRE(page.comments.size() == 3);
  CHECK(page.comments[0].body == "Avis.");
}

TEST_CASE("a page without comments keeps its body and teasers", "[ingest][page]") {
  const PageParse page = parse("Titre\n\nUn.\nDeux.\n-\nTeaser un\n-\nTeaser deux\n");
  CHECK(page.article.body == "Un.\nDeux.");
  CHECK(page.article.related == std::vector<std::string>{"Teaser un", "Teaser deux"});
  CHECK(page.comments.empty());
}

TEST_CASE("a second comments marker is a page marker, not a comment", "[ingest][page]") {
  const PageParse page =
      parse("T\n\nP\nVos commentaires Page 1 / 2\nA\nVos commentaires Page 2 / 2\nB\n");
  REQUIRE(page.comments.size() == 2);
  CHECK(page.comments[1].order == 2);
  CHECK(page.comments[1].body == "B");
}

TEST_CASE("only a well-formed attribution after a paragraph makes a tweet", "[ingest][page]") {
  const std::string dash = "\xE2\x80\x94 ";
  SECTION("no date") {
    const PageParse page = parse("T\n\nTweet.\n" + dash + "A B (@ab)\n");
    REQUIRE(page.article.quotes.size() == 1);
    CHECK(page.article.quotes[0].text == "Tweet.");
    CHECK(page.article.quotes[0].date.empty());
    CHECK(page.article.body.empty());
  }
  SECTION("a one-digit day") {
    const PageParse page = parse("T\n\nTweet.\n" + dash + "A (@a) March 3, 2020\nSuite.\n");
    REQUIRE(page.article.quotes.size() == 1);
    CHECK(page.article.quotes[0].date == "2020-03-03");
    CHECK(page.article.body == "Suite.");
  }
  SECTION("no handle, an unknown month, or no paragraph above: plain text") {
    for (const std::string& line :
         {dash + "A B March 3, 2020", dash + "A (@a) Mars 3, 2020", dash + "(@a) March 3, 2020",
          dash + "A (@a) March 3, 21", dash + "A (@a) March 32, 2020"}) {
      const PageParse page = parse("T\n\nTexte.\n" + line + "\n");
      CHECK(page.article.quotes.empty());
      CHECK(page.article.body == "Texte.\n" + line);
    }
    const PageParse page = parse("T\n\n" + dash + "A (@a) March 3, 2020\n");
    CHECK(page.article.quotes.empty());
  }
  SECTION("a heading is not a tweet") {
    const PageParse page = parse("T\n\nEt aussi ceci\n" + dash + "A (@a) March 3, 2020\n");
    CHECK(page.article.quotes.empty());
    CHECK(page.article.headings.size() == 1);
  }
}

TEST_CASE("Et aussitôt opens a sentence, not a heading", "[ingest][page]") {
  const PageParse page = parse("T\n\nEt aussit\xC3\xB4t dit.\nEt aussi\n");
  CHECK(page.article.headings == std::vector<std::string>{"Et aussi"});
  CHECK(page.article.body == "Et aussit\xC3\xB4t dit.\nEt aussi");
}

TEST_CASE("invalid UTF-8 and NUL bytes pass through unchanged", "[ingest][page]") {
  const std::string title("Ti\xFF\xFEtre\0x", 9);
  const std::string paragraph("a\xE2\x80\0b", 5);
  const std::string comment("\xC0\xAF\0\x80", 4);
  const std::string text =
      title + "\n\n" + paragraph + "\n\xE2\x80\x94\nVos commentaires\n" + comment + "\n\xFF";
  const PageParse page = parse(text);
  CHECK(page.article.title == title);
  CHECK(page.article.body == paragraph + "\n\xE2\x80\x94");
  REQUIRE(page.comments.size() == 2);
  CHECK(page.comments[0].body == comment);
  CHECK(page.comments[1].body == "\xFF");
}

TEST_CASE("random bytes never crash the reader", "[ingest][page]") {
  const std::vector<std::string> pieces = {"\n",
                                           "\r\n",
                                           " ",
                                           "-",
                                           "Premium",
                                           "Vos commentaires",
                                           "Et aussi",
                                           "\xE2\x80\x94 ",
                                           "(@h)",
                                           " January 1, 2000",
                                           "https://x.fr",
                                           "\xFF",
                                           std::string(1, '\0'),
                                           "\xE2\x80",
                                           "mot",
                                           "{"};
  std::mt19937 random(42);
  for (int round = 0; round < 2000; ++round) {
    std::string text;
    const int count = static_cast<int>(random() % 40);
    for (int i = 0; i < count; ++i)
      text += pieces[random() % pieces.size()];
    try {
      const PageParse page = parse(text);
      check_comment_ids(page, "test");
    } catch (const ParseError&) {
    }
    (void)looks_like_page(text);
  }
}

TEST_CASE("a 1 MB single line is read whole", "[ingest][page]") {
  const std::string line(1 << 20, 'a');
  CHECK(parse(line).article.title == line);
  const PageParse page = parse("T\n\n" + line + "\nVos commentaires\n" + line + "\nAvis.\n" + line);
  CHECK(page.article.body == line);
  REQUIRE(page.comments.size() == 1);
  CHECK(page.comments[0].quote == line);  // the comment repeats the paragraph
  CHECK(page.comments[0].body == "Avis.");
}

TEST_CASE("page ids are stable FNV-1a hashes of the trimmed title", "[ingest][page]") {
  CHECK(page_article_id("") == "page-cbf29ce484222325");   // the FNV-1a 64 offset basis
  CHECK(page_article_id("a") == "page-af63dc4c8601ec8c");  // the published test vector
  CHECK(page_article_id("Un titre") == page_article_id("Un titre"));
  CHECK(page_article_id("  Un titre\r") == page_article_id("Un titre"));
  CHECK(page_article_id("Un titre") != page_article_id("Un autre titre"));
  CHECK(page_article_id("Un titre").size() == 21);
  CHECK(parse_page("Un titre\n", "a", "").article.id ==
        parse_page("Un titre\r\n\r\nAutre texte\n", "b", "").article.id);
}

TEST_CASE("pages are told from JSON Lines by their start", "[ingest][page]") {
  CHECK_FALSE(looks_like_page(R"({"type": "article", "id": "a1", "body": "Texte"})"
                              "\n"));
  CHECK_FALSE(looks_like_page("\n  {\"id\": 1}\n\n"));
  CHECK_FALSE(looks_like_page(""));
  CHECK_FALSE(looks_like_page(" \n\n"));
  CHECK_FALSE(looks_like_page("Titre\nParagraphe\n"));
  CHECK_FALSE(looks_like_page("Titre\n"));
  CHECK(looks_like_page("Titre\n\nParagraphe"));
  CHECK(looks_like_page("\xEF\xBB\xBFTitre\r\n\r\nParagraphe"));
  CHECK(looks_like_page("Titre\nParagraphe\nVos commentaires Page 1 / 1\n"));
}

TEST_CASE("a comment keeps its id when comments are added or removed above it", "[ingest][page]") {
  const PageParse before = parse("T\n\nP\nVos commentaires\nPremier.\nDeuxième.\nTroisième.\n");
  const PageParse after = parse("T\n\nP\nVos commentaires\nNouveau.\nDeuxième.\nTroisième.\n");
  REQUIRE(before.comments.size() == 3);
  REQUIRE(after.comments.size() == 3);
  CHECK(before.comments[1].id == after.comments[1].id);
  CHECK(before.comments[2].id == after.comments[2].id);
  CHECK(before.comments[0].id != after.comments[0].id);
  const PageParse shorter = parse("T\n\nP\nVos commentaires\nTroisième.\n");
  REQUIRE(shorter.comments.size() == 1);
  CHECK(shorter.comments[0].id == before.comments[2].id);
  CHECK(shorter.comments[0].order == 1);
}

TEST_CASE("two comments with the same words get distinct ids, in page order", "[ingest][page]") {
  const PageParse page = parse("T\n\nP\nVos commentaires\n+1\nAutre.\n+1\n");
  REQUIRE(page.comments.size() == 3);
  CHECK(page.comments[2].id == page.comments[0].id + "-2");
}
