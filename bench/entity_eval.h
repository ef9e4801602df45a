#pragma once
// What the entity-quality benchmarks share: the documents a Xapian query returns (by
// their Q ids), precision/recall against labels, and the keyword baseline (the
// entity's name and aliases searched as phrases of words, as a user without entities
// would: every surface form the gazetteer knows, none of its context rules).

#include <xapian.h>

#include <set>
#include <string>

#include "crible/analyzer.h"
#include "crible/entities.h"

namespace crible::bench {

struct Score {
  double precision = 1, recall = 1;
};

Score score(const std::set<std::string>& got, const std::set<std::string>& want);

// The ids of every document @p query matches.
std::set<std::string> ids_of(Xapian::Database& db, const Xapian::Query& query);

// The documents holding @p entity's name or one of its aliases as a phrase of words.
std::set<std::string> keyword_ids(Xapian::Database& db, Analyzer& analyzer, const Entity& entity);

}  // namespace crible::bench
