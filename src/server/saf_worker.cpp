#include "mstation/server/saf_worker.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/transaction>

#include "mstation/common/spawn.hpp"
#include "mstation/sg186/codes.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/sg186_serial.hpp"
#include "mstation/txn/business.hpp"

namespace mstation::server {
namespace {

constexpr std::chrono::seconds poll_interval{1};
// One at a time per loop: each entry's lease covers its own exchange only.
constexpr int claim_batch = 1;
constexpr int abandoned_batch = 16;

asio::awaitable<void> worker_loop(SafWorker* worker, int index) {
  while (!worker->stopping()) {
    int tried = 0;
    try {
      tried = co_await worker->pass(index);
    } catch (const std::exception& e) {
      spdlog::warn("saf worker: {}", e.what());  // the database is down: try again next turn
    }
    if (tried == claim_batch) continue;  // more may be due
    const bool go_on = co_await worker->timer(index).pause(poll_interval);
    if (!go_on) break;
  }
}

const char* verdict_label(saf::Verdict v) {
  switch (v) {
    case saf::Verdict::done: return "done";
    case saf::Verdict::manual: return "manual";
    case saf::Verdict::retry: return "retry";
  }
  return "?";
}

}  // namespace

void describe_saf_metrics(admin::Metrics& m) {
  using T = admin::Metrics::Type;
  m.describe("mstation_saf_attempts_total", T::counter, "Store-and-forward attempts by purpose, SG186 TXN and verdict");
  m.describe("mstation_saf_queued", T::gauge, "Store-and-forward entries waiting (all instances)");
  m.describe("mstation_saf_manual", T::gauge, "Store-and-forward entries that ended as manual (all instances)");
  m.describe("mstation_saf_oldest_queued_seconds", T::gauge, "Age of the oldest waiting store-and-forward entry");
  m.describe("mstation_saf_abandoned_settled_total", T::counter,
             "Business transactions found pending long after their process died, settled as in doubt");
}

SafWorker::SafWorker(asio::io_context& io, const config::Config& config, txn::Settings settings, Sg186Link& link,
                     DbPool& pool, journal::Committer& writes, admin::Metrics& metrics)
    : instance_(config.station.instance),
      // Long enough for one exchange and its journal commits; an entry of a dead instance waits this long.
      lease_(std::chrono::seconds(30) +
             std::chrono::ceil<std::chrono::seconds>(std::chrono::milliseconds(config.sg186.exchange_timeout_ms))),
      limits_{config.saf.max_attempts, std::chrono::seconds(config.saf.max_backoff_s),
              std::chrono::seconds(config.saf.alert_after_s)},
      concurrency_(config.saf.concurrency),
      abandoned_after_(txn::no_original_alive_after(config)),
      settings_(std::move(settings)),
      link_(link),
      pool_(pool),
      writes_(writes),
      metrics_(metrics) {
  for (int i = 0; i < concurrency_; ++i) timers_.push_back(std::make_unique<LoopTimer>(io));
}

void SafWorker::start() {
  for (int i = 0; i < concurrency_; ++i) {
    asio::co_spawn(timers_[static_cast<std::size_t>(i)]->executor(), worker_loop(this, i),
                   LogCoroutineFailure("saf worker"));
  }
}

void SafWorker::stop() {
  for (auto& t : timers_) t->stop();
}

asio::awaitable<int> SafWorker::pass(int worker) {
  if (worker == 0) co_await settle_abandoned();
  auto due = co_await pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    auto claimed = store::claim_saf(tx, instance_, lease_, claim_batch);
    tx.commit();  // the lease, not a lock, keeps other instances away during the exchange
    return claimed;
  });
  const int tried = static_cast<int>(due.size());
  for (auto& entry : due) {
    if (stopping()) break;
    co_await attempt(std::move(entry));
  }
  if (worker == 0) co_await publish_backlog();
  co_return tried;
}

// Records left pending longer than any live original could take are settled
// as in doubt (their reversal or resend queued) in a commit of their own.
asio::awaitable<void> SafWorker::settle_abandoned() {
  const int settled = co_await pool_.run([&](pqxx::connection&) {
    int n = 0;
    writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>&) {
      for (auto& t : store::lock_abandoned(tx, abandoned_after_, abandoned_batch)) {
        spdlog::warn("business transaction {} (terminal {} SEQ {} TXN {}) abandoned pending: settled as in doubt",
                     t.txn_id, t.request.tid, t.request.seq, t.txn);
        txn::settle_abandoned(tx, settings_, Clock::now(), std::move(t));
        ++n;
      }
    });
    return n;
  });
  if (settled > 0) metrics_.add("mstation_saf_abandoned_settled_total", {}, settled);
}

asio::awaitable<void> SafWorker::attempt(store::SafEntry entry) {
  sg186::NumberedRequest request;
  request.txn_code = static_cast<unsigned>(std::stoul(entry.sg186_txn));
  request.serial = entry.sg186_serial;
  request.bytes = entry.request;
  const auto call = co_await link_.send(request, store::serial_number(entry.sg186_serial), Sg186Link::Journaled::not_yet);
  const auto verdict = co_await pool_.run([&](pqxx::connection&) {
    saf::Verdict v = saf::Verdict::retry;
    writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>&) {
      v = saf::apply(tx, entry, instance_, call.result, limits_);
    });
    return v;
  });
  metrics_.add("mstation_saf_attempts_total",
               {{"purpose", entry.purpose}, {"txn", entry.sg186_txn}, {"verdict", verdict_label(verdict)}});
  spdlog::info("saf {} {} serial {} txn_id {} attempt {}: {} → {}", entry.purpose, entry.sg186_txn,
               entry.sg186_serial, entry.txn_id, entry.attempts + 1,
               call.result.answer ? call.result.answer->header.rsp_code : sg186::to_string(call.result.kind),
               verdict_label(verdict));
}

asio::awaitable<void> SafWorker::publish_backlog() {
  const auto backlog = co_await pool_.run([](pqxx::connection& c) {
    pqxx::read_transaction tx(c);
    return store::saf_backlog(tx);
  });
  metrics_.set("mstation_saf_queued", {}, static_cast<double>(backlog.queued));
  metrics_.set("mstation_saf_manual", {}, static_cast<double>(backlog.manual));
  metrics_.set("mstation_saf_oldest_queued_seconds", {}, static_cast<double>(backlog.oldest_queued_s));
}

}  // namespace mstation::server
