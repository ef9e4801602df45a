#include "api.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <variant>

#include "crible/error.h"
#include "crible/ingest.h"
#include "crible/json.h"
#include "http_message.h"
#include "ui_files.h"

namespace crible::server {

extern const char* const kOpenApi;  // openapi.json, compiled in (openapi.cpp.in)

namespace {

using Json = nlohmann::ordered_json;

Response json_response(const Json& body, unsigned status = 200) {
  Response response;
  response.status = status;
  response.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return response;
}

Response bad_request(const std::string& message) {
  return error_response(400, "bad_request", message);
}

// A query string as name -> values. Only the parameters read with all() ("entity")
// may repeat; the others are refused when given twice. Parameters no route reads are
// ignored, as they always were (openapi.json says so).
class Params {
 public:
  static std::optional<Params> parse(std::string_view query) {
    Params params;
    while (!query.empty()) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
      if (pair.empty()) continue;
      const std::size_t eq = pair.find('=');
      auto name = url_decode(pair.substr(0, eq), true);
      auto value = url_decode(eq == std::string_view::npos ? "" : pair.substr(eq + 1), true);
      if (!name || !value) return std::nullopt;
      params.values_[*name].push_back(*value);
    }
    return params;
  }

  // A single-valued parameter: given twice, it is refused rather than one of its values
  // silently winning (a client that sends q=a&q=b gets an answer to a question it did
  // not mean to ask).
  std::string get(const std::string& name, std::string fallback = {}) const {
    const auto found = values_.find(name);
    if (found == values_.end()) return fallback;
    if (found->second.size() > 1)
      throw InvalidArgument(name + ": given " + std::to_string(found->second.size()) +
                            " times; it takes one value");
    return found->second.front();
  }
  std::vector<std::string> all(const std::string& name) const {
    const auto found = values_.find(name);
    return found == values_.end() ? std::vector<std::string>{} : found->second;
  }
  bool has(const std::string& name) const { return values_.count(name) > 0; }

  // A number in [0, max]; InvalidArgument otherwise.
  std::size_t number(const std::string& name, std::size_t fallback, std::size_t max) const {
    if (!has(name)) return fallback;
    const std::string text = get(name);
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || value > max)
      throw InvalidArgument(name + ": expected a number from 0 to " + std::to_string(max) +
                            ", got '" + text + "'");
    return value;
  }
  // A finite decimal number of at least @p min (a half-life, a weight); InvalidArgument
  // otherwise.
  double real(const std::string& name, double fallback, double min = 0) const {
    if (!has(name)) return fallback;
    const std::string text = get(name);
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value) ||
        value < min)
      throw InvalidArgument(name + ": expected a number, at least " + std::to_string(min) +
                            ", got '" + text + "'");
    return value;
  }
  // Exactly the values openapi.json declares for its booleans (an enum of strings: "1"
  // and "0" are what most links and scripts send, and an OpenAPI boolean would refuse
  // them). An empty value is refused too: "threads=" reads as "off" as often as "on".
  bool flag(const std::string& name, bool fallback = false) const {
    if (!has(name)) return fallback;
    const std::string value = get(name);
    if (value == "true" || value == "1") return true;
    if (value == "false" || value == "0") return false;
    throw InvalidArgument(name + ": expected true, false, 1 or 0, got '" + value + "'");
  }
  std::string choice(const std::string& name, const std::vector<std::string>& allowed) const {
    const std::string value = get(name, allowed.front());
    for (const std::string& option : allowed)
      if (value == option) return value;
    std::string list;
    for (const std::string& option : allowed)
      list += (list.empty() ? "" : ", ") + option;
    throw InvalidArgument(name + ": expected one of " + list + ", got '" + value + "'");
  }

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

}  // namespace

std::optional<std::string> url_decode(std::string_view text, bool query) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && query) {
      out += ' ';
    } else if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;  // "%" needs two hex digits
      int value = 0;
      const auto [end, error] =
          std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (error != std::errc() || end != text.data() + i + 3) return std::nullopt;
      out += static_cast<char>(value);
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Every byte of the longer one is looked at, whatever the lengths and contents.
  const std::size_t length = std::max(a.size(), b.size());
  unsigned char difference = a.size() == b.size() ? 0 : 1;
  for (std::size_t i = 0; i < length; ++i) {
    const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
    difference |= static_cast<unsigned char>(x ^ y);
  }
  return difference == 0;
}

