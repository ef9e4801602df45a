#pragma once
// The HTTP API: routes, parameters and errors, over the public library. The JSON it
// returns comes from crible's lib/json (results_to_json, document_to_json), the same
// as the CLI's.

#include <optional>
#include <string>
#include <string_view>

#include "config.h"
#include "http_server.h"
#include "index_service.h"
#include "metrics.h"

namespace crible::server {

class Api {
 public:
  Api(const ServerConfig& config, IndexService& index, Metrics& metrics);
  // The response to @p request, errors included, its route label set for the metrics.
  Response handle(const Request& request, unsigned worker);

 private:
  Response answer(const Request& request, unsigned worker);
  Response route(const Request& request, unsigned worker);
  Response search(const Request& request, unsigned worker);
  Response entities(const Request& request, unsigned worker);
  Response suggest(const Request& request, unsigned worker);
  Response timeline(const std::string& entity, const Request& request, unsigned worker);
  Response trending(const Request& request, unsigned worker);
  Response similar(const std::string& id, const Request& request, unsigned worker);
  Response duplicates(const Request& request, unsigned worker);
  Response ui_file(const Request& request);
  Response get_document(const std::string& id, unsigned worker);
  Response post_documents(const Request& request);
  Response delete_document(const std::string& id);
  Response ready(unsigned worker);
  Response metrics(unsigned worker);
  // Empty when the request may go on; else the 401 to send.
  std::optional<Response> unauthorized(const Request& request, bool write) const;

  const ServerConfig& config_;
  IndexService& index_;
  Metrics& metrics_;
};

// The metrics label of a request path: the route's template ("/v1/documents/{id}"),
// or "other" for a path no route serves.
std::string route_label(std::string_view path);

// The entity id of a timeline path ("/v1/entities/{id}/timeline"), still encoded;
// nullopt for another path.
std::optional<std::string_view> timeline_entity(std::string_view path);

// The document id of a similar path ("/v1/documents/{id}/similar"), still encoded;
// nullopt for another path.
std::optional<std::string_view> similar_document(std::string_view path);

// Percent-decoding of a URL component ('+' is a space in a query); nullopt when
// malformed.
std::optional<std::string> url_decode(std::string_view text, bool query);

// Equal strings, in a time that does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace crible::server
