// Near-duplicates (IndexOptions::duplicate_similarity, SearchOptions::dedupe,
// Searcher::duplicates) on a real index of data/sample with planted edited copies of
// its articles. The oracle is the exact word 5-shingle Jaccard, computed here with a
// tokenizer of the test's own (lower-case ASCII letters and digits, every other byte a
// break), never with crible's analysis or its MinHash: a pair at 0.6 or more must share
// a cluster, a pair at 0.1 or less must not (at 0.6, 16 bands of 2 miss with probability
// 0.64^16 < 0.001, and 64 minimums estimate 0.1 as 0.3 or more with probability < 1e-5).
// Counts with dedupe (totals, facets, histograms) are recomputed from the hits of the
// same search without it.

#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <set>

#include "../support/remote_sample.h"
#include "../support/sample_index.h"
#include "../support/tcp_server.h"
#include "../support/temp_dir.h"
#include "crible/error.h"
#include "crible/index.h"
#include "crible/search.h"
#include "dedupe/signature.h"

using namespace crible;
using test::TempDir;

namespace {

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
        (static_cast<unsigned char>(c) >= 0x80)) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

double jaccard(const std::string& a, const std::string& b) {
  const auto shingles = [](const std::string& text) {
    const std::vector<std::string> words = words_of(text);
    std::set<std::vector<std::string>> out;
    for (std::size_t i = 0; i + 5 <= words.size(); ++i)
      out.emplace(words.begin() + static_cast<long>(i), words.begin() + static_cast<long>(i + 5));
    return out;
  };
  const auto x = shingles(a), y = shingles(b);
  std::size_t common = 0;
  for (const auto& shingle : x)
    common += y.count(shingle);
  const std::size_t all = x.size() + y.size() - common;
  return all ? static_cast<double>(common) / static_cast<double>(all) : 0;
}

// @p text without every @p every-th word: a light rewording.
std::string drop_words(const std::string& text, std::size_t every) {
  std::string out;
  std::size_t index = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    if (++index % every != 0) out.append(text, start, end - start).append(" ");
    start = end + 1;
  }
  return out;
}

// The day after @p date ("2021-02-19..." -> "2021-02-20"), for the sample's February.
std::string next_day(const std::string& date) {
  const int day = std::stoi(date.substr(8, 2)) + 1;
  return date.substr(0, 8) + (day < 10 ? "0" : "") + std::to_string(day);
}

struct Planted {
  std::map<std::string, Document> articles;  // every article indexed, by id
};

// data/sample, plus for each of its articles: a light rewording (every 40th word out,
// dated the next day), and for a1 also a copy under another headline with another
// article's paragraph appended (sites republishing a wire story).
Planted index_with_copies(const std::filesystem::path& db, std::size_t shards) {
  IndexOptions options;
  options.shards = shards;
  IndexWriter writer = IndexWriter::open(db, options);
  Planted planted;
  std::vector<Document> originals;
  test::add_sample(writer, [&](const Document& document) {
    if (document.type == DocumentType::article) originals.push_back(document);
  });
  for (const Document& original : originals)
    planted.articles[original.id] = original;
  for (const Document& original : originals) {
    Document copy = original;
    copy.id = original.id + "-repris";
    copy.url = "https://repris.example/" + original.id;
    copy.body = drop_words(original.body, 40);
    if (copy.date.size() >= 10) copy.date = next_day(copy.date);
    writer.add(copy);
    planted.articles[copy.id] = copy;
  }
  Document retitled = planted.articles.at("a1");
  retitled.id = "a1-autre-titre";
  retitled.title = "Une autre manchette pour la même dépêche";
  retitled.body += "\n\n" + planted.articles.at("a2").body.substr(0, 200);
  writer.add(retitled);
  planted.articles[retitled.id] = retitled;
  writer.close();
  return planted;
}

std::string text_of(const Document& document) {
  return document.title + " " + document.body;
}