namespace {

// What an entity list or timeline counts: per_article (threads), dedupe (near-duplicate
// clusters) or documents; both at once is a 400, as any bad parameter.
FacetCounting counting_of(const Params& params) {
  const bool per_article = params.flag("per_article");
  const bool dedupe = params.flag("dedupe");
  if (per_article && dedupe)
    throw InvalidArgument("per_article and dedupe cannot be combined: choose one");
  return per_article ? FacetCounting::articles
         : dedupe    ? FacetCounting::clusters
                     : FacetCounting::documents;
}

}  // namespace

Api::Api(const ServerConfig& config, IndexService& index, Metrics& metrics)
    : config_(config), index_(index), metrics_(metrics) {}

namespace {

// The non-empty path segment between @p prefix and @p suffix ("/v1/entities/{id}/timeline"),
// still percent-encoded (an id holding "/timeline" arrives as "%2Ftimeline"); nullopt
// when @p path is not of that form.
std::optional<std::string_view> segment_between(std::string_view path, std::string_view prefix,
                                                std::string_view suffix) {
  if (path.size() <= prefix.size() + suffix.size() || path.substr(0, prefix.size()) != prefix ||
      path.substr(path.size() - suffix.size()) != suffix)
    return std::nullopt;
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
}

}  // namespace

std::optional<std::string_view> timeline_entity(std::string_view path) {
  return segment_between(path, "/v1/entities/", "/timeline");
}

std::optional<std::string_view> similar_document(std::string_view path) {
  return segment_between(path, "/v1/documents/", "/similar");
}

std::string route_label(std::string_view path) {
  for (const char* route :
       {"/healthz", "/readyz", "/metrics", "/openapi.json", "/v1/search", "/v1/suggest",
        "/v1/entities", "/v1/entities/trending", "/v1/documents", "/v1/duplicates"})
    if (path == route) return route;
  if (path == "/" || path.rfind("/ui/", 0) == 0) return "/ui";
  if (similar_document(path)) return "/v1/documents/{id}/similar";
  if (path.rfind("/v1/documents/", 0) == 0) return "/v1/documents/{id}";
  if (timeline_entity(path)) return "/v1/entities/{id}/timeline";
  return "other";  // unknown paths: their number is unbounded, their labels must not be
}

Response Api::handle(const Request& request, unsigned worker) {
  Response response = answer(request, worker);
  // Here, for every answer of the route, errors included (a 401, a 400 thrown from a
  // parameter), rather than in each branch, where one would be forgotten.
  response.route = route_label(request.path);
  return response;
}

Response Api::answer(const Request& request, unsigned worker) {
  try {
    return route(request, worker);
  } catch (const ShardUnavailable& e) {
    // Names the shard (an operator's address, not a secret of the server's files).
    spdlog::warn("{} {}: {}", request.method, request.path, e.what());
    Response response = error_response(503, "shard_unavailable", e.what());
    response.headers["Retry-After"] = "1";
    return response;
  } catch (const InvalidArgument& e) {
    return bad_request(e.what());
  } catch (const WriteFailed& e) {
    // Logged with its reason by the writer; the client learns what to do.
    Response response = error_response(
        503, "write_failed",
        "the index could not commit: some or all of these changes are not stored; send them "
        "again later (a document sent again replaces its first copy)");
    response.headers["Retry-After"] = "5";
    return response;
  } catch (const Error& e) {
    // Index errors carry server paths and Xapian's words: logged, never sent.
    spdlog::error("{} {}: {}", request.method, request.path, e.what());
    return error_response(500, "internal_error", "internal error");
  }
}

namespace {

Response method_not_allowed(const std::string& method, const std::string& route,
                            const std::string& allowed) {
  Response response =
      error_response(405, "method_not_allowed", method + " is not allowed on " + route);
  response.headers["Allow"] = allowed;
  return response;
}

}  // namespace

