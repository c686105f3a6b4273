#pragma once
// The web console's listener (web_listener{address, port, tls}): Boost.Beast
// HTTP/1.1 with keep-alive, over TLS (OpenSSL) when web_listener.tls names
// a certificate and key, plain otherwise (behind a TLS reverse proxy).
// Every read, write and handshake has a deadline; requests are bounded in
// size before anything is allocated for them (too large: 431 or 413, then
// closed), and connections and logins are bounded per address
// (console_guard.hpp). HEAD is answered as GET without the body. The pages and assets are
// answered on the event loop; everything that needs the database runs on
// the console's own database threads (`pool`, connected as
// database.admin_conninfo), so a slow console never delays a terminal.
#include <memory>

#include "mstation/common/asio.hpp"
#include "mstation/config/config.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/web/console_guard.hpp"

namespace boost::asio::ssl {
class context;
}

namespace mstation::web {

class WebServer {
 public:
  // Throws std::runtime_error naming the file if the certificate or key cannot be loaded.
  WebServer(asio::io_context& io, const config::Config& config, server::DbPool& pool);
  ~WebServer();
  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  bool tls() const { return tls_context_ != nullptr; }
  void start();
  void stop();

 private:
  asio::awaitable<void> accept_loop();

  asio::io_context& io_;
  const config::Config& config_;
  server::DbPool& pool_;
  ConsoleGuard guard_;
  std::unique_ptr<asio::ssl::context> tls_context_;
  asio::ip::tcp::acceptor acceptor_;
};

}  // namespace mstation::web