// Every document's cluster, by id (an empty query lists them all).
std::map<std::string, Hit> all_hits(Searcher& searcher, const std::string& query = "") {
  SearchOptions options;
  options.limit = Searcher::kMaxLimit;
  options.snippets = false;
  std::map<std::string, Hit> hits;
  for (Hit& hit : searcher.search(query, options).hits)
    hits[hit.id] = std::move(hit);
  return hits;
}

}  // namespace

TEST_CASE("MinHash signatures: the estimate follows the exact Jaccard, and short texts get none",
          "[dedupe]") {
  const auto signature_of = [](const std::vector<std::string>& words) {
    dedupe::ShingleSignature shingles;
    for (const std::string& word : words)
      shingles.add_word(word);
    return shingles.signature();
  };
  std::vector<std::string> base;
  for (int i = 0; i < 400; ++i)
    base.push_back("w" + std::to_string(i));
  const auto full = signature_of(base);
  REQUIRE(full);
  CHECK(dedupe::similarity(*full, *full) == 1.0);
  CHECK(dedupe::decode(dedupe::encode(*full)) == full);
  CHECK_FALSE(dedupe::decode("too short"));
  CHECK(dedupe::band_terms(*full, "XD").size() == dedupe::kBands);
  // Two texts sharing a run of words: their shingle sets overlap by a known amount.
  for (const int shared : {0, 100, 200, 300, 396}) {
    std::vector<std::string> other(base.begin(), base.begin() + shared);
    for (int i = shared; i < 400; ++i)
      other.push_back("x" + std::to_string(i));
    const double common = std::max(0, shared - 4);  // 5-shingles inside the shared run
    const double exact = common / (396 + 396 - common);
    INFO("shared " << shared << ", exact " << exact);
    CHECK(std::abs(dedupe::similarity(*full, *signature_of(other)) - exact) < 0.2);
  }
  CHECK_FALSE(signature_of(std::vector<std::string>(base.begin(), base.begin() + 49)));
  CHECK(signature_of(std::vector<std::string>(base.begin(), base.begin() + 50)));
}