Response Api::route(const Request& request, unsigned worker) {
  const std::string& path = request.path;
  const std::string& method = request.method;
  // HEAD runs the GET (same status and headers); the connection sends no body for it.
  const bool get = method == "GET" || method == "HEAD";
  const auto only_get = [&](auto&& run) -> Response {
    return get ? run() : method_not_allowed(method, path, "GET, HEAD");
  };
  if (method == "OPTIONS" && !config_.cors_origin.empty()) {  // CORS preflight
    Response response;
    response.status = 204;
    response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, POST, DELETE, OPTIONS";
    response.headers["Access-Control-Allow-Headers"] = "Authorization, Content-Type";
    return response;
  }
  if (path == "/healthz") return only_get([] { return json_response({{"status", "ok"}}); });
  if (path == "/readyz") return only_get([&] { return ready(worker); });
  if (path == "/metrics") return only_get([&] { return metrics(worker); });
  if (path == "/openapi.json")
    return only_get([] {
      Response response;
      response.body = kOpenApi;
      return response;
    });
  if (path == "/" || path.rfind("/ui/", 0) == 0) return only_get([&] { return ui_file(request); });
  const bool write = method == "POST" || method == "DELETE";
  if (path.rfind("/v1/", 0) == 0)
    if (auto refused = unauthorized(request, write)) return *refused;
  if (path == "/v1/search") return only_get([&] { return search(request, worker); });
  if (path == "/v1/entities") return only_get([&] { return entities(request, worker); });
  if (path == "/v1/entities/trending") return only_get([&] { return trending(request, worker); });
  if (path == "/v1/suggest") return only_get([&] { return suggest(request, worker); });
  if (path == "/v1/duplicates") return only_get([&] { return duplicates(request, worker); });
  if (const auto entity = timeline_entity(path)) {
    const auto id = url_decode(*entity, false);
    if (!id || id->empty()) return bad_request("the entity id is malformed");
    return only_get([&] { return timeline(*id, request, worker); });
  }
  if (path == "/v1/documents")
    return method == "POST" ? post_documents(request) : method_not_allowed(method, path, "POST");
  if (const auto similar_to = similar_document(path)) {
    const auto id = url_decode(*similar_to, false);
    if (!id || id->empty()) return bad_request("the document id is missing or malformed");
    return only_get([&] { return similar(*id, request, worker); });
  }
  if (path.rfind("/v1/documents/", 0) == 0) {
    const auto id = url_decode(std::string_view(path).substr(14), false);
    if (!id || id->empty()) return bad_request("the document id is missing or malformed");
    if (method == "DELETE") return delete_document(*id);
    if (get) return get_document(*id, worker);
    return method_not_allowed(method, "/v1/documents/{id}", "GET, HEAD, DELETE");
  }
  return error_response(404, "not_found", "no such endpoint: " + path);
}

std::optional<Response> Api::unauthorized(const Request& request, bool write) const {
  if (write && config_.token.empty())
    return error_response(403, "writes_disabled",
                          "this server takes no writes: start it with --token-file");
  if (!write && !config_.auth_reads) return std::nullopt;
  const auto header = request.headers.find("authorization");
  const std::string given = header == request.headers.end() ? "" : header->second;
  const std::string expected = "Bearer " + config_.token;
  if (constant_time_equal(given, expected)) return std::nullopt;
  Response response = error_response(401, "unauthorized", "a valid bearer token is required");
  response.headers["WWW-Authenticate"] = "Bearer";
  return response;
}

