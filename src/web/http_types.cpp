#include "mstation/web/http_types.hpp"

namespace mstation::web {

Response json_response(http::status status, const nlohmann::json& body) {
  return text_response(status, "application/json; charset=utf-8",
                       body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Response text_response(http::status status, std::string_view content_type, std::string body) {
  Response r{status, 11};
  r.set(http::field::content_type, boost::beast::string_view(content_type.data(), content_type.size()));
  r.body() = std::move(body);
  return r;
}

Response redirect_response(std::string_view location) {
  Response r{http::status::see_other, 11};
  r.set(http::field::location, boost::beast::string_view(location.data(), location.size()));
  return r;
}

Response error_response(http::status status, std::string_view code, std::string_view message) {
  return json_response(status, {{"error", message}, {"code", code}});
}

void add_security_headers(Response& response, bool tls) {
  response.set("Content-Security-Policy",
               "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
  response.set("X-Frame-Options", "DENY");
  response.set("X-Content-Type-Options", "nosniff");
  response.set("Referrer-Policy", "no-referrer");
  if (response.find(http::field::cache_control) == response.end()) response.set(http::field::cache_control, "no-store");
  if (tls) response.set(http::field::strict_transport_security, "max-age=31536000");
}

}  // namespace mstation::web
