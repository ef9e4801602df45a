#pragma once
// A crible Document to a Xapian document: terms with positions, boolean filter
// terms, values and the compressed stored data (schema.h lists them all).

#include <xapian.h>

#include <string>

#include "crible/analyzer.h"
#include "crible/document.h"

namespace crible::index {

class DocumentBuilder {
 public:
  explicit DocumentBuilder(Analyzer analyzer);

  // @p stored: the document's data (compressed JSON), set as Xapian document data.
  Xapian::Document build(const Document& document, std::string stored);

  // The language most of a document's words were analysed in.
  const std::string& last_language() const { return language_; }

 private:
  Analyzer analyzer_;
  std::string language_;
};

// Terms that must fit Xapian's 245-byte limit are cut at a UTF-8 boundary.
std::string fit_term(std::string term);

}  // namespace crible::index
