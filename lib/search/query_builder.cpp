// QueryBuilder: the public face of the query compiler, for tools that show what a
// query becomes (crible analyze --query).

#include "crible/query.h"
#include "search/query_compiler.h"

namespace crible {

class QueryBuilder::Impl {
 public:
  Impl(Analyzer analyzer, std::optional<Gazetteer> gazetteer, QueryOptions options)
      : compiler_(std::move(analyzer), std::move(gazetteer), compile_options(options)) {}

  ParsedQuery parse(std::string_view text) {
    search::CompiledQuery compiled = compiler_.compile(text);
    return ParsedQuery{std::string(text),
                       compiled.query.get_description(),
                       std::move(compiled.note),
                       compiled.nothing_to_search,
                       std::move(compiled.language),
                       std::move(compiled.language_source)};
  }

  static search::CompileOptions compile_options(const QueryOptions& options) {
    search::CompileOptions compile;
    compile.default_and = options.default_and;
    compile.language = options.language;
    return compile;
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