TEST_CASE("near-duplicate clusters agree with the exact shingle Jaccard", "[dedupe][oracle]") {
  TempDir dir;
  const Planted planted = index_with_copies(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  const std::map<std::string, Hit> hits = all_hits(searcher);
  std::size_t close = 0, far = 0;
  for (const auto& [a, first] : planted.articles)
    for (const auto& [b, second] : planted.articles) {
      if (a >= b || words_of(text_of(first)).size() < 60 || words_of(text_of(second)).size() < 60)
        continue;
      const double exact = jaccard(text_of(first), text_of(second));
      INFO(a << " / " << b << ": Jaccard " << exact);
      if (exact >= 0.6) {
        ++close;
        CHECK(hits.at(a).cluster == hits.at(b).cluster);
      } else if (exact <= 0.1) {
        ++far;
        CHECK(hits.at(a).cluster != hits.at(b).cluster);
      }
    }
  CHECK(close >= 8);  // every article and its rewording at least
  CHECK(far >= 20);
  // The cluster is named by the document indexed first; its size counts every member.
  CHECK(hits.at("a1-repris").cluster == "a1");
  CHECK(hits.at("a1").duplicates == 2);
  CHECK(hits.at("a1-autre-titre").duplicates == 2);
  for (const auto& [id, hit] : hits)
    if (hit.type == DocumentType::comment) {
      CHECK(hit.cluster == id);  // comments are not signed: clusters of their own
      CHECK(hit.duplicates == 0);
    }

  // crible duplicates: every planted cluster, sizes as the hits say, oldest first.
  const DuplicateClusters clusters = searcher.duplicates();
  std::map<std::string, std::uint64_t> sizes;
  for (const auto& [id, hit] : hits)
    if (hit.duplicates > 0) sizes[hit.cluster] = hit.duplicates + 1;
  CHECK(clusters.total == sizes.size());
  std::uint64_t documents = 0;
  for (const auto& [key, size] : sizes)
    documents += size;
  CHECK(clusters.documents == documents);
  REQUIRE_FALSE(clusters.clusters.empty());
  CHECK(clusters.clusters[0].key == "a1");  // the largest (3)
  CHECK(clusters.clusters[0].size == 3);
  for (const DuplicateCluster& cluster : clusters.clusters) {
    CHECK(cluster.size == sizes[cluster.key]);
    CHECK(cluster.members.size() == cluster.size);
    CHECK(std::is_sorted(cluster.members.begin(), cluster.members.end(),
                         [](const Hit& x, const Hit& y) { return x.date < y.date; }));
  }
  DuplicateOptions three;
  three.min_size = 3;
  CHECK(searcher.duplicates(three).total == 1);
  DuplicateOptions bad;
  bad.min_size = 1;
  CHECK_THROWS_AS(searcher.duplicates(bad), InvalidArgument);
  bad = {};
  bad.limit = Searcher::kMaxLimit + 1;
  CHECK_THROWS_AS(searcher.duplicates(bad), InvalidArgument);

  // similar: the republications are flagged, related stories are not.
  const SearchResults similar = searcher.similar("a1");
  REQUIRE(similar.hits.size() >= 3);
  for (const Hit& hit : similar.hits)
    CHECK(hit.near_duplicate == (hit.id == "a1-repris" || hit.id == "a1-autre-titre"));
}

TEST_CASE("dedupe: one hit per cluster, and totals, facets and histograms count a cluster once",
          "[dedupe][oracle]") {
  TempDir dir;
  index_with_copies(dir / "db", 1);
  Searcher searcher = Searcher::open(dir / "db");
  for (const char* query : {"", "tiktok", "oracle OR microsoft", "type:article"}) {
    INFO("query '" << query << "'");
    const std::map<std::string, Hit> plain = all_hits(searcher, query);
    // The oracle, from the hits without dedupe: clusters, their entities, earliest days.
    std::map<std::string, std::set<std::string>> entities_by_cluster;
    std::map<std::string, std::string> earliest;  // cluster -> earliest ISO day
    for (const auto& [id, hit] : plain) {
      entities_by_cluster[hit.cluster].insert(hit.entities.begin(), hit.entities.end());
      if (hit.date.size() >= 10) {
        std::string& day = earliest[hit.cluster];
        if (day.empty() || hit.date.substr(0, 10) < day) day = hit.date.substr(0, 10);
      }
    }
    std::map<std::string, std::uint64_t> entity_counts, day_counts;
    for (const auto& [cluster, entities] : entities_by_cluster)
      for (const std::string& entity : entities)
        ++entity_counts[entity];
    for (const auto& [cluster, day] : earliest)
      ++day_counts[day];

    SearchOptions options;
    options.limit = Searcher::kMaxLimit;
    options.snippets = false;
    options.dedupe = true;
    options.facets = true;
    options.facet_limit = 1000;
    options.histogram = HistogramInterval::day;
    const SearchResults results = searcher.search(query, options);
    CHECK(results.total == entities_by_cluster.size());
    CHECK(results.total_relation == TotalRelation::equal);
    CHECK(results.hits.size() == entities_by_cluster.size());
    std::set<std::string> seen;
    for (const Hit& hit : results.hits)
      CHECK(seen.insert(hit.cluster).second);  // one hit per cluster
    std::map<std::string, std::uint64_t> facets, days;
    for (const FacetCount& facet : results.facets)
      facets[facet.id] = facet.count;
    CHECK(facets == entity_counts);
    for (const HistogramBucket& bucket : results.histogram)
      days[bucket.start] = bucket.count;
    CHECK(days == day_counts);
    // The same counting asked for explicitly, without collapsing the hits.
    SearchOptions explicit_counting;
    explicit_counting.limit = 0;
    explicit_counting.facets = true;
    explicit_counting.facet_limit = 1000;
    explicit_counting.facet_counting = FacetCounting::clusters;
    std::map<std::string, std::uint64_t> again;
    for (const FacetCount& facet : searcher.search(query, explicit_counting).facets)
      again[facet.id] = facet.count;
    CHECK(again == entity_counts);
  }
  SearchOptions both;
  both.dedupe = true;
  both.threads = true;
  CHECK_THROWS_AS(searcher.search("tiktok", both), InvalidArgument);
  both.threads = false;
  both.facets = true;
  both.facet_counting = FacetCounting::articles;
  CHECK_THROWS_AS(searcher.search("tiktok", both), InvalidArgument);
}

TEST_CASE("near-duplicates across runs: a republication indexed later joins the earlier cluster",
          "[dedupe]") {
  TempDir dir;
  index_with_copies(dir / "db", 1);
  Document original = Index::open(dir / "db").get("a2").value();
  IndexWriter writer = IndexWriter::open(dir / "db");
  original.id = "a2-encore";
  original.title = "Reprise tardive";
  writer.add(original);
  writer.close();
  Searcher searcher = Searcher::open(dir / "db");
  const std::map<std::string, Hit> hits = all_hits(searcher);
  CHECK(hits.at("a2-encore").cluster == "a2");
  CHECK(hits.at("a2").duplicates == 2);
  // Re-indexing a cluster's first document keeps it at the head of its own cluster.
  IndexWriter again = IndexWriter::open(dir / "db");
  again.add(Index::open(dir / "db").get("a2").value());
  again.close();
  CHECK(all_hits(searcher).at("a2").cluster == "a2");
}

TEST_CASE("near-duplicate detection off: every document is a cluster of its own", "[dedupe]") {
  TempDir dir;
  IndexOptions options;
  options.duplicate_similarity = 0;
  {
    IndexWriter writer = IndexWriter::open(dir / "db", options);
    test::add_sample(writer, [&](const Document&) {});
    writer.close();
  }
  Searcher searcher = Searcher::open(dir / "db");
  for (const auto& [id, hit] : all_hits(searcher))
    CHECK(hit.cluster == id);
  CHECK(searcher.duplicates().total == 0);
  options.duplicate_similarity = 1.5;
  CHECK_THROWS_AS(IndexWriter::open(dir / "other", options), InvalidArgument);
}

TEST_CASE("near-duplicates over xapian-tcpsrv shards: the same clusters and counts",
          "[dedupe][shards]") {
  if (!test::have_xapian_tcpsrv()) {
    WARN("SKIPPED: no xapian-tcpsrv (apt-get install xapian-tools)");
    return;
  }
  TempDir dir;
  const test::RemoteSample sample(
      dir.path(),
      [](const std::filesystem::path& db, std::size_t shards) { index_with_copies(db, shards); });
  Searcher single = Searcher::open(sample.single());
  Searcher remote = Searcher::open(sample.stub());
  // Membership, not names: which member names a cluster may differ with the shards.
  const auto partition = [](const std::map<std::string, Hit>& hits) {
    std::map<std::string, std::set<std::string>> members;
    for (const auto& [id, hit] : hits)
      members[hit.cluster].insert(id);
    std::set<std::set<std::string>> out;
    for (auto& [key, ids] : members)
      out.insert(std::move(ids));
    return out;
  };
  CHECK(partition(all_hits(single)) == partition(all_hits(remote)));
  SearchOptions options;
  options.dedupe = true;
  options.facets = true;
  options.histogram = HistogramInterval::week;
  const SearchResults a = single.search("", options), b = remote.search("", options);
  CHECK(a.total == b.total);
  REQUIRE(a.facets.size() == b.facets.size());
  for (std::size_t i = 0; i < a.facets.size(); ++i)
    CHECK(a.facets[i].count == b.facets[i].count);
  REQUIRE(a.histogram.size() == b.histogram.size());
  for (std::size_t i = 0; i < a.histogram.size(); ++i)
    CHECK(a.histogram[i].count == b.histogram[i].count);
  const DuplicateClusters x = single.duplicates(), y = remote.duplicates();
  CHECK(x.total == y.total);
  CHECK(x.documents == y.documents);
}
