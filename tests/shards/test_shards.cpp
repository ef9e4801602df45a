// Sharded indexes: the layout crible writes, routing, the stub files it reads, and the
// same answers from one database, local shards and shards served by real
// xapian-tcpsrv processes, including one that dies, hangs and comes back.

#include <xapian.h>

#include <catch2/catch.hpp>
#include <map>
#include <set>
#include <thread>
#include <utility>
#include <vector>

#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/ingest.h"
#include "crible/search.h"
#include "shards/routing.h"
#include "shards/stub_file.h"

using namespace crible;
using test::TempDir;

namespace {

// data/sample and, when ../shared is there, the seed page.
std::vector<std::string> corpus_files() {
  const std::string sample = std::string(CRIBLE_SOURCE_DIR) + "/data/sample/";
  std::vector<std::string> files = {sample + "news.jsonl", sample + "page-rachat.txt",
                                    sample + "page-election.txt"};
  const auto seed = test::shared_path("seeds/000_cc430da7135b5cd5.txt");
  if (std::filesystem::exists(seed))
    files.push_back(seed.string());
  else
    WARN("no seed page at " << seed << ": the shards hold data/sample only");
  return files;
}

void index_files(const std::filesystem::path& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  IndexWriter writer = IndexWriter::open(db, options);
  for (const std::string& file : corpus_files()) {
    DocumentReader reader(file);
    Document document;
    while (reader.next(document, [](const ReadProblem& p) { FAIL(p.to_string()); }))
      writer.add(document);
  }
  writer.close();
}

// One database and three shards of the same documents, built once.
struct Indexes {
  TempDir dir;
  std::filesystem::path single = dir / "single", sharded = dir / "sharded";
  Indexes() {
    index_files(single, 1);
    index_files(sharded, 3);
  }
};
const Indexes& indexes() {
  static const Indexes built;
  return built;
}

// Three xapian-tcpsrv, one per shard, and a stub file listing them.
struct RemoteShards {
  std::vector<std::unique_ptr<test::XapianTcpServer>> servers;
  TempDir dir;
  std::filesystem::path stub = dir / "remote.stub";
  RemoteShards() {
    std::string lines = "# three shards on loopback\n";
    for (int k = 0; k < 3; ++k) {
      servers.push_back(std::make_unique<test::XapianTcpServer>(indexes().sharded /
                                                                ("shard-" + std::to_string(k))));
      lines += servers.back()->stub_line() + "\n";
    }
    test::write_file(stub, lines);
  }
  std::string name(int k) const {
    return "remote:tcp(127.0.0.1:" + std::to_string(servers[k]->port()) + ")";
  }
};

SearcherOptions with_shards(bool allow_partial,
                            std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
  SearcherOptions options;
  options.shards.allow_partial = allow_partial;
  options.shards.timeout = timeout;
  return options;
}

SearchOptions everything(SearchOptions options = {}) {
  options.limit = Searcher::kMaxLimit;
  options.facets = true;
  options.facet_limit = 1000;
  return options;
}

// Every hit with its score: the whole ranking, ties aside (their order follows
// document numbers, which differ between layouts).
std::map<std::string, double> scores(const SearchResults& results) {
  std::map<std::string, double> out;
  for (const Hit& hit : results.hits)
    out[hit.id] = hit.score;
  return out;
}

// Xapian 1.4 expands a wildcard on each shard and weighs the expansion with that
// shard's statistics: the same documents match, with other scores
// (docs/deployment.md). Every other query scores the same.
void check_same(const SearchResults& a, const SearchResults& b, bool same_scores = true) {
  CHECK(a.total == b.total);
  const auto sa = scores(a), sb = scores(b);
  REQUIRE(sa.size() == sb.size());
  for (const auto& [id, score] : sa) {
    INFO(id);
    REQUIRE(sb.count(id) == 1);
    if (same_scores) CHECK(sb.at(id) == Approx(score).epsilon(1e-9));
  }
  REQUIRE(a.facets.size() == b.facets.size());
  std::map<std::string, std::uint64_t> fa, fb;
  for (std::size_t i = 0; i < a.facets.size(); ++i) {
    fa[a.facets[i].id] = a.facets[i].count;
    fb[b.facets[i].id] = b.facets[i].count;
  }
  CHECK(fa == fb);
}

std::map<std::string, std::uint64_t> thread_counts(const SearchResults& results) {
  std::map<std::string, std::uint64_t> out;
  for (const Hit& hit : results.hits)
    out[hit.thread] = hit.thread_matches;
  return out;
}

const std::vector<std::string> kQueries = {
    "microsoft", "entity:tiktok", "rachat", "\"réseau social\"", "économie OR vote",
    "title:élection", "type:comment", "micro*", "", "entity:oracle rachat", "date:2020..2022",
    "trump NOT tiktok",
    // crashed Xapian over shards (lib/search/searcher.cpp)
    "breton XOR appellent"};

// The folded words of @p database's accent table (user metadata "crible:accent:").
std::vector<std::string> accent_words(const std::filesystem::path& database) {
  const Xapian::Database db(database.string());
  const std::string prefix = "crible:accent:";
  std::vector<std::string> words;
  for (auto key = db.metadata_keys_begin(prefix); key != db.metadata_keys_end(prefix); ++key)
    words.push_back((*key).substr(prefix.size()));
  return words;
}

// An accent-free word searches its accented spellings' stems however the index is
// split: local shards, merged by compact, or behind xapian-tcpsrv.
void check_same_accent_stems(Searcher& reference, Searcher& other) {
  const std::vector<std::string> words = accent_words(indexes().single);
  REQUIRE(words.size() >= 5);
  for (const std::string& word : words) {
    INFO("accent-free word: " << word);
    CHECK(other.parse(word).description == reference.parse(word).description);
  }
}

void check_same_answers(Searcher& reference, Searcher& other) {
  for (const std::string& query : kQueries) {
    INFO("query: " << query);
    const bool wildcard = query.find('*') != std::string::npos;
    check_same(reference.search(query, everything()), other.search(query, everything()), !wildcard);
    SearchOptions by_article = everything();
    by_article.facet_counting = FacetCounting::articles;
    check_same(reference.search(query, by_article), other.search(query, by_article), !wildcard);
    SearchOptions threads = everything();
    threads.threads = true;
    const SearchResults a = reference.search(query, threads), b = other.search(query, threads);
    CHECK(a.total == b.total);
    CHECK(thread_counts(a) == thread_counts(b));
    SearchOptions count_only;  // totals alone: Xapian's counting path, no facets
    count_only.limit = 0;
    const SearchResults counted = other.search(query, count_only);
    CHECK(counted.hits.empty());
    CHECK(counted.total == reference.search(query, count_only).total);
  }
}

std::vector<std::string> all_ids(const std::filesystem::path& db) {
  std::vector<std::string> ids;
  Index::open(db).for_each([&](const Document& document) { ids.push_back(document.id); });
  std::sort(ids.begin(), ids.end());
  return ids;
}

Document comment(std::string id, std::string parent, std::string body) {
  Document document;
  document.id = std::move(id);
  document.type = DocumentType::comment;
  document.parent = std::move(parent);
  document.body = std::move(body);
  return document;
}

}  // namespace

