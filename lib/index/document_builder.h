#pragma once
// A crible Document to a Xapian document: terms with positions, boolean filter
// terms, values and the compressed stored data (schema.h lists them all).

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"
#include "dedupe/signature.h"

namespace crible::index {

// Folded word -> spelling as written -> documents writing it so.
using DisplayForms = std::map<std::string, std::map<std::string, unsigned>>;

class DocumentBuilder {
 public:
  // @p gazetteer may be null (no entities); it must outlive the builder.
  // @p sign: give articles their near-duplicate signature and band terms.
  DocumentBuilder(Analyzer analyzer, const Gazetteer* gazetteer, bool sign = false);

  // @p stored: the document's data (compressed JSON), set as Xapian document data.
  // @p thread_entities: the entities of the document's thread (a comment's article),
  // evidence for its ambiguous forms (data/ENTITIES.md, "Evidence").
  Xapian::Document build(const Document& document, std::string stored,
                         const std::vector<std::string>& thread_entities = {});

  // The entities the last build() found, by id.
  const std::vector<std::string>& entities() const { return entity_ids_; }
  // The near-duplicate signature of the last build()'s title and body: articles of
  // dedupe::kMinWords words or more, when signing.
  const std::optional<dedupe::Signature>& signature() const { return signature_; }

  // Folded word -> the stems its accented spellings carried beyond its own, over every
  // document built since the last take (schema::kMetaAccentPrefix); taking empties it.
  std::map<std::string, std::set<std::string>> take_accent_stems() {
    return std::move(accent_stems_);
  }

  // Folded word -> its spellings other than itself ("économie", "Économie") -> the
  // number of documents built since the last take that write it so
  // (schema::kMetaDisplayPrefix); taking empties it.
  DisplayForms take_display_forms() { return std::move(display_forms_); }

 private:
  // Analyses @p text into @p sink, keeping its tokens for entity matching.
  void index_text(std::string_view text, std::string_view language, TokenSink& sink);
  // The entity mentions of the texts index_text() kept, counted by id: each part read
  // with the others' entities and the thread's as evidence (one sense per document).
  // @p date: the document's, for offices held in turn (rule during).
  std::map<std::string, unsigned> count_entities(const std::vector<std::string>& thread_entities,
                                                 const std::string& date);
  // Adds the spellings the document just built wrote (document_forms_, each once) to
  // display_forms_.
  void count_document_forms();

  Analyzer analyzer_;
  const Gazetteer* gazetteer_;
  bool sign_;
  dedupe::ShingleSignature shingles_;
  std::optional<dedupe::Signature> signature_;
  // Reused from document to document: the texts of the document being built and their
  // tokens (parts_ used of them), what entity matching reads.
  std::vector<std::string_view> texts_;
  std::vector<std::vector<Token>> tokens_;
  std::size_t parts_ = 0;
  std::vector<std::string> entity_ids_;
  std::map<std::string, std::set<std::string>> accent_stems_;
  DisplayForms display_forms_;
  std::vector<std::pair<std::string, std::string>> document_forms_;  // scratch: one document's
};

// Word -> number of documents it occurs in: what the spelling table learns.
using SpellingWords = std::unordered_map<std::string, unsigned>;

// Adds the words of @p document (its unprefixed, folded word terms; no numbers) to
// @p words: spelling suggestions are made from the words of the index.
void add_spelling_words(const Xapian::Document& document, SpellingWords& words);

// Terms that must fit Xapian's 245-byte limit are cut at a UTF-8 boundary.
std::string fit_term(std::string term);

}  // namespace crible::index
