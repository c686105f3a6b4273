#pragma once
// Keeps an eye on SG186 for the daemon: signs in (090) at the start of each
// business date — at start-up, then whenever the UTC+8 date turns — and
// raises an alert if SG186's accounting date differs from ours; sends a
// heartbeat (099) after heartbeat_interval_s without any exchange. Results
// go to /metrics (mstation_sg186_*). A failed sign-in is retried every tick.
#include <chrono>
#include <cstdint>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/server/sg186_link.hpp"

namespace mstation::server {

class Sg186Watch {
 public:
  Sg186Watch(asio::io_context& io, Sg186Link& link, DbPool& pool, admin::Metrics& metrics,
             std::chrono::seconds heartbeat_interval);
  void start();
  void stop();

  // One turn of the watch: what the loop does every tick.
  asio::awaitable<void> tick();
  LoopTimer& timer() { return timer_; }
  std::chrono::seconds tick_interval() const;

 private:
  asio::awaitable<void> sign_in(std::uint32_t today);
  asio::awaitable<void> heartbeat();
  asio::awaitable<void> alert_date_mismatch(std::uint32_t ours, std::uint32_t theirs);
  void set_up(bool up);

  Sg186Link& link_;
  DbPool& pool_;
  admin::Metrics& metrics_;
  std::chrono::seconds heartbeat_interval_;
  LoopTimer timer_;
  std::uint32_t signed_in_for_ = 0;
  std::chrono::steady_clock::time_point last_heartbeat_{};
};

}  // namespace mstation::server
