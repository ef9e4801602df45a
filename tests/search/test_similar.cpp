// Related documents (Searcher::similar) on a real index of data/sample with planted
// copies: an article republished word for word, and again with another headline and an
// added paragraph, must come first; the document's own thread never; the same answer
// over xapian-tcpsrv shards.

#include <algorithm>
#include <catch2/catch.hpp>

#include "../support/remote_sample.h"
#include "../support/sample_index.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"

using namespace crible;
using test::TempDir;

namespace {

// data/sample, plus two republications of article a1 under other ids (threads of their own).
void index_with_copies(const std::filesystem::path& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  IndexWriter writer = IndexWriter::open(db, options);
  Document original;
  test::add_sample(writer, [&](const Document& document) {
    if (document.id == "a1") original = document;
  });
  REQUIRE_FALSE(original.body.empty());
  Document copy = original;
  copy.id = "copy-of-a1";
  copy.url = "https://republie.example/a1";
  writer.add(copy);
  Document edited = original;
  edited.id = "edited-a1";
  edited.title = "Un autre titre pour la même dépêche";
  edited.body += "\n\nUn paragraphe ajouté par le site qui reprend la dépêche, sans rapport.";
  writer.add(edited);
  writer.close();
}

std::vector<std::string> ids_of(const SearchResults& results) {
  std::vector<std::string> ids;
  for (const Hit& hit : results.hits)
    ids.push_back(hit.id);
  return ids;
}

}  // namespace

TEST_CASE("similar finds an article's republications first, never its own thread",
          "[similar][oracle]") {
  TempDir dir;
  index_with_copies(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const SearchResults results = searcher.similar("a1");
  REQUIRE(results.hits.size() >= 2);
  CHECK(results.query == "a1");
  const std::vector<std::string> ids = ids_of(results);
  INFO(results.parsed);
  CHECK(ids[0] == "copy-of-a1");  // word for word
  CHECK(ids[1] == "edited-a1");
  for (const Hit& hit : results.hits) {
    CHECK(hit.id != "a1");
    CHECK(hit.parent != "a1");
    CHECK(hit.type == DocumentType::article);
    CHECK(hit.snippet.text.empty());
  }
  // The other way round: the copy's own thread is itself, a1 is another.
  CHECK(ids_of(searcher.similar("copy-of-a1"))[0] == "a1");
  // Comments when asked: not those of a1's thread.
  SimilarOptions any;
  any.type = std::nullopt;
  any.limit = 100;
  bool comment = false;
  for (const Hit& hit : searcher.similar("a1", any).hits) {
    CHECK(hit.parent != "a1");
    comment = comment || hit.type == DocumentType::comment;
  }
  CHECK(comment);
  SimilarOptions page;
  page.offset = 1;
  page.limit = 1;
  CHECK(ids_of(searcher.similar("a1", page)) == std::vector<std::string>{"edited-a1"});
  CHECK_THROWS_AS(searcher.similar("no-such-id"), NotFound);
  SimilarOptions bad;
  bad.terms = 0;
  CHECK_THROWS_AS(searcher.similar("a1", bad), InvalidArgument);
  bad.terms = Searcher::kMaxSimilarTerms + 1;
  CHECK_THROWS_AS(searcher.similar("a1", bad), InvalidArgument);
}

TEST_CASE("similar over xapian-tcpsrv shards equals the single index's", "[similar][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  const test::RemoteSample sample(dir.path(), index_with_copies);
  Searcher single = Searcher::open(sample.single());
  Searcher remote = Searcher::open(sample.stub());
  for (const char* id : {"a1", "a2", "a1#c1"}) {
    SimilarOptions options;
    options.type = std::nullopt;
    const SearchResults a = single.similar(id, options), b = remote.similar(id, options);
    INFO(id);
    CHECK(ids_of(a) == ids_of(b));
    CHECK(a.parsed == b.parsed);
  }
  CHECK_THROWS_AS(remote.similar("no-such-id"), NotFound);
}
