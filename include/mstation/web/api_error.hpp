#pragma once
// Expected refusals of the console's API, one type each (as Kea's
// db_exceptions): a handler throws one, the router answers it with its
// status and code ({"error", "code"}) and nothing else of the request.
#include <boost/beast/http/status.hpp>
#include <stdexcept>
#include <string>

namespace mstation::web {

class ApiError : public std::runtime_error {
 public:
  ApiError(boost::beast::http::status status, std::string code, const std::string& message)
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  boost::beast::http::status status() const { return status_; }
  const std::string& code() const { return code_; }

 private:
  boost::beast::http::status status_;
  std::string code_;
};

struct Forbidden : ApiError {
  explicit Forbidden(const std::string& m) : ApiError(boost::beast::http::status::forbidden, "forbidden", m) {}
};
struct NotFound : ApiError {
  explicit NotFound(const std::string& m) : ApiError(boost::beast::http::status::not_found, "not_found", m) {}
};
struct BadRequest : ApiError {
  explicit BadRequest(const std::string& m) : ApiError(boost::beast::http::status::bad_request, "bad_request", m) {}
};
struct Conflict : ApiError {
  explicit Conflict(const std::string& m) : ApiError(boost::beast::http::status::conflict, "conflict", m) {}
};

}  // namespace mstation::web
