#include "http_message.h"

namespace crible::server {

namespace http = boost::beast::http;

std::string ascii_lower(std::string text) {
  for (char& c : text)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  return text;
}

Request to_request(RequestMessage&& message) {
  Request request;
  request.method = std::string(message.method_string());
  const std::string target(message.target());
  const std::size_t question = target.find('?');
  request.path = target.substr(0, question);
  if (question != std::string::npos) request.query = target.substr(question + 1);
  for (const auto& field : message)
    request.headers[ascii_lower(std::string(field.name_string()))] = std::string(field.value());
  request.body = std::move(message.body());
  return request;
}

ResponseMessage to_message(const Response& response, const std::string& cors_origin,
                           bool keep_alive, bool head) {
  ResponseMessage message(static_cast<http::status>(response.status), 11);
  message.set(http::field::server, "crible-server");
  message.set(http::field::content_type, response.content_type);
  if (!cors_origin.empty()) message.set(http::field::access_control_allow_origin, cors_origin);
  for (const auto& [name, value] : response.headers)
    message.set(name, value);
  message.body() = response.body;
  message.keep_alive(keep_alive);
  message.prepare_payload();
  // HEAD: the GET's headers, Content-Length included (RFC 9110, 9.3.2), and no body. A
  // body here would be read by the client as the start of the next response.
  if (head) message.body().clear();
  return message;
}

}  // namespace crible::server
