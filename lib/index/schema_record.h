#pragma once
// The schema record an index keeps in its metadata (format, analyzer and gazetteer
// versions): writers and searchers refuse an index whose terms another analysis made.

#include <xapian.h>

#include <filesystem>
#include <string>

#include "crible/analyzer.h"
#include "crible/entities.h"

namespace crible::index {

// The record this crible writes, for @p gazetteer (null: no entities).
std::string schema_record(const Analyzer& analyzer, const Gazetteer* gazetteer);

// The gazetteer version an index records ("none" when built without entities);
// empty when the record is missing or unreadable.
std::string recorded_entities(const std::string& record);

// Throws IndexError when @p database's record differs from @p expected: its terms
// would not match. @p path names the index in the message.
void require_schema(const Xapian::Database& database, const std::string& expected,
                    const std::filesystem::path& path);

}  // namespace crible::index
