#pragma once
// The store-and-forward worker (design.md §2), one in every instance, running
// saf.concurrency loops at once (default 4) so that a backlog after an SG186
// outage drains within the same-day reversal window. Each loop claims
// one due entry of mstation.saf_entry at a time with a lease (FOR UPDATE SKIP
// LOCKED, no lock held across the exchange) — the same claim that keeps
// several instances apart keeps the loops apart — resends its exact bytes through the
// SG186 link, and records the outcome (saf/saf_outcome). Entries of a dead
// instance come back when their lease expires. Loop 0 also settles business
// records a dead process left pending (txn::settle_abandoned) and publishes
// the backlog. /metrics: mstation_saf_*.
#include <chrono>
#include <memory>
#include <vector>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/config/config.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/saf/saf_outcome.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/server/sg186_link.hpp"
#include "mstation/txn/settings.hpp"

namespace mstation::server {

class SafWorker {
 public:
  // `settings`: the request pipeline's (agency, timeouts) for the requests it queues.
  SafWorker(asio::io_context& io, const config::Config& config, txn::Settings settings, Sg186Link& link,
            DbPool& pool, journal::Committer& writes, admin::Metrics& metrics);
  void start();
  void stop();

  // One pass of loop `worker`: claim what is due, send it, record the
  // outcome. Returns how many entries were tried.
  asio::awaitable<int> pass(int worker);
  int concurrency() const { return concurrency_; }
  LoopTimer& timer(int worker) { return *timers_[static_cast<std::size_t>(worker)]; }
  bool stopping() const { return timers_.front()->stopping(); }  // stop() stops every loop's timer

 private:
  asio::awaitable<void> settle_abandoned();
  asio::awaitable<void> attempt(store::SafEntry entry);
  asio::awaitable<void> publish_backlog();

  std::string instance_;
  std::chrono::seconds lease_;
  saf::Limits limits_;
  int concurrency_;
  std::chrono::seconds abandoned_after_;
  txn::Settings settings_;
  Sg186Link& link_;
  DbPool& pool_;
  journal::Committer& writes_;
  admin::Metrics& metrics_;
  std::vector<std::unique_ptr<LoopTimer>> timers_;  // one per loop, each loop on its strand
};

void describe_saf_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
