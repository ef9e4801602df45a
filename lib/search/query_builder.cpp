// QueryBuilder: the public face of the query compiler, for tools that show what a
// query becomes (crible analyze --query).

#include "crible/query.h"
#include "search/query_compiler.h"

namespace crible {

class QueryBuilder::Impl {
 public:
  Impl(Analyzer analyzer, std::optional<Gazetteer> gazetteer, QueryOptions options)
      : compiler_(std::move(analyzer), std::move(gazetteer),
                  search::CompileOptions{options.default_and}) {}

  ParsedQuery parse(std::string_view text) {
    search::CompiledQuery compiled = compiler_.compile(text);
    return ParsedQuery{std::string(text), compiled.query.get_description(),
                       std::move(compiled.note), compiled.nothing_to_search};
  }

 private:
  search::QueryCompiler compiler_;
};

QueryBuilder::QueryBuilder(Analyzer analyzer, QueryOptions options)
    : impl_(std::make_unique<Impl>(std::move(analyzer), std::nullopt, options)) {}
QueryBuilder::QueryBuilder(Analyzer analyzer, Gazetteer gazetteer, QueryOptions options)
    : impl_(std::make_unique<Impl>(std::move(analyzer), std::move(gazetteer), options)) {}
QueryBuilder::QueryBuilder(QueryBuilder&&) noexcept = default;
QueryBuilder& QueryBuilder::operator=(QueryBuilder&&) noexcept = default;
QueryBuilder::~QueryBuilder() = default;

ParsedQuery QueryBuilder::parse(std::string_view query) {
  return impl_->parse(query);
}

}  // namespace crible
