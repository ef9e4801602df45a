#pragma once
/// @file
/// Named entities: the gazetteer (data/entities.tsv) and the matcher that finds its
/// entities in analysed text, whatever the surface form (`@Microsoft`, `$ORCL`,
/// `Tik Tok`, `le groupe de Redmond`, `microsoft.com`).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "crible/analyzer.h"
#include "crible/export.h"

namespace crible {

/// What kind of thing an entity is (the gazetteer's `type` column).
enum class EntityType {
  org,      ///< A company or organisation (Microsoft, ONU).
  person,   ///< A person (Satya Nadella).
  place,    ///< A country, region or city (États-Unis).
  media,    ///< A newspaper, channel or news site (Fox Business).
  product,  ///< A product or service (CapCut, Starlink).
  event     ///< An event (Brexit, Festival de Cannes).
};

/// "ORG", "PERSON", "PLACE", "MEDIA", "PRODUCT", "EVENT".
CRIBLE_EXPORT std::string_view to_string(EntityType type) noexcept;

/// One row of the gazetteer.
struct Entity {
  std::string id;    ///< "microsoft"
  std::string name;  ///< Display name, as facets show it ("Microsoft"); also an alias.
  EntityType type = EntityType::org;  ///< What kind of entity it is.
  std::vector<std::string> aliases;   ///< as written in text: "le groupe de Redmond"
  std::vector<std::string> handles;   ///< "@Microsoft"
  std::vector<std::string> cashtags;  ///< "$MSFT"
  std::vector<std::string> domains;   ///< "microsoft.com"
  std::string wikidata;               ///< Wikidata item ("Q2283"); empty when unsure.
  std::vector<std::string> related;   ///< ids of related entities
};

/// An entity found in a text.
struct EntityMention {
  std::string id;              ///< The entity's id (Entity::id).
  std::size_t start = 0;       ///< byte offsets of the mention in the text
  std::size_t end = 0;         ///< byte offset just past the mention
  std::uint32_t position = 0;  ///< the position of its first token
};

/// What matching may take as evidence for an ambiguous form beyond the text itself
/// (data/ENTITIES.md, "Evidence"): entities already confirmed where the text appears.
struct EntityEvidence {
  /// Entities found in the document's other parts (its title, body, quotes).
  std::vector<std::string> document;
  /// Entities of the document's thread: a comment's article.
  std::vector<std::string> thread;
  /// The document's date (ISO 8601): an office held in turn ("le président américain",
  /// rule `during`) names whoever held it that day. Empty: such aliases do not match.
  std::string date;
};

/// A candidate mention and what matching decided about it (`crible analyze --explain`).
struct EntityDecision {
  std::string id;              ///< The entity's id.
  std::size_t start = 0;       ///< byte offsets of the candidate in the text
  std::size_t end = 0;         ///< byte offset just past it
  std::uint32_t position = 0;  ///< the position of its first token
  bool taken = false;          ///< a mention (Gazetteer::match returns it) or refused
  /// The form needed evidence (a lower-case `evidence` form, a `context` form without
  /// its words): taken only with some, refused without.
  bool needed_evidence = false;
  std::string
      reason;  ///< why, in words: "capitalised 'Oracle'", "vetoed by not_before 'de delphes'"
};

/// The entities crible knows and how to recognise them. Immutable once loaded;
/// share it between threads freely.
class CRIBLE_EXPORT Gazetteer {
 public:
  /// The gazetteer compiled into the library (data/entities.tsv).
  static Gazetteer builtin(const Analyzer& analyzer);
  /// Loads a gazetteer file. Throws ParseError naming the line and column of the
  /// first problem, IoError if it cannot be read.
  static Gazetteer load(const std::filesystem::path& path, const Analyzer& analyzer);
  /// The gazetteer of @p path, or the built-in one when @p path is empty.
  static Gazetteer open(const std::filesystem::path& path, const Analyzer& analyzer);
  /// Parses gazetteer text; @p source names it in errors.
  static Gazetteer parse(std::string_view text, const std::string& source,
                         const Analyzer& analyzer);

  Gazetteer(const Gazetteer&);                 ///< Cheap: copies share the loaded data.
  Gazetteer& operator=(const Gazetteer&);      ///< Cheap: shares the loaded data.
  Gazetteer(Gazetteer&&) noexcept;             ///< Moves; the moved-from one is unusable.
  Gazetteer& operator=(Gazetteer&&) noexcept;  ///< Moves; the moved-from one is unusable.
  ~Gazetteer();                                ///< Frees the data once no copy uses it.

  /// Number of entities.
  std::size_t size() const;
  /// Every entity, in file order.
  const std::vector<Entity>& entities() const;
  /// The entity with this id, or null.
  const Entity* find(std::string_view id) const;
  /// The entity a user means: an id, an alias, a handle or a cashtag, in any case and
  /// with or without accents (`msft`, `Tik Tok`, `ORCL`, `@tiktok_us`); null if none.
  const Entity* resolve(std::string_view surface) const;
  /// resolve(), or InvalidArgument naming @p surface and the closest known entities.
  const Entity& require(std::string_view surface) const;
  /// Up to @p count entity ids whose id or aliases are closest to @p surface (edit
  /// distance on folded text): suggestions for an unknown name.
  std::vector<std::string> closest(std::string_view surface, std::size_t count) const;
  /// Identifies the content: indexes record it and refuse another.
  std::string version() const;

  /// The entities mentioned in @p tokens (from Analyzer::analyze of @p text), in text
  /// order, longest match first; URL paths and other sites' addresses never match.
  /// With @p evidence, the ambiguous forms of the entities it names (or of their related
  /// entities) count too: one sense per document, a comment read in its thread.
  std::vector<EntityMention> match(std::string_view text, const std::vector<Token>& tokens,
                                   const EntityEvidence& evidence = {}) const;

  /// Every candidate match() considered, taken or refused, in text order, with the
  /// reason in words; without @p reasons, only the candidates match() weighs (taken, or
  /// refused for want of evidence) and no reason: cheaper, for callers that read a
  /// document in parts and pass each part's entities to the others.
  std::vector<EntityDecision> explain(std::string_view text, const std::vector<Token>& tokens,
                                      const EntityEvidence& evidence = {},
                                      bool reasons = true) const;

  /// Candidates for the gazetteer: runs of two or more capitalised words, not at the
  /// start of a sentence and not part of a known mention ("Satya Nadella"), as written.
  std::vector<std::string> unknown_names(std::string_view text,
                                         const std::vector<Token>& tokens) const;

 private:
  class Impl;
  explicit Gazetteer(std::shared_ptr<const Impl> impl);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace crible