TEST_CASE("stub files: Xapian's syntax, comments, relative paths, errors name the line",
          "[shards]") {
  TempDir dir;
  test::write_file(dir / "ok.stub",
                   "# shards\n\nauto shard-0\nglass /abs/shard-1\nremote 10.0.0.7:7000\n"
                   "remote :ssh host xapian-progsrv /srv/db\r\n");
  const auto shards = shards::read_stub(dir / "ok.stub");
  REQUIRE(shards.size() == 4);
  CHECK(shards[0].path == dir / "shard-0");
  CHECK(shards[1].path == "/abs/shard-1");
  CHECK(shards[2].name() == "remote:tcp(10.0.0.7:7000)");
  CHECK(shards[3].program == "ssh");
  CHECK(shards[3].args == "host xapian-progsrv /srv/db");
  const std::vector<std::pair<std::string, std::string>> wrong = {
      {"auto a\nsharded b\n", ":2: unknown stub line"},
      {"remote example.org\n", ":1: expected 'remote HOST:PORT'"},
      {"remote example.org:http\n", "is not a TCP port"},
      {"remote example.org:70000\n", "is not a TCP port"},
      {"auto\n", "names no database"},
  };
  for (const auto& [text, message] : wrong) {
    INFO(text);
    test::write_file(dir / "bad.stub", text);
    CHECK_THROWS_WITH(shards::read_stub(dir / "bad.stub"), Catch::Contains(message));
  }
  test::write_file(dir / "empty.stub", "# nothing\n");
  CHECK_THROWS_AS(shards::read_stub(dir / "empty.stub"), IndexError);
  CHECK_THROWS_AS(Index::open(dir / "empty.stub"), IndexError);
}

