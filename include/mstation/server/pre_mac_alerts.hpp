#pragma once
// Turns what the pre-MAC limiter (txn/pre_mac_limiter.hpp) counted instead of
// journaling into something ops see: every 10 s, for each address with frames
// suppressed, a warning alert `pre_mac_flood` (once while it is open) and a
// log line with the count. The metric mstation_frames_unjournaled_total is
// counted where the frames are dropped.
#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/common/address_window_limiter.hpp"

namespace mstation::server {

class PreMacAlerts {
 public:
  PreMacAlerts(asio::io_context& io, DbPool& pool, AddressWindowLimiter& limiter);
  void start();
  void stop();
  // One round now: the addresses alerted or logged.
  asio::awaitable<std::size_t> flush_once();

 private:
  asio::awaitable<void> loop();

  DbPool& pool_;
  AddressWindowLimiter& limiter_;
  LoopTimer timer_;
};

}  // namespace mstation::server
