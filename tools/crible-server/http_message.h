#pragma once
// Beast's request messages to the server's Request, and its Responses to Beast's
// messages: the one conversion, used by connections and by the HTTP fuzz target.

#include <boost/beast/http.hpp>
#include <string>

#include "http_server.h"

namespace crible::server {

using RequestMessage = boost::beast::http::request<boost::beast::http::string_body>;
using ResponseMessage = boost::beast::http::response<boost::beast::http::string_body>;

// Method, path and raw query split from the target, header names in lower case.
Request to_request(RequestMessage&& message);

// The message for @p response: status, headers, CORS origin (when set), body, length.
// For a @p head request, the same headers and no body.
ResponseMessage to_message(const Response& response, const std::string& cors_origin,
                           bool keep_alive, bool head = false);

std::string ascii_lower(std::string text);

}  // namespace crible::server