Response Api::search(const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  const Limits& limits = config_.limits;
  std::string query = params->get("q");  // its size and terms: SearcherOptions' limits
  if (params->has("date")) {
    const std::string date = params->get("date");
    if (date.empty() || date.find_first_not_of("0123456789-.") != std::string::npos)
      return bad_request("date: expected 2021-02-19, 2021-02, 2021 or a range a..b, got '" + date +
                         "'");
    query += " date:" + date;
  }
  SearchOptions options;
  options.limit = params->number("limit", 10, limits.max_limit);
  options.offset = params->number("offset", 0, limits.max_offset);
  // rank (sort is its older name: one of them).
  if (params->has("rank") && params->has("sort"))
    return bad_request("rank and sort are the same parameter: give one");
  options.sort = *sort_order(
      params->choice(params->has("sort") ? "sort" : "rank", {"relevance", "date", "recent"}));
  options.half_life_days = params->real("half_life", options.half_life_days);
  options.recency_weight = params->real("recency_weight", options.recency_weight);
  options.now = params->get("now");
  options.default_and = params->choice("default_op", {"and", "or"}) == "and";
  if (params->has("lang"))  // the query's language: one the index stems (openapi.json's enum)
    options.language = params->choice("lang", AnalyzerOptions{}.languages);
  options.entities = params->all("entity");
  if (params->has("type"))
    options.type = params->choice("type", {"article", "comment"}) == "article"
                       ? DocumentType::article
                       : DocumentType::comment;
  options.in_thread_of = params->get("in_thread_of");
  options.threads = params->flag("threads");
  options.dedupe = params->flag("dedupe");
  if (params->has("facets")) {
    params->choice("facets", {"entity"});
    options.facets = true;
  }
  options.facet_counting =
      *facet_counting(params->choice("facet_count", {"documents", "articles", "clusters"}));
  options.facet_limit = params->number("facet_limit", 20, 100);
  options.snippets = params->flag("snippets", true);
  options.exact_total = params->flag("exact");
  options.thread = params->get("thread");
  options.typos = params->flag("typos", true);
  if (params->has("histogram"))
    options.histogram = *histogram_interval(params->choice("histogram", {"day", "week", "month"}));
  options.histogram_counting =
      *facet_counting(params->choice("histogram_count", {"documents", "articles", "clusters"}));
  options.histogram_entities =
      params->number("histogram_entities", 0, Searcher::kMaxBucketEntities);
  options.max_wildcard_expansion = limits.max_wildcard_expansion;
  const SearchResults results = index_.reader(worker).searcher.search(query, options);
  Response response;
  response.body = results_to_json(results, options);
  return response;
}

Response Api::suggest(const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  SuggestOptions options;
  options.limit = params->number("limit", options.limit, Searcher::kMaxSuggestions);
  options.entity_limit =
      params->number("entity_limit", options.entity_limit, Searcher::kMaxSuggestions);
  options.typos = params->flag("typos", true);
  Response response;
  response.body =
      suggestions_to_json(index_.reader(worker).searcher.suggest(params->get("q"), options));
  // Typed a letter at a time: the answer may be cached for a little while.
  response.headers["Cache-Control"] = "max-age=10";
  return response;
}

Response Api::entities(const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  const std::string query = params->get("q");
  const std::size_t limit = params->number("limit", 20, config_.limits.max_limit);
  const FacetCounting counting = counting_of(*params);
  Response response;
  response.body = entities_to_json(
      index_.reader(worker).searcher.entities(query, params->get("with"), limit, counting));
  return response;
}

Response Api::trending(const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  TrendOptions options;
  options.window_days = params->number("window", options.window_days, 36600);
  options.baseline_days = params->number("baseline", options.baseline_days, 36600);
  options.min_documents = params->number("min_documents", options.min_documents,
                                         std::numeric_limits<std::uint32_t>::max());
  options.limit = params->number("limit", options.limit, config_.limits.max_limit);
  options.now = params->get("now");
  Response response;
  response.body =
      trends_to_json(index_.reader(worker).searcher.trending(params->get("q"), options));
  return response;
}

Response Api::timeline(const std::string& entity, const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  const HistogramInterval interval =
      *histogram_interval(params->choice("interval", {"week", "day", "month"}));
  const FacetCounting counting = counting_of(*params);
  Response response;
  response.body = timeline_to_json(
      index_.reader(worker).searcher.timeline(entity, params->get("q"), interval, counting));
  return response;
}

Response Api::duplicates(const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  DuplicateOptions options;
  options.min_size =
      params->number("min_size", options.min_size, std::numeric_limits<std::uint32_t>::max());
  options.limit = params->number("limit", options.limit, config_.limits.max_limit);
  options.offset = params->number("offset", 0, config_.limits.max_offset);
  options.members = params->number("members", options.members, config_.limits.max_limit);
  Response response;
  response.body = duplicates_to_json(index_.reader(worker).searcher.duplicates(options));
  return response;
}

