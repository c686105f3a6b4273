#include "mstation/web/console_routes.hpp"

#include <openssl/crypto.h>
#include <spdlog/spdlog.h>

#include "mstation/journal/commit_errors.hpp"
#include "mstation/web/console_api.hpp"
#include "mstation/web/console_assets.hpp"
#include "mstation/web/console_auth.hpp"
#include "mstation/web/url.hpp"

namespace mstation::web {
namespace {


std::string_view view_of(boost::beast::string_view s) { return {s.data(), s.size()}; }

// The session cookie the request carries, if it looks like one of ours (64 hex digits).
std::optional<std::string> session_cookie_of(const Request& request) {
  const auto header = request.find(http::field::cookie);
  if (header == request.end()) return std::nullopt;
  auto value = cookie_value(view_of(header->value()), session_cookie);
  if (!value || value->size() != 64) return std::nullopt;
  return std::move(*value);
}

std::string cookie_header(const std::string& value, bool tls, bool expire) {
  return std::string(session_cookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict" + (tls ? "; Secure" : "") +
         (expire ? "; Max-Age=0" : "");
}

bool same_token(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// A form posted from another site is refused: SameSite=Strict keeps the
// cookie away from it, and the Origin header (when the browser sends one)
// must be this console's.
bool same_origin(const Request& request) {
  const auto origin = request.find(http::field::origin);
  if (origin == request.end()) return true;
  const auto host = request.find(http::field::host);
  if (host == request.end()) return false;
  const std::string o(origin->value());
  const std::string h(host->value());
  return o == "http://" + h || o == "https://" + h;
}

std::string param_or_empty(const Params& params, const char* key) {
  const auto it = params.find(key);
  return it == params.end() ? std::string() : it->second;
}

// The X-CSRF-Token header, else `form_field` (a form's hidden field).
std::string csrf_token_of(const Request& request, std::string form_field) {
  const auto header = request.find("X-CSRF-Token");
  if (header == request.end()) return form_field;
  return std::string(header->value());
}

Response asset_response(std::string_view name) {
  const auto asset = find_asset(name);
  if (!asset) return error_response(http::status::not_found, "not_found", "no such file");
  auto r = text_response(http::status::ok, asset->content_type, std::string(asset->body));
  r.set(http::field::cache_control, "no-cache");
  return r;
}

// Work on a console database thread; refusals become their answers. The
// work captures the calling coroutine's locals by reference, as every
// DbPool job does: the frame waits, alive, until the answer comes back (a
// job that captured std::strings by value was corrupted in transit through
// Asio 1.18's awaitable initiation under g++ 12 — ASan saw its strings
// freed from the wrong address).
template <typename F>
asio::awaitable<Response> on_database(const RouteContext& c, F work) {
  try {
    co_return co_await c.pool->run(std::move(work));
  } catch (const ApiError& e) {
    co_return error_response(e.status(), e.code(), e.what());
  } catch (const journal::CommitInDoubt& e) {
    spdlog::error("console: a commit is in doubt for {}: {}", c.peer, e.what());
    co_return error_response(http::status::service_unavailable, "unavailable",
                             "the database connection was lost while committing: look whether it was done before "
                             "trying again");
  } catch (const journal::DatabaseUnavailable&) {
    co_return error_response(http::status::service_unavailable, "unavailable", "the database is unavailable");
  } catch (const std::exception& e) {
    spdlog::error("console: request from {} failed: {}", c.peer, e.what());
    co_return error_response(http::status::internal_server_error, "internal", "the request failed (see the log)");
  }
}

asio::awaitable<Response> login(Request request, RouteContext c) {
  if (!same_origin(request)) co_return error_response(http::status::forbidden, "csrf", "cross-site login refused");
  const auto ticket = c.guard->admit_login(c.peer);
  if (!ticket) co_return redirect_response("/?busy=1");
  const auto form = parse_params(request.body());
  const auto login = param_or_empty(form, "login");
  const auto password = param_or_empty(form, "password");
  const int idle = c.config->web_listener->idle_timeout_s;
  auto cookie = co_await c.pool->run([&](pqxx::connection& db) { return log_in(db, login, password, c.peer, idle); });
  if (!cookie) co_return redirect_response("/?failed=1");
  auto r = redirect_response("/console");
  r.set(http::field::set_cookie, cookie_header(*cookie, c.tls, false));
  co_return r;
}

asio::awaitable<Response> logout(Request request, RouteContext c, std::string cookie) {
  const auto form = parse_params(request.body());
  const auto token = csrf_token_of(request, param_or_empty(form, "csrf"));
  const int idle = c.config->web_listener->idle_timeout_s;
  co_return co_await on_database(c, [&](pqxx::connection& db) {
    const auto viewer = session_viewer(db, cookie, idle);
    if (viewer && !same_token(token, viewer->csrf_token)) throw ApiError(http::status::forbidden, "csrf", "no CSRF token");
    if (viewer) log_out(db, cookie);
    auto r = redirect_response("/");
    r.set(http::field::set_cookie, cookie_header("", c.tls, true));
    return r;
  });
}

asio::awaitable<Response> api(Request request, RouteContext c, std::optional<std::string> cookie) {
  if (!cookie) co_return error_response(http::status::unauthorized, "unauthenticated", "log in first");
  const auto target = parse_target(view_of(request.target()));
  ApiRequest call{request.method(), target.path, target.query, request.body(), c.peer};
  const auto token = csrf_token_of(request, "");
  const config::Config* config = c.config;
  co_return co_await on_database(c, [&](pqxx::connection& db) {
    const auto viewer = session_viewer(db, *cookie, config->web_listener->idle_timeout_s);
    if (!viewer) return error_response(http::status::unauthorized, "unauthenticated", "the session has ended: log in");
    if (call.method != http::verb::get && !same_token(token, viewer->csrf_token)) {
      return error_response(http::status::forbidden, "csrf", "a state-changing request needs the X-CSRF-Token header");
    }
    return handle_api(db, *config, *viewer, call);
  });
}

// "/" and "/console": which page a session (or its absence) gets.
asio::awaitable<Response> page(RouteContext c, std::optional<std::string> cookie, bool console) {
  bool logged_in = false;
  if (cookie) {
    const int idle = c.config->web_listener->idle_timeout_s;
    logged_in = co_await c.pool->run([&](pqxx::connection& db) { return session_viewer(db, *cookie, idle).has_value(); });
  }
  if (console) co_return logged_in ? asset_response("app.html") : redirect_response("/");
  co_return logged_in ? redirect_response("/console") : asset_response("login.html");
}

asio::awaitable<Response> dispatch(Request request, RouteContext c) {
  const auto target = parse_target(view_of(request.target()));
  const auto& path = target.path;
  const auto cookie = session_cookie_of(request);
  const bool get = request.method() == http::verb::get || request.method() == http::verb::head;
  const bool post = request.method() == http::verb::post;
  if (path.rfind("/api/", 0) == 0 && (get || post)) co_return co_await api(std::move(request), c, cookie);
  if (get && path.rfind("/assets/", 0) == 0) co_return asset_response(path.substr(8));
  if (get && (path == "/" || path == "/console")) co_return co_await page(c, cookie, path == "/console");
  if (post && path == "/login") co_return co_await login(std::move(request), c);
  if (post && path == "/logout") {
    if (!cookie) co_return redirect_response("/");
    co_return co_await logout(std::move(request), c, *cookie);
  }
  if (get || post) co_return error_response(http::status::not_found, "not_found", "no such page");
  co_return error_response(http::status::method_not_allowed, "bad_request", "GET or POST only");
}

}  // namespace

asio::awaitable<Response> route(Request request, RouteContext context) {
  Response response;
  try {
    response = co_await dispatch(std::move(request), context);
  } catch (const journal::DatabaseUnavailable&) {
    response = error_response(http::status::service_unavailable, "unavailable", "the database is unavailable");
  } catch (const std::exception& e) {
    spdlog::error("console: request from {} failed: {}", context.peer, e.what());
    response = error_response(http::status::internal_server_error, "internal", "the request failed (see the log)");
  }
  add_security_headers(response, context.tls);
  co_return response;
}

}  // namespace mstation::web
