#include "mstation/admin/admin_server.hpp"

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <spdlog/spdlog.h>

#include "mstation/common/accept_loop.hpp"
#include "mstation/common/spawn.hpp"

namespace mstation::admin {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;

using namespace std::chrono_literals;

http::response<http::string_body> respond(const http::request<http::string_body>& request, Metrics& metrics,
                                          const AdminServer::Hooks& hooks) {
  http::response<http::string_body> response;
  response.version(request.version());
  response.keep_alive(false);
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  const auto target = std::string(request.target());
  if (request.method() != http::verb::get) {
    response.result(http::status::method_not_allowed);
    response.body() = "GET only\n";
  } else if (target == "/metrics") {
    if (hooks.refresh) hooks.refresh(metrics);
    response.set(http::field::content_type, "text/plain; version=0.0.4; charset=utf-8");
    response.body() = metrics.render();
  } else if (target == "/healthz") {
    response.body() = "ok\n";
  } else if (target == "/readyz") {
    const bool ready = !hooks.ready || hooks.ready();
    response.result(ready ? http::status::ok : http::status::service_unavailable);
    response.body() = ready ? "ready\n" : "database unreachable\n";
  } else {
    response.result(http::status::not_found);
    response.body() = "try /metrics, /healthz or /readyz\n";
  }
  response.prepare_payload();
  return response;
}

// Arguments by value: a coroutine must not hold references to the caller's frame.
asio::awaitable<void> serve_admin(asio::ip::tcp::socket socket, Metrics* metrics, AdminServer::Hooks hooks) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  http::request_parser<http::string_body> parser;
  parser.body_limit(4096);  // requests carry no body
  boost::system::error_code ec;
  stream.expires_after(5s);
  co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  auto response = respond(parser.get(), *metrics, hooks);
  stream.expires_after(5s);
  co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace

AdminServer::AdminServer(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, Metrics& metrics, Hooks hooks)
    : io_(io), acceptor_(io), metrics_(metrics), hooks_(std::move(hooks)) {
  listen_on(acceptor_, endpoint);
}

void AdminServer::start() { asio::co_spawn(io_, accept_loop(), LogCoroutineFailure("admin accept loop")); }

void AdminServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
}

asio::awaitable<void> AdminServer::accept_loop() {
  co_await accept_until_closed(acceptor_, io_, "admin listener", [this](asio::ip::tcp::socket socket) {
    auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_admin(std::move(socket), &metrics_, hooks_), LogCoroutineFailure("admin request"));
  });
}

}  // namespace mstation::admin