Response Api::similar(const std::string& id, const Request& request, unsigned worker) {
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  SimilarOptions options;
  options.limit = params->number("limit", 10, config_.limits.max_limit);
  options.offset = params->number("offset", 0, config_.limits.max_offset);
  const std::string type = params->choice("type", {"article", "comment", "any"});
  options.type = type == "any"       ? std::nullopt
                 : type == "comment" ? std::optional(DocumentType::comment)
                                     : std::optional(DocumentType::article);
  options.terms = params->number("terms", options.terms, Searcher::kMaxSimilarTerms);
  if (options.terms == 0)
    return bad_request("terms: expected a number from 1 to " +
                       std::to_string(Searcher::kMaxSimilarTerms) + ", got '0'");
  try {
    SearchOptions shown;
    shown.snippets = false;
    Response response;
    response.body = results_to_json(index_.reader(worker).searcher.similar(id, options), shown);
    return response;
  } catch (const NotFound& e) {
    return error_response(404, "not_found", e.what());
  }
}

// The search page's files, compiled in (ui_files.cpp, from tools/crible-server/ui/):
// no file system access, so no path to escape from. Its scripts call the public API
// only; the Content-Security-Policy lets the page load nothing from elsewhere.
Response Api::ui_file(const Request& request) {
  const std::string path = request.path == "/" ? "/ui/index.html" : request.path;
  const UiFile* file = find_ui_file(path);
  if (!file) return error_response(404, "not_found", "no such file: " + request.path);
  Response response;
  response.content_type = std::string(file->content_type);
  const std::string etag = "\"" + std::string(file->etag) + "\"";
  response.headers["ETag"] = etag;
  response.headers["Cache-Control"] = "no-cache";  // revalidated: a new build shows at once
  response.headers["X-Content-Type-Options"] = "nosniff";
  response.headers["Content-Security-Policy"] =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
  response.headers["Referrer-Policy"] = "no-referrer";
  const auto match = request.headers.find("if-none-match");
  if (match != request.headers.end() && match->second == etag) {
    response.status = 304;
    return response;
  }
  response.body = std::string(file->content);
  return response;
}

Response Api::get_document(const std::string& id, unsigned worker) {
  std::optional<Document> document;
  try {
    document = index_.reader(worker).index.get(id);
  } catch (const ShardUnavailable&) {
    throw;  // a 503: reopening would not bring the shard back
  } catch (const IndexError&) {
    // Most likely commits overtook this reader (DatabaseModifiedError): once more,
    // reopened. (Searches retry inside the Searcher.)
    document = index_.refreshed(worker).index.get(id);
  }
  if (!document) return error_response(404, "not_found", "no document with id '" + id + "'");
  Response response;
  response.body = document_to_json(*document);
  return response;
}

