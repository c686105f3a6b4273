#pragma once
// The store-and-forward worker (design.md §2), one in every instance: claims
// due entries of mstation.saf_entry with a lease (FOR UPDATE SKIP LOCKED, no
// lock held across the exchange), resends each one's exact bytes through the
// SG186 link, and records the outcome (saf/saf_outcome). Entries of a dead
// instance come back when their lease expires. It also settles business
// records a dead process left pending (txn::settle_abandoned). /metrics:
// mstation_saf_*.
#include <chrono>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/asio.hpp"
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

  // One pass: claim what is due, send it, record the outcomes. Returns how many entries were tried.
  asio::awaitable<int> pass();
  asio::steady_timer& timer() { return timer_; }
  bool stopping() const { return stopping_; }

 private:
  asio::awaitable<void> settle_abandoned();
  asio::awaitable<void> attempt(store::SafEntry entry);
  asio::awaitable<void> publish_backlog();

  asio::io_context& io_;
  std::string instance_;
  std::chrono::seconds lease_;
  saf::Limits limits_;
  std::chrono::seconds abandoned_after_;
  txn::Settings settings_;
  Sg186Link& link_;
  DbPool& pool_;
  journal::Committer& writes_;
  admin::Metrics& metrics_;
  asio::steady_timer timer_;
  bool stopping_ = false;
};

void describe_saf_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