TEST_CASE("routing keeps a thread together and spreads threads evenly", "[shards]") {
  // The hash (FNV-1a, 64 bits) is part of the index format: these must never change,
  // or updates would go to another shard than the one holding the document. Computed
  // apart from crible's code.
  const std::pair<const char*, std::vector<std::size_t>> pinned[] = {
      {"a1", {1, 2, 3, 6, 7}},
      {"tiktok", {1, 2, 3, 5, 3}},
      {"article-42", {0, 2, 2, 0, 14}},
      {"rachat-de-tiktok-2020", {0, 0, 2, 0, 2}},
      {"\u00e9conomie", {1, 0, 1, 2, 13}}};
  const std::size_t shard_counts[] = {2, 3, 4, 7, 16};
  for (const auto& [thread, expected] : pinned)
    for (std::size_t i = 0; i < expected.size(); ++i) {
      INFO(thread << " among " << shard_counts[i]);
      CHECK(shards::shard_of(thread, shard_counts[i]) == expected[i]);
    }
  CHECK(shards::shard_of("anything", 1) == 0);
  std::vector<int> counts(4);
  for (int i = 0; i < 40000; ++i)
    ++counts[shards::shard_of("article-" + std::to_string(i), 4)];
  for (int count : counts)
    CHECK(std::abs(count - 10000) < 400);  // within 4 % of even
}

TEST_CASE("a sharded index is N databases and a stub that Xapian opens as one", "[shards]") {
  const Indexes& built = indexes();
  CHECK(test::read_file(built.sharded / "XAPIANDB") ==
        "auto shard-0\nauto shard-1\nauto shard-2\n");
  // Every shard records the same schema (analyzer, gazetteer, format).
  const std::string schema =
      Xapian::Database((built.sharded / "shard-0").string()).get_metadata("crible:schema");
  REQUIRE_FALSE(schema.empty());
  CHECK(schema == Xapian::Database(built.single.string()).get_metadata("crible:schema"));
  for (int k = 1; k < 3; ++k)
    CHECK(Xapian::Database((built.sharded / ("shard-" + std::to_string(k))).string())
              .get_metadata("crible:schema") == schema);
  Xapian::Database whole(built.sharded.string());  // Xapian's own stub handling
  Xapian::Database single(built.single.string());
  CHECK(whole.get_doccount() == single.get_doccount());
  // Every shard holds whole threads: each comment sits with its article.
  for (int k = 0; k < 3; ++k) {
    const auto shard = built.sharded / ("shard-" + std::to_string(k));
    Xapian::Database database(shard.string());
    INFO(shard);
    CHECK(database.get_doccount() > 0);
    Index::open(shard).for_each([&](const Document& document) {
      if (document.type == DocumentType::comment && !document.parent.empty() &&
          single.term_exists("Q" + document.parent))
        CHECK(database.term_exists("Q" + document.parent));
    });
  }
  std::vector<std::string> problems;
  CHECK(Index::check(built.sharded, problems));
  CHECK(problems.empty());
  CHECK(Index::local_databases(built.sharded).size() == 3);
  CHECK(all_ids(built.sharded) == all_ids(built.single));
}

// Completions over shards: the merged vocabulary's frequencies, the same entities.
void check_same_suggestions(Searcher& single, Searcher& sharded) {
  for (const char* typed : {"l'écon", "micro", "tik", "groupe de red", "rach", "micrsof", "d"}) {
    const Suggestions a = single.suggest(typed), b = sharded.suggest(typed);
    INFO(typed);
    REQUIRE(a.suggestions.size() == b.suggestions.size());
    for (std::size_t k = 0; k < a.suggestions.size(); ++k) {
      CHECK(a.suggestions[k].text == b.suggestions[k].text);
      CHECK(a.suggestions[k].query == b.suggestions[k].query);
      CHECK(a.suggestions[k].documents == b.suggestions[k].documents);
      CHECK(a.suggestions[k].entity == b.suggestions[k].entity);
      CHECK(a.suggestions[k].typos == b.suggestions[k].typos);
    }
  }
}