namespace {

constexpr const char* kAcceptedTypes =
    "application/x-ndjson, application/jsonl or application/json (JSON Lines), text/plain (a "
    "page) in UTF-8; text/html or application/xhtml+xml (an article page), "
    "application/rss+xml, application/atom+xml, application/rdf+xml, application/xml or "
    "text/xml (a feed), in any charset";

// What a Content-Type says of the body.
struct BodyType {
  InputFormat format = InputFormat::automatic;
  std::string charset;  // as declared, empty when not
};

std::optional<InputFormat> format_of_media_type(const std::string& type) {
  if (type == "application/x-ndjson" || type == "application/jsonl" || type == "application/json")
    return InputFormat::jsonl;
  if (type == "text/plain") return InputFormat::page;
  if (type == "text/html" || type == "application/xhtml+xml") return InputFormat::html;
  if (type == "application/rss+xml" || type == "application/atom+xml" ||
      type == "application/rdf+xml" || type == "application/xml" || type == "text/xml")
    return InputFormat::feed;
  return std::nullopt;
}

// The input format and charset a Content-Type names, or the 415 to send. Parameters
// other than charset are ignored. HTML and feeds are decoded from their charset (the
// transport's wins over the document's own); JSON Lines and pages must be UTF-8, since
// their readers take UTF-8 (any other encoding would be indexed as mojibake).
std::variant<BodyType, Response> body_type(const Request& request) {
  const auto unsupported = [](const std::string& message) {
    return error_response(415, "unsupported_media_type", message + "; send " + kAcceptedTypes);
  };
  const auto header = request.headers.find("content-type");
  if (header == request.headers.end())
    return unsupported("the body has no Content-Type");  // a guess could index garbage
  const auto trim = [](std::string_view text) {
    const std::size_t first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos) return std::string_view();
    return text.substr(first, text.find_last_not_of(" \t") - first + 1);
  };
  std::string_view rest = header->second;
  const std::string type = ascii_lower(std::string(trim(rest.substr(0, rest.find(';')))));
  const std::optional<InputFormat> format = format_of_media_type(type);
  if (!format) return unsupported("Content-Type '" + type + "' is not supported");
  BodyType body{*format, ""};
  while (rest.find(';') != std::string_view::npos) {
    rest = rest.substr(rest.find(';') + 1);
    const std::string_view parameter = trim(rest.substr(0, rest.find(';')));
    const std::size_t eq = parameter.find('=');
    if (ascii_lower(std::string(trim(parameter.substr(0, eq)))) != "charset") continue;
    std::string_view value = eq == std::string_view::npos ? "" : trim(parameter.substr(eq + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
      value = value.substr(1, value.size() - 2);
    body.charset = std::string(value);
  }
  const bool decoded = body.format == InputFormat::html || body.format == InputFormat::feed;
  if (!decoded && !body.charset.empty() && ascii_lower(body.charset) != "utf-8")
    return unsupported("charset '" + body.charset + "' is not supported for " + type +
                       ": the body must be UTF-8");
  return body;
}

}  // namespace

Response Api::post_documents(const Request& request) {
  const auto body = body_type(request);
  if (const Response* refused = std::get_if<Response>(&body)) return *refused;
  const auto params = Params::parse(request.query);
  if (!params) return bad_request("malformed query string");
  if (request.body.empty())
    return bad_request("the body is empty: send JSON Lines, a page, an HTML page or a feed");
  ReadOptions options;
  options.format = std::get<BodyType>(body).format;
  options.charset = std::get<BodyType>(body).charset;
  options.max_document_bytes = config_.limits.max_body_bytes;
  options.page_id = params->get("id");
  options.date = params->get("date");
  if (!options.date.empty() && !is_iso8601(options.date))
    return bad_request("date '" + options.date + "' is not an ISO 8601 date");
  DocumentReader reader = DocumentReader::from_text(request.body, "body", options);
  std::vector<Thread> threads;
  std::size_t count = 0;
  Json errors = Json::array();
  Json warnings = Json::array();
  Thread thread;
  try {
    while (reader.next_thread(thread, [&](const ReadProblem& problem) {
      (problem.warning ? warnings : errors)
          .push_back({{"line", problem.line}, {"message", problem.reason}});
    })) {
      count += thread.documents.size();
      threads.push_back(std::move(thread));
    }
  } catch (const IoError& e) {  // a body that looks zstd-compressed but does not decode
    return bad_request(e.what());
  }
  if (count == 0)
    return json_response({{"error", {{"code", "bad_request"}, {"message", "no valid document"}}},
                          {"errors", errors},
                          {"warnings", warnings}},
                         400);
  index_.add(std::move(threads));
  return json_response({{"indexed", count}, {"errors", errors}, {"warnings", warnings}});
}

Response Api::delete_document(const std::string& id) {
  if (!index_.remove(id))
    return error_response(404, "not_found", "no document with id '" + id + "'");
  return json_response({{"deleted", id}});
}

Response Api::ready(unsigned worker) {
  try {
    // A search, so that every shard is asked (and missing ones tried again).
    SearchOptions options;
    options.limit = 0;
    options.snippets = false;
    options.suggest_below = 0;
    options.exact_total = true;  // documents: an exact count
    const SearchResults results = index_.reader(worker).searcher.search("", options);
    Json out = {{"status", "ready"}, {"documents", results.total}, {"partial", results.partial}};
    if (results.partial) out["missing_shards"] = results.missing_shards;
    return json_response(out);
  } catch (const Error& e) {
    spdlog::error("readyz: {}", e.what());
    return error_response(503, "not_ready", "the index does not answer");
  }
}

Response Api::metrics(unsigned worker) {
  try {
    metrics_.set_documents(static_cast<double>(index_.reader(worker).searcher.size()));
  } catch (const Error&) {
    // No index yet (a shard is down): the rest still tells what is going on.
  }
  Response response;
  response.content_type = "text/plain; version=0.0.4";
  response.body = metrics_.text();
  return response;
}

}  // namespace crible::server
