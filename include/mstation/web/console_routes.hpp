#pragma once
// What the console answers to one HTTP request (docs/console.md): the login
// page and form, logout, the console page, the assets, and the API behind a
// session cookie and — for every POST — its CSRF token. Runs as a
// coroutine on the connection's executor and sends database work to the
// console's pool. Every answer carries the security headers.
#include <string>

#include "mstation/common/asio.hpp"
#include "mstation/config/config.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/web/console_guard.hpp"
#include "mstation/web/http_types.hpp"

namespace mstation::web {

inline constexpr const char* session_cookie = "mst_session";

struct RouteContext {
  const config::Config* config = nullptr;
  server::DbPool* pool = nullptr;
  ConsoleGuard* guard = nullptr;
  bool tls = false;
  std::string peer;  // the client's address
};

// Arguments by value: a coroutine must not hold references to the caller's frame.
asio::awaitable<Response> route(Request request, RouteContext context);

}  // namespace mstation::web
