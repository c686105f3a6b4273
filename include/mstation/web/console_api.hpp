#pragma once
// The console's JSON API under /api/ (docs/console.md): one call, already
// authenticated and CSRF-checked by the listener, answered on a database
// thread. The viewer decides what is visible: an office user's answers
// hold only its own station, and a refusal (ApiError) carries nothing of
// what was refused.
#include <pqxx/connection>
#include <string>

#include "mstation/config/config.hpp"
#include "mstation/web/http_types.hpp"
#include "mstation/web/url.hpp"
#include "mstation/web/viewer.hpp"

namespace mstation::web {

struct ApiRequest {
  http::verb method = http::verb::get;
  std::string path;  // "/api/…"
  Params query;
  std::string body;  // JSON for POST
  std::string peer;
};

Response handle_api(pqxx::connection& connection, const config::Config& config, const Viewer& viewer,
                    const ApiRequest& request);

}  // namespace mstation::web
