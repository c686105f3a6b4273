#pragma once
// The admin listener (loopback): GET /metrics (Prometheus text), /healthz
// (the event loop answers), /readyz (200 when the database is reachable).
// SG186's state is in the metrics but does not decide readiness: every
// instance shares the same SG186.
#include <functional>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/asio.hpp"

namespace mstation::admin {

class AdminServer {
 public:
  struct Hooks {
    std::function<bool()> ready;           // database reachable?
    std::function<void(Metrics&)> refresh;  // update gauges before /metrics renders
  };

  AdminServer(asio::io_context& io, const asio::ip::tcp::endpoint& endpoint, Metrics& metrics, Hooks hooks);
  asio::ip::tcp::endpoint local_endpoint() const { return acceptor_.local_endpoint(); }
  void start();
  void stop();

 private:
  asio::awaitable<void> accept_loop();

  asio::io_context& io_;
  asio::ip::tcp::acceptor acceptor_;
  Metrics& metrics_;
  Hooks hooks_;
};

}  // namespace mstation::admin
