#pragma once
// The term prefixes, value slots and metadata keys of a crible index, in one place.
// Xapian/Omega conventions where they exist (Q, S, A, H, D, M, Y, L, K, U, Z).

#include <string_view>

namespace crible::schema {

// Version of the document layout (terms, values, stored data). Bump on any change
// that an existing index cannot be read or updated with.
inline constexpr int kFormatVersion = 2;  // 2: entity facet slots, spelling table

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

// Value slots.
inline constexpr unsigned kSlotDate = 0;    // "YYYYMMDD[HHMMSS]": sorts as a string
inline constexpr unsigned kSlotThread = 1;  // article id: collapse comments by thread
inline constexpr unsigned kSlotType = 2;    // "article" | "comment"
// Entity facets, counted by Xapian's built-in ValueCountMatchSpy (the only kind that
// crosses xapian-tcpsrv): a document's entities one per slot, by rank (most mentioned
// first), from kSlotEntity; and the same as "<entity>\0<thread>" from
// kSlotEntityThread, for counting an article and its comments once. Slots are used
// from the first up, so the first unused slot (value frequency 0) ends the range.
inline constexpr unsigned kSlotEntity = 100;
inline constexpr unsigned kMaxEntitySlots = 1000;  // entities past this rank get no facet
inline constexpr unsigned kSlotEntityThread = kSlotEntity + kMaxEntitySlots;
inline constexpr char kEntityThreadSeparator = '\0';

// Positions: the title first, the body after a gap so that no phrase spans them.
inline constexpr unsigned kBodyPositionGap = 100;
// A title word counts as this many body words.
inline constexpr unsigned kTitleWeight = 3;

// Metadata.
inline constexpr std::string_view kMetaSchema = "crible:schema";
inline constexpr std::string_view kMetaDictionaryPrefix = "crible:dict:";  // + id
inline constexpr std::string_view kMetaCurrentDictionary = "crible:dict-current";

}  // namespace crible::schema
