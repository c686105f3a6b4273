#pragma once
// The listener the handhelds connect to: allow-list and connection limits at
// accept, before a byte is read; one coroutine per admitted connection.
#include <atomic>
#include <functional>
#include <mutex>
#include <string>

#include "mstation/common/address_window_limiter.hpp"
#include "mstation/common/asio.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/server/services.hpp"

namespace mstation::server {

class TerminalServer {
 public:
  TerminalServer(asio::io_context& io, Services services);  // binds; throws if it cannot

  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  // Drain: no new connections; `idle` runs (once) when the last session ends.
  void stop_accepting(std::function<void()> idle);
  std::size_t in_flight() const { return in_flight_; }

 private:
  asio::awaitable<void> accept_loop();
  void admit(asio::ip::tcp::socket socket);
  bool rejected(asio::ip::tcp::socket& socket, const asio::ip::address& address);
  void log_rejection(const std::string& ip, const std::string& reason);
  void session_ended();

  asio::io_context& io_;
  Services services_;
  asio::ip::tcp::acceptor acceptor_;
  std::atomic<std::size_t> in_flight_{0};
  std::atomic<std::int64_t> next_exchange_id_;
  std::mutex mutex_;
  std::function<void()> idle_;
  bool draining_ = false;
  AddressWindowLimiter rejection_log_{1, std::chrono::minutes(1)};
};

}  // namespace mstation::server
