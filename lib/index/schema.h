#pragma once
// The term prefixes, value slots and metadata keys of a crible index, in one place.
// Xapian/Omega conventions where they exist (Q, S, A, H, D, M, Y, L, K, U, Z).

#include <cstddef>
#include <string_view>

namespace crible::schema {

// Version of the document layout (terms, values, stored data). Bump on any change
// that an existing index cannot be read or updated with.
// 2: entity facet slots, spelling table; 3: entity lists and hit summaries in values;
// 4: near-duplicate signatures, bands and clusters.
inline constexpr int kFormatVersion = 4;

inline constexpr std::string_view kId = "Q";              // unique id
inline constexpr std::string_view kStem = "Z";            // stems (positional)
inline constexpr std::string_view kTitle = "S";           // title words: S<word>, ZS<stem>
inline constexpr std::string_view kAuthor = "A";          // folded author
inline constexpr std::string_view kHost = "H";            // URL host without www.
inline constexpr std::string_view kDay = "D";             // D20210219
inline constexpr std::string_view kMonth = "M";           // M202102
inline constexpr std::string_view kYear = "Y";            // Y2021
inline constexpr std::string_view kLanguage = "L";        // Lfr
inline constexpr std::string_view kType = "XT";           // XTarticle, XTcomment
inline constexpr std::string_view kThread = "XP";         // the article id of a thread
inline constexpr std::string_view kPremium = "XPREMIUM";  // premium comments (term "XPREMIUM")
inline constexpr std::string_view kEntity = "XE";         // entities (entities issue)
// Near-duplicates (dedupe/signature.h): an article's 16 MinHash band terms, XD<band><bucket>,
// by which the documents that may be near-duplicates of a new one are found; and its
// cluster, XN<key>, whose term frequency is the cluster's size.
inline constexpr std::string_view kBand = "XD";
inline constexpr std::string_view kCluster = "XN";  // not XC: a prefix of XCT (cashtags)

// Value slots.
inline constexpr unsigned kSlotDate = 0;    // "YYYYMMDD[HHMMSS]": sorts as a string
inline constexpr unsigned kSlotThread = 1;  // article id: collapse comments by thread
inline constexpr unsigned kSlotType = 2;    // "article" | "comment"
// Entity facets, counted by Xapian's built-in ValueCountMatchSpy (the only kind that
// crosses xapian-tcpsrv): a document's entity ids, most mentioned first, joined by
// kEntitySeparator in one slot; the same list after "<thread>\0" in another, for
// counting an article and its comments once. One spy per facet: one value read per
// matching document (docs/architecture.md has the measurements).
inline constexpr unsigned kSlotEntities = 3;
inline constexpr unsigned kSlotThreadEntities = 4;
inline constexpr char kEntitySeparator = ' ';  // ids have no spaces (gazetteer rule)
inline constexpr char kThreadSeparator = '\0';
// What a hit shows without decoding the stored document: {"id", "title", "date",
// "author", "url"} as JSON (index/hit_summary.h).
inline constexpr unsigned kSlotSummary = 5;
// Near-duplicates: a signed article's MinHash signature (128 bytes); every document's
// cluster key (the id of the cluster's first document, its own id when alone), which
// searches collapse on; and "<cluster>\0<entity list>", for facets counting a cluster
// once (as kSlotThreadEntities counts a thread once).
inline constexpr unsigned kSlotSignature = 6;
inline constexpr unsigned kSlotCluster = 7;
inline constexpr unsigned kSlotClusterEntities = 8;

// Positions: the title first, the body after a gap so that no phrase spans them.
inline constexpr unsigned kBodyPositionGap = 100;
// A title word counts as this many body words.
inline constexpr unsigned kTitleWeight = 3;

// Metadata.
inline constexpr std::string_view kMetaSchema = "crible:schema";
inline constexpr std::string_view kMetaDictionaryPrefix = "crible:dict:";  // + id
inline constexpr std::string_view kMetaCurrentDictionary = "crible:dict-current";
// + a folded word ("donnees"): the stems its accented spellings in this database carry
// beyond the folded word's own ("Zdon" for "données"), space-separated. A query of the
// folded word searches them too, so that accented and accent-free queries find the same
// documents (bench/RESULTS.md, "Stem design", design D).
inline constexpr std::string_view kMetaAccentPrefix = "crible:accent:";
inline constexpr char kAccentSeparator = ' ';
// + a folded word ("economie"): its spellings other than the folded word ("économie",
// "Paris"; a sentence's first capital lowered), each with the number of documents
// writing it, as "spelling\tcount" lines (index/lists.h). Suggestions show the spelling
// more than half of the word's documents write, summed over shards; else the folded word.
inline constexpr std::string_view kMetaDisplayPrefix = "crible:display:";

}  // namespace crible::schema
