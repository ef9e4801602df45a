// Re-scrapes: indexing a page again replaces its whole thread in one commit. What the
// index holds is read back with Xapian itself (the XP posting list, Q terms, the
// database revision), not through crible's reader, so the test does not trust the code
// it checks.

#include <xapian.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <set>

#include "../support/golden.h"
#include "../support/temp_dir.h"
#include "crible/index.h"
#include "crible/ingest.h"

using namespace crible;
using test::TempDir;

namespace {

std::vector<Thread> read_threads(std::string text, const std::string& source,
                                 ReadOptions options = {}) {
  std::vector<Thread> threads;
  DocumentReader reader = DocumentReader::from_text(std::move(text), source, options);
  Thread thread;
  while (reader.next_thread(thread, [](const ReadProblem& p) {
    if (!p.warning) FAIL(p.to_string());
  }))
    threads.push_back(thread);
  return threads;
}

void index_threads(const std::filesystem::path& db, std::vector<Thread> threads) {
  IndexWriter writer = IndexWriter::open(db);
  for (Thread& thread : threads)
    writer.add(std::move(thread));
  writer.close();
}

// The ids Xapian holds for the thread of @p article (its XP posting list).
std::set<std::string> thread_ids(const std::filesystem::path& db, const std::string& article) {
  Xapian::Database database(db.string());
  std::set<std::string> ids;
  const std::string thread_term = "XP" + article;
  for (auto posting = database.postlist_begin(thread_term);
       posting != database.postlist_end(thread_term); ++posting) {
    const Xapian::Document document = database.get_document(*posting);
    auto term = document.termlist_begin();
    term.skip_to("Q");
    REQUIRE(term != document.termlist_end());
    REQUIRE((*term).rfind("Q", 0) == 0);
    ids.insert((*term).substr(1));
  }
  return ids;
}

Xapian::rev revision(const std::filesystem::path& db) {
  return Xapian::Database(db.string()).get_revision();
}

std::string replace_once(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

std::string cut_between(std::string text, const std::string& from, const std::string& to) {
  const auto begin = text.find(from);
  REQUIRE(begin != std::string::npos);
  const auto end = text.find(to, begin);
  REQUIRE(end != std::string::npos);
  return text.erase(begin, end - begin);
}

std::string comment_li(const std::string& id, const std::string& author, const std::string& text) {
  return "<li class=\"comment depth-1\" id=\"comment-" + id +
         "\"><article class=\"comment-body\"><footer class=\"comment-meta\">"
         "<div class=\"comment-author vcard\"><b class=\"fn\">" +
         author + "</b></div></footer><div class=\"comment-content\"><p>" + text +
         "</p></div></article></li>\n";
}

const std::string kNewComment = "Un nouveau commentaire arrivé en tête, sur Pinterest.";

}  // namespace

TEST_CASE("a re-scraped HTML page replaces its thread in one commit, kept ids stay",
          "[index][rescrape]") {
  TempDir dir;
  const std::string page = test::read_file(test::source_path("data/sample/article-nuage.html"));
  std::vector<Thread> first = read_threads(page, "article-nuage.html");
  REQUIRE(first.size() == 1);
  REQUIRE(first[0].complete);
  REQUIRE(first[0].documents.size() == 4);  // the article and its 3 comments
  const std::string article = first[0].documents[0].id;
  index_threads(dir / "db", first);
  const std::set<std::string> before = thread_ids(dir / "db", article);
  REQUIRE(before.size() == 4);

  // The page again: Marc's comment (the last) is gone, a new one comes first.
  std::string edited = cut_between(page, "<li class=\"comment even thread-odd depth-1\"", "</ol>");
  edited = replace_once(edited, "<ol class=\"comment-list\">",
                        "<ol class=\"comment-list\">" + comment_li("100", "Zoé", kNewComment));
  std::vector<Thread> second = read_threads(edited, "article-nuage.html");
  REQUIRE(second.size() == 1);
  REQUIRE(second[0].documents.size() == 4);
  std::string new_id;
  for (const Document& document : second[0].documents)
    if (document.body == kNewComment) new_id = document.id;
  REQUIRE_FALSE(new_id.empty());
  CHECK(before.count(new_id) == 0);

  const Xapian::rev revision_before = revision(dir / "db");
  index_threads(dir / "db", second);
  CHECK(revision(dir / "db") == revision_before + 1);  // the thread, in one commit

  const std::set<std::string> after = thread_ids(dir / "db", article);
  CHECK(after.size() == 4);
  CHECK(after.count(new_id) == 1);
  // The two comments still on the page kept their ids although one was inserted above.
  std::vector<std::string> kept;
  std::set_intersection(before.begin(), before.end(), after.begin(), after.end(),
                        std::back_inserter(kept));
  CHECK(kept.size() == 3);  // the article and Jules_75's and Sandrine L.'s comments
  CHECK(Index::open(dir / "db").size() == 4);
  Index index = Index::open(dir / "db");
  for (const std::string& id : before)
    if (!after.count(id)) CHECK_FALSE(index.get(id));  // Marc's comment is gone
  // The order field follows the page: the new comment is first now.
  CHECK(index.get(new_id)->order == 1);
}

TEST_CASE("a shorter re-scrape of a text page leaves none of the old comments behind",
          "[index][rescrape]") {
  TempDir dir;
  const std::string page = test::read_file(test::source_path("data/sample/page-rachat.txt"));
  ReadOptions options;
  options.page_id = "rachat";
  index_threads(dir / "db", read_threads(page, "page-rachat.txt", options));
  const std::set<std::string> before = thread_ids(dir / "db", "rachat");
  REQUIRE(before.size() == 7);  // the article and 6 comments

  // The last two comments (the second "Premium" block) are gone from the page.
  const std::string shorter = page.substr(0, page.rfind("Premium\n"));
  const Xapian::rev revision_before = revision(dir / "db");
  index_threads(dir / "db", read_threads(shorter, "page-rachat.txt", options));
  CHECK(revision(dir / "db") == revision_before + 1);
  const std::set<std::string> after = thread_ids(dir / "db", "rachat");
  CHECK(after.size() == 5);
  CHECK(std::includes(before.begin(), before.end(), after.begin(), after.end()));
  CHECK(Index::open(dir / "db").size() == 5);
}

TEST_CASE("documents read one by one are added, never replacing a thread", "[index][rescrape]") {
  // A JSON line is one document: adding a comment must not delete its siblings.
  TempDir dir;
  const std::string line = R"({"id":"a","body":"Un article."})"
                           "\n"
                           R"({"id":"a#1","type":"comment","parent":"a","body":"Premier."})"
                           "\n";
  index_threads(dir / "db", read_threads(line, "x.jsonl"));
  index_threads(
      dir / "db",
      read_threads(R"({"id":"a#2","type":"comment","parent":"a","body":"Second."})", "y.jsonl"));
  CHECK(thread_ids(dir / "db", "a") == std::set<std::string>{"a", "a#1", "a#2"});
}

TEST_CASE("a page and its re-scrape in the same run: the later thread decides",
          "[index][rescrape]") {
  // Both threads fall in one batch; the first one's cleanup must not delete what the
  // second one brings, nor leave what the second one dropped.
  TempDir dir;
  const std::string page = test::read_file(test::source_path("data/sample/article-nuage.html"));
  std::vector<Thread> threads = read_threads(page, "article-nuage.html");
  const std::string shorter =
      cut_between(page, "<li class=\"comment even thread-odd depth-1\"", "</ol>");
  for (Thread& thread : read_threads(shorter, "article-nuage.html"))
    threads.push_back(std::move(thread));
  REQUIRE(threads.size() == 2);
  const std::string article = threads[0].documents[0].id;
  std::set<std::string> second;
  for (const Document& document : threads[1].documents)
    second.insert(document.id);
  index_threads(dir / "db", threads);
  CHECK(thread_ids(dir / "db", article) == second);
  CHECK(Index::open(dir / "db").size() == 3);
}
