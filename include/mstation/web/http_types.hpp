#pragma once
// The console's HTTP messages (Boost.Beast string bodies) and the answers
// every handler builds: JSON, CSV, a redirect, an error — each with the
// security headers (a CSP without inline script, no framing, no sniffing,
// no caching of what a session saw).
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace mstation::web {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;
using Response = http::response<http::string_body>;

Response json_response(http::status status, const nlohmann::json& body);
Response text_response(http::status status, std::string_view content_type, std::string body);
Response redirect_response(std::string_view location);
// {"error": message, "code": code}.
Response error_response(http::status status, std::string_view code, std::string_view message);

// Sets the security headers; `tls` adds Strict-Transport-Security.
void add_security_headers(Response& response, bool tls);

}  // namespace mstation::web
