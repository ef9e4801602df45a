#pragma once
// A crible Document to a Xapian document: terms with positions, boolean filter
// terms, values and the compressed stored data (schema.h lists them all).

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "crible/analyzer.h"
#include "crible/document.h"
#include "crible/entities.h"

namespace crible::index {

class DocumentBuilder {
 public:
  // @p gazetteer may be null (no entities); it must outlive the builder.
  DocumentBuilder(Analyzer analyzer, const Gazetteer* gazetteer);

  // @p stored: the document's data (compressed JSON), set as Xapian document data.
  Xapian::Document build(const Document& document, std::string stored);

 private:
  // Analyses @p text into @p sink and counts its entity mentions into @p entities.
  void index_text(std::string_view text, std::string_view language, TokenSink& sink,
                  std::map<std::string, unsigned>& entities);

  Analyzer analyzer_;
  const Gazetteer* gazetteer_;
  std::vector<Token> tokens_;  // reused: the tokens entity matching reads
};

// Word -> number of documents it occurs in: what the spelling table learns.
using SpellingWords = std::unordered_map<std::string, unsigned>;

// Adds the words of @p document (its unprefixed, folded word terms; no numbers) to
// @p words: spelling suggestions are made from the words of the index.
void add_spelling_words(const Xapian::Document& document, SpellingWords& words);

// Terms that must fit Xapian's 245-byte limit are cut at a UTF-8 boundary.
std::string fit_term(std::string term);

}  // namespace crible::index