TEST_CASE("local shards answer as one database: search, facets, threads, get", "[shards]") {
  Searcher single = Searcher::open(indexes().single);
  Searcher sharded = Searcher::open(indexes().sharded);
  check_same_answers(single, sharded);
  check_same_accent_stems(single, sharded);
  check_same_suggestions(single, sharded);
  Index one = Index::open(indexes().single), three = Index::open(indexes().sharded);
  for (const std::string& id : all_ids(indexes().single)) {
    INFO(id);
    REQUIRE(three.get(id).has_value());
    CHECK(three.get(id)->body == one.get(id)->body);
  }
  CHECK_FALSE(three.get("no-such-id").has_value());
  // Spelling suggestions come from every local shard.
  CHECK(sharded.search("microsfot").suggestion == single.search("microsfot").suggestion);
}

TEST_CASE("every shard gets the run's dictionary, updates and deletes find their shard",
          "[shards]") {
  TempDir dir;
  IndexOptions options;
  options.shards = 2;
  options.dictionary_min_documents = 100;
  {
    IndexWriter writer = IndexWriter::open(dir / "db", options);
    for (int i = 0; i < 150; ++i) {
      Document article;
      article.id = "art-" + std::to_string(i);
      article.body = "Article numéro " + std::to_string(i) + " sur le rachat de TikTok.";
      writer.add(article);
      writer.add(comment("com-" + std::to_string(i), article.id, "Un commentaire sur Oracle."));
    }
    writer.close();
    CHECK_FALSE(writer.summary().dictionary.empty());
    CHECK(writer.summary().documents == 300);
  }
  Xapian::Database shard0((dir / "db/shard-0").string()), shard1((dir / "db/shard-1").string());
  const std::string current = shard0.get_metadata("crible:dict-current");
  REQUIRE_FALSE(current.empty());
  CHECK(shard1.get_metadata("crible:dict-current") == current);
  CHECK(shard1.get_metadata("crible:dict:" + current) ==
        shard0.get_metadata("crible:dict:" + current));
  CHECK(shard0.get_doccount() + shard1.get_doccount() == 300);

  // A second run: replaced documents stay single, deletes reach the right shard.
  IndexWriter writer = IndexWriter::open(dir / "db");  // keeps its 2 shards
  writer.add(comment("com-7", "art-7", "Commentaire corrigé sur Pinterest."));
  CHECK(writer.remove("art-3"));
  CHECK(writer.remove("com-3"));
  CHECK_FALSE(writer.remove("art-3"));
  writer.close();
  Index index = Index::open(dir / "db");
  CHECK(index.size() == 298);
  CHECK(index.get("com-7")->body == "Commentaire corrigé sur Pinterest.");
  CHECK_FALSE(index.get("art-3").has_value());
  std::vector<std::string> problems;
  CHECK(Index::check(dir / "db", problems));
}

TEST_CASE("shard counts and stubs that contradict an index are refused", "[shards]") {
  TempDir dir;
  IndexOptions two;
  two.shards = 2;
  IndexWriter::open(dir / "sharded", two).close();
  IndexOptions three;
  three.shards = 3;
  CHECK_THROWS_WITH(IndexWriter::open(dir / "sharded", three), Catch::Contains("has 2 shards"));
  IndexWriter::open(dir / "single").close();
  CHECK_THROWS_WITH(IndexWriter::open(dir / "single", two), Catch::Contains("single database"));
  // A stub whose lines are not shard-0, shard-1 in order would route updates elsewhere.
  test::write_file(dir / "sharded/XAPIANDB", "auto shard-1\nauto shard-0\n");
  CHECK_THROWS_WITH(IndexWriter::open(dir / "sharded"), Catch::Contains("routed"));
  test::write_file(dir / "remote.stub", "remote 127.0.0.1:1\n");
  CHECK_THROWS_WITH(IndexWriter::open(dir / "remote.stub"), Catch::Contains("stub file"));
}

