#include "index/schema_record.h"

#include <nlohmann/json.hpp>

#include "crible/error.h"
#include "index/schema.h"

namespace crible::index {

std::string schema_record(const Analyzer& analyzer, const Gazetteer* gazetteer) {
  nlohmann::ordered_json record;
  record["format"] = schema::kFormatVersion;
  record["analyzer"] = analyzer.version();
  record["entities"] = gazetteer ? gazetteer->version() : std::string("none");
  return record.dump();
}

std::string recorded_entities(const std::string& record) {
  const auto json = nlohmann::json::parse(record, nullptr, false);
  if (!json.is_object() || !json.contains("entities") || !json["entities"].is_string()) return {};
  return json["entities"].get<std::string>();
}

void require_schema(const Xapian::Database& database, const std::string& expected,
                    const std::filesystem::path& path) {
  const std::string found = database.get_metadata(std::string(schema::kMetaSchema));
  if (found.empty())
    throw IndexError("'" + path.string() + "' is not a crible index (no schema record)");
  if (found != expected)
    throw IndexError("index '" + path.string() + "' was built with another analyzer, format or " +
                     "gazetteer (" + found + "); this crible reads " + expected +
                     ": rebuild the index, or pass the gazetteer it was built with");
}

}  // namespace crible::index
