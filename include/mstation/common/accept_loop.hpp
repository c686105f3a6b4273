#pragma once
// The accept loop of the HTTP listeners (admin, web console): opens the
// listening socket, then accepts until the acceptor is closed, each socket
// on a strand of its own, backing off when accepting fails for want of
// resources (AcceptBackoff). The terminal listener has its own loop: it
// counts failures in its metrics and drains.
#include <spdlog/spdlog.h>

#include <string_view>

#include "mstation/common/accept_backoff.hpp"

namespace mstation {

inline void listen_on(asio::ip::tcp::acceptor& acceptor, const asio::ip::tcp::endpoint& endpoint) {
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen();
}

#ifndef MSTATION_NO_COROUTINES
// `acceptor` and `io` outlive the loop (the listener owns the one and is
// stopped before the other); `on_socket(socket)` starts serving it.
template <typename OnSocket>
asio::awaitable<void> accept_until_closed(asio::ip::tcp::acceptor& acceptor, asio::io_context& io,
                                          std::string_view listener, OnSocket on_socket) {
  AcceptBackoff backoff;
  while (acceptor.is_open()) {
    boost::system::error_code ec;
    auto socket = co_await acceptor.async_accept(asio::make_strand(io), asio::redirect_error(asio::use_awaitable, ec));
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) break;
    if (ec) {
      const auto pause = backoff.after_failure(ec);
      if (pause.count() > 0) {
        spdlog::warn("{}: accept failed: {} (accepting again in {} ms)", listener, ec.message(), pause.count());
        co_await pause_accepting(pause);
      }
      continue;
    }
    backoff.succeeded();
    on_socket(std::move(socket));
  }
}
#endif

}  // namespace mstation
