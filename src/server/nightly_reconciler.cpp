#include "mstation/server/nightly_reconciler.hpp"

#include <spdlog/spdlog.h>

#include "mstation/recon/schedule.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::server {

void describe_recon_metrics(admin::Metrics& m) {
  using T = admin::Metrics::Type;
  m.describe("mstation_recon_runs_total", T::counter,
             "Nightly reconciliation runs by result (agreed, discrepancies, incomplete, already_done)");
  m.describe("mstation_recon_last_run_timestamp_seconds", T::gauge, "Unix time the last nightly run ended");
  m.describe("mstation_recon_last_business_date", T::gauge, "Business date (YYYYMMDD) of the last nightly run");
  m.describe("mstation_recon_last_result", T::gauge, "Last nightly run: 0 agreed, 1 discrepancies, 2 incomplete");
  m.describe("mstation_recon_discrepancies", T::gauge, "Discrepancies the last nightly run found");
}

NightlyReconciler::NightlyReconciler(asio::io_context& io, const config::Config& config, admin::Metrics& metrics,
                                     std::function<TimePoint()> clock, std::chrono::seconds tick)
    : config_(config), metrics_(metrics), clock_(std::move(clock)), tick_(tick), timer_(io) {}

NightlyReconciler::~NightlyReconciler() { stop(); }

void NightlyReconciler::start() {
  if (config_.reconcile.nightly) check();
}

void NightlyReconciler::stop() {
  stopping_ = true;
  std::thread worker;
  {
    std::lock_guard lock(mutex_);
    timer_.cancel();
    worker = std::move(worker_);
  }
  if (worker.joinable()) worker.join();
}

void NightlyReconciler::schedule() {
  if (stopping_) return;
  timer_.expires_after(tick_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) check();
  });
}

void NightlyReconciler::check() {
  std::lock_guard lock(mutex_);
  if (stopping_) return;
  const auto due = recon::nightly_due(clock_(), config_.reconcile.time);
  if (due && *due != done_for_ && !running_) {
    if (worker_.joinable()) worker_.join();  // the previous run has ended (running_ is false)
    running_ = true;
    done_for_ = *due;
    worker_ = std::thread([this, date = *due] { run(date); });
  }
  schedule();
}

void NightlyReconciler::run(std::uint32_t date) {
  recon::RunOptions options;
  options.date = date;
  options.wait = true;
  options.give_up_at = recon::at_china_time(clock_(), config_.reconcile.give_up_at);
  options.run_by = "daemon:" + config_.station.instance;
  options.stopping = [this] { return stopping_.load(); };
  options.once_per_date = true;
  spdlog::info("reconcile {}: nightly run starting (gives up at {})", txn::iso_date(date),
               iso8601_china(options.give_up_at));
  const auto outcome = recon::reconcile(config_, options);
  publish(date, outcome);
  running_ = false;
}

void NightlyReconciler::publish(std::uint32_t date, const recon::RunOutcome& outcome) {
  const auto day = txn::iso_date(date);
  const char* result = outcome.already_done ? "already_done"
                       : !outcome.report    ? "incomplete"
                       : outcome.report->agreed() ? "agreed"
                                                  : "discrepancies";
  metrics_.add("mstation_recon_runs_total", {{"result", result}});
  if (outcome.already_done) {
    spdlog::info("reconcile {}: already reconciled (another instance or by hand); nothing to do", day);
    return;
  }
  metrics_.set("mstation_recon_last_run_timestamp_seconds", {},
               std::chrono::duration<double>(Clock::now().time_since_epoch()).count());
  metrics_.set("mstation_recon_last_business_date", {}, date);
  metrics_.set("mstation_recon_last_result", {}, outcome.exit_status);
  if (!outcome.report) {
    metrics_.set("mstation_recon_discrepancies", {}, 0);
    spdlog::error("reconcile {}: INCOMPLETE: {}", day, outcome.failure);
    return;
  }
  if (!outcome.warning.empty()) spdlog::error("reconcile {}: {}", day, outcome.warning);
  const auto& r = *outcome.report;
  metrics_.set("mstation_recon_discrepancies", {}, static_cast<double>(r.items.size()));
  const auto line = fmt::format("reconcile {}: {} — run {}, {} matched, {} discrepancies, {} settled, net {} txns {} fen",
                                day, r.result(), r.run_id, r.count(recon::Class::matched), r.items.size(),
                                r.settled.size(), r.station.count, r.station.amount_fen);
  if (r.agreed()) {
    spdlog::info("{}", line);
  } else {
    spdlog::warn("{}", line);
  }
}

}  // namespace mstation::server