TEST_CASE("compact merges the shards into one database", "[shards]") {
  TempDir dir;
  Index::compact(indexes().sharded, dir / "merged");
  CHECK(all_ids(dir / "merged") == all_ids(indexes().single));
  Searcher merged = Searcher::open(dir / "merged");
  Searcher single = Searcher::open(indexes().single);
  check_same_answers(single, merged);
  check_same_accent_stems(single, merged);
}

TEST_CASE("remote shards behind xapian-tcpsrv answer as the local index", "[shards][remote]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  RemoteShards remote;
  Searcher single = Searcher::open(indexes().single);
  Searcher sharded = Searcher::open(remote.stub);
  check_same_answers(single, sharded);
  check_same_accent_stems(single, sharded);
  check_same_suggestions(single, sharded);
  // Snippets decode documents fetched from the shards.
  const SearchResults a = single.search("rachat"), b = sharded.search("rachat");
  REQUIRE(a.hits.size() == b.hits.size());
  std::map<std::string, std::string> snippets;
  for (const Hit& hit : a.hits)
    snippets[hit.id] = hit.snippet.html();
  for (const Hit& hit : b.hits)
    CHECK(snippets[hit.id] == hit.snippet.html());
  Index index = Index::open(remote.stub);
  Index local = Index::open(indexes().single);
  for (const std::string& id : all_ids(indexes().single))
    CHECK(index.get(id)->body == local.get(id)->body);
}

TEST_CASE("a dead shard: a clear error, or partial answers, it is used again when back",
          "[shards][remote]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  RemoteShards remote;
  Searcher strict = Searcher::open(remote.stub);
  Searcher partial = Searcher::open(remote.stub, with_shards(true));
  const SearchResults full = strict.search("", everything());
  REQUIRE(full.total > 0);
  CHECK_FALSE(full.partial);

  remote.servers[1]->kill();
  // Searchers opened before: the broken connection is noticed during the search.
  try {
    strict.search("", everything());
    FAIL("no error with a dead shard");
  } catch (const ShardUnavailable& e) {
    CHECK(e.shard() == remote.name(1));
    CHECK_THAT(e.what(), Catch::Contains(remote.name(1)));
  }
  const SearchResults some = partial.search("", everything());
  CHECK(some.partial);
  CHECK(some.missing_shards == std::vector<std::string>{remote.name(1)});
  CHECK(some.total > 0);
  CHECK(some.total < full.total);
  // Opened after: at once.
  CHECK_THROWS_AS(Searcher::open(remote.stub), ShardUnavailable);
  Searcher late = Searcher::open(remote.stub, with_shards(true));
  CHECK(late.search("", everything()).total == some.total);
  // A document on a live shard is found; one that is not could be on the dead one.
  Index index = Index::open(remote.stub, with_shards(true).shards);
  std::size_t found = 0;
  for (const std::string& id : all_ids(indexes().single)) {
    try {
      found += index.get(id).has_value();
    } catch (const ShardUnavailable& e) {
      CHECK(e.shard() == remote.name(1));
    }
  }
  CHECK(found == some.total);
  CHECK_THROWS_AS(index.stats(), ShardUnavailable);  // it would miss a shard's part

  remote.servers[1]->restart();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the retry interval
  const SearchResults back = partial.search("", everything());
  CHECK_FALSE(back.partial);
  CHECK(back.total == full.total);
  // The strict searcher too, once the shard answers.
  Searcher again = Searcher::open(remote.stub);
  check_same(again.search("rachat", everything()), partial.search("rachat", everything()));
}

TEST_CASE("a hung shard times out with an error naming it", "[shards][remote]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  RemoteShards remote;
  Searcher strict = Searcher::open(remote.stub, with_shards(false, std::chrono::milliseconds(500)));
  Searcher partial = Searcher::open(remote.stub, with_shards(true, std::chrono::milliseconds(500)));
  const std::uint64_t total = strict.search("", everything()).total;
  remote.servers[2]->pause();
  CHECK_THROWS_WITH(strict.search("", everything()), Catch::Contains(remote.name(2)));
  const SearchResults some = partial.search("", everything());
  CHECK(some.partial);
  CHECK(some.missing_shards == std::vector<std::string>{remote.name(2)});
  remote.servers[2]->resume();
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  CHECK(partial.search("", everything()).total == total);
  CHECK_FALSE(partial.search("", everything()).partial);
}
