#pragma once
// The daemon's fourth job (design.md §1): from reconcile.time (UTC+8) it
// reconciles the previous business date as `mstation reconcile --wait`
// would, until reconcile.give_up_at. The run blocks, so it has a thread of
// its own; one instance does it (the date's advisory lock, and a date that
// already has a run — nightly or by hand — is not run again). /metrics:
// mstation_recon_*; one log line per run.
#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <thread>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/asio.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/config/config.hpp"
#include "mstation/recon/reconciler.hpp"

namespace mstation::server {

class NightlyReconciler {
 public:
  // `clock`: the time the schedule follows (tests move it); checked every `tick`.
  NightlyReconciler(asio::io_context& io, const config::Config& config, admin::Metrics& metrics,
                    std::function<TimePoint()> clock, std::chrono::seconds tick = std::chrono::seconds(30));
  ~NightlyReconciler();
  void start();
  // Stops waiting and joins a run in progress: it stops between two statement
  // chunks or two batches of pairs (at most one SG186 exchange), or finishes its final commit.
  void stop();

 private:
  void check();
  void schedule();
  void run(std::uint32_t date);
  void publish(std::uint32_t date, const recon::RunOutcome& outcome);

  const config::Config& config_;
  admin::Metrics& metrics_;
  std::function<TimePoint()> clock_;
  std::chrono::seconds tick_;
  asio::steady_timer timer_;
  std::mutex mutex_;  // worker_: check() and stop() may run on different io threads
  std::thread worker_;
  std::atomic<bool> running_{false};
  std::atomic<bool> stopping_{false};
  std::uint32_t done_for_ = 0;  // the last date this process ran (or found run)
};

void describe_recon_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
