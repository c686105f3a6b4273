#include "mstation/web/web_server.hpp"

#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <type_traits>

#include "mstation/common/accept_loop.hpp"
#include "mstation/common/spawn.hpp"
#include "mstation/web/console_routes.hpp"

namespace mstation::web {
namespace {

namespace beast = boost::beast;
using namespace std::chrono_literals;

constexpr auto handshake_deadline = 10s;
constexpr auto request_deadline = 30s;  // a whole request, headers and body, from its first byte
constexpr auto write_deadline = 30s;
constexpr std::uint32_t header_limit = 16 * 1024;
constexpr std::uint64_t body_limit = 64 * 1024;  // the largest POST: a login form or a reason
constexpr int requests_per_connection = 1000;
constexpr auto linger_deadline = 5s;                  // after a refusal (linger_after_refusal)
constexpr std::size_t linger_limit = 1024 * 1024;

using ConnectionSlot = std::unique_ptr<server::ConnectionLimits::Slot>;

std::unique_ptr<asio::ssl::context> tls_context_of(const config::Config& config) {
  if (!config.web_listener->tls) return nullptr;
  const auto& tls = *config.web_listener->tls;
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  context->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                       asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 | asio::ssl::context::no_tlsv1_1);
  boost::system::error_code ec;
  context->use_certificate_chain_file(tls.cert_file.string(), ec);
  if (ec) throw std::runtime_error("web_listener.tls.cert_file " + tls.cert_file.string() + ": " + ec.message());
  context->use_private_key_file(tls.key_file.string(), asio::ssl::context::pem, ec);
  if (ec) throw std::runtime_error("web_listener.tls.key_file " + tls.key_file.string() + ": " + ec.message());
  return context;
}

// Why a request could not be read, told to the client before the connection closes.
std::optional<Response> refusal_of(const boost::system::error_code& ec) {
  if (ec == http::error::header_limit) {
    return error_response(http::status::request_header_fields_too_large, "too_large", "request headers over 16 KiB");
  }
  if (ec == http::error::body_limit) {
    return error_response(http::status::payload_too_large, "too_large", "request body over 64 KiB");
  }
  return std::nullopt;
}

// A HEAD is answered as its GET would be, with the headers only.
template <typename Stream>
asio::awaitable<void> write_response(Stream& stream, Response& response, bool head_only, boost::system::error_code& ec) {
  response.prepare_payload();
  beast::get_lowest_layer(stream).expires_after(write_deadline);
  if (head_only) {
    http::response_serializer<http::string_body> serializer(response);
    co_await http::async_write_header(stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
  } else {
    co_await http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  }
}

// After a refusal the client may still be sending what we will not read;
// closing on unread bytes resets the connection and can destroy the answer
// before the client reads it. So (plain HTTP) the sending side is shut and
// the rest read and dropped, within bounds, before the close.
template <typename Stream>
asio::awaitable<void> linger_after_refusal(Stream& stream) {
  if constexpr (std::is_same_v<Stream, beast::tcp_stream>) {
    boost::system::error_code ec;
    stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
    stream.expires_after(linger_deadline);
    std::array<char, 16 * 1024> sink;
    for (std::size_t dropped = 0; !ec && dropped < linger_limit;) {
      dropped += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
    }
  }
}

// One read-until-complete loop per connection, plain or TLS alike.
template <typename Stream>
asio::awaitable<void> http_loop(Stream& stream, RouteContext context) {
  beast::flat_buffer buffer;
  for (int served = 0; served < requests_per_connection; ++served) {
    http::request_parser<http::string_body> parser;
    parser.header_limit(header_limit);
    parser.body_limit(body_limit);
    boost::system::error_code ec;
    beast::get_lowest_layer(stream).expires_after(request_deadline);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec == http::error::end_of_stream) co_return;
    if (ec) {
      if (auto refusal = refusal_of(ec)) {
        spdlog::warn("console: request from {} refused: {}", context.peer, ec.message());
        refusal->keep_alive(false);
        co_await write_response(stream, *refusal, false, ec);
        if (!ec) co_await linger_after_refusal(stream);
      }
      co_return;
    }
    auto request = parser.release();
    const bool keep_alive = request.keep_alive();
    const bool head = request.method() == http::verb::head;
    if (head) request.method(http::verb::get);
    auto response = co_await route(std::move(request), context);
    response.keep_alive(keep_alive);
    co_await write_response(stream, response, head, ec);
    if (ec || !keep_alive) co_return;
  }
}

// `slot` is the connection's place under the guard's limits, held to the end.
asio::awaitable<void> serve_plain(asio::ip::tcp::socket socket, RouteContext context, [[maybe_unused]] ConnectionSlot slot) {
  beast::tcp_stream stream(std::move(socket));
  co_await http_loop(stream, context);
  boost::system::error_code ec;
  stream.socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket, asio::ssl::context* tls, RouteContext context,
                                [[maybe_unused]] ConnectionSlot slot) {
  beast::ssl_stream<beast::tcp_stream> stream(beast::tcp_stream(std::move(socket)), *tls);
  boost::system::error_code ec;
  beast::get_lowest_layer(stream).expires_after(handshake_deadline);
  co_await stream.async_handshake(asio::ssl::stream_base::server, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;  // a scanner, or a browser that does not trust the certificate
  co_await http_loop(stream, context);
  beast::get_lowest_layer(stream).expires_after(handshake_deadline);
  co_await stream.async_shutdown(asio::redirect_error(asio::use_awaitable, ec));
}

}  // namespace

WebServer::WebServer(asio::io_context& io, const config::Config& config, server::DbPool& pool)
    : io_(io),
      config_(config),
      pool_(pool),
      guard_(*config.web_listener),
      tls_context_(tls_context_of(config)),
      acceptor_(io) {
  listen_on(acceptor_, {asio::ip::make_address(config.web_listener->address), config.web_listener->port});
}

WebServer::~WebServer() = default;

void WebServer::start() { asio::co_spawn(io_, accept_loop(), LogCoroutineFailure("console accept loop")); }

void WebServer::stop() {
  asio::post(acceptor_.get_executor(), [this] {
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  });
}

asio::awaitable<void> WebServer::accept_loop() {
  co_await accept_until_closed(acceptor_, io_, "console listener", [this](asio::ip::tcp::socket socket) {
    boost::system::error_code ec;
    const auto remote = socket.remote_endpoint(ec);
    if (ec) return;  // gone already
    RouteContext context{&config_, &pool_, &guard_, tls(), remote.address().to_string()};
    auto slot = guard_.admit_connection(context.peer);
    if (!slot) return;  // the socket closes as it goes out of scope
    auto executor = socket.get_executor();
    if (tls_context_) {
      asio::co_spawn(executor, serve_tls(std::move(socket), tls_context_.get(), context, std::move(slot)),
                     LogCoroutineFailure("console connection"));
    } else {
      asio::co_spawn(executor, serve_plain(std::move(socket), context, std::move(slot)),
                     LogCoroutineFailure("console connection"));
    }
  });
}

}  // namespace mstation::web
