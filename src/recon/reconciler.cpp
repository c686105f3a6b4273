#include "mstation/recon/reconciler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <thread>

#include "mstation/common/hex.hpp"
#include "mstation/journal/committer.hpp"
#include "mstation/recon/journaled_exchange.hpp"
#include "mstation/recon/matcher.hpp"
#include "mstation/recon/recon_failure.hpp"
#include "mstation/recon/report_files.hpp"
#include "mstation/recon/run_store.hpp"
#include "mstation/recon/schedule.hpp"
#include "mstation/recon/settler.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/txn/settings.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::recon {
namespace {

using Kind = ReconFailure::Kind;

// The reconciliation journal chain: the statement exchanges, the settlements and the runs.
constexpr const char* recon_chain = "recon";
// pg_try_advisory_lock(int, int): this class, the date.
constexpr int lock_class = 0x7265636E;  // "recn"

class Run {
 public:
  Run(const config::Config& config, const RunOptions& options)
      : config_(config), options_(options), connection_(config.database.conninfo), writes_(connection_, recon_chain) {}

  RunOutcome go() {
    const auto started = Clock::now();
    for (int attempt = 1;; ++attempt) {
      try {
        if (attempt > 1) pause(wait_backoff(attempt));
        if (!locked_) lock();
        if (options_.once_per_date && has_run()) return already_done();
        auto report = once(started);
        return {report.agreed() ? exit_agreed : exit_discrepancies, std::move(report), {}};
      } catch (const ReconFailure& f) {
        if (!options_.wait || !f.retryable() || Clock::now() + wait_backoff(attempt + 1) > options_.give_up_at) {
          return give_up(f);
        }
        spdlog::info("reconciliation of {}: {} ({}); trying again in {} s", date_text(), f.what(), to_string(f.kind()),
                     wait_backoff(attempt + 1).count());
      }
    }
  }

 private:
  std::string date_text() const { return txn::iso_date(options_.date); }

  void say(const std::string& line) const {
    if (options_.progress) options_.progress(line);
  }

  void pause(std::chrono::seconds how_long) {
    const auto until = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < until) {
      if (options_.stopping && options_.stopping()) throw ReconFailure(Kind::stopped, "stopping");
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  void lock() {
    pqxx::nontransaction tx(connection_);
    const bool got = tx.exec_params1("SELECT pg_try_advisory_lock($1, $2)", lock_class,
                                     static_cast<int>(options_.date))[0]
                         .as<bool>();
    if (!got) throw ReconFailure(Kind::busy, fmt::format("another reconciliation of {} is running", date_text()));
    locked_ = true;  // a session lock: it ends with the connection
  }

  bool has_run() {
    pqxx::read_transaction tx(connection_);
    return !tx.exec_params("SELECT 1 FROM mstation.recon_run WHERE business_date = $1::date LIMIT 1", date_text())
                .empty();
  }

  static RunOutcome already_done() {
    RunOutcome out;
    out.exit_status = exit_agreed;
    out.already_done = true;
    return out;
  }

  Report once(TimePoint started) {
    say(fmt::format("reconcile {}: asking SG186 for the statement", date_text()));
    JournaledExchange link(config_, writes_);
    writes_.set_durable(false);  // see journaled_exchange.hpp
    const auto statement = download_statement(link, options_.date, [&](std::uint64_t got, std::uint64_t total) {
      say(fmt::format("reconcile {}: statement {:.1f} of {:.1f} MB", date_text(), static_cast<double>(got) / 1e6,
                      static_cast<double>(total) / 1e6));
    });
    writes_.set_durable(true);
    say(fmt::format("reconcile {}: matching {} bytes of statement", date_text(), statement.text.size()));
    Report report;
    writes_.commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>& journal) {
      auto m = match_day(tx, statement, options_.date);
      m.report.agency = config_.station.agency_code;
      m.report.file_name = statement.summary.file_name;
      m.report.file_size = statement.summary.file_size;
      m.report.file_sha256 = to_hex(statement.sha256);
      m.report.settled = settle_decisions(tx, m.decisions, txn::no_original_alive_after(config_), m.report.open, journal);
      store_run(tx, m.report, statement, {options_.run_by, started}, journal);
      report = std::move(m.report);
    });
    write_report_files(config_.reconcile.report_dir, report);
    return report;
  }

  RunOutcome give_up(const ReconFailure& f) {
    RunOutcome out;
    out.failure = fmt::format("reconciliation of {} did not complete: {}", date_text(), f.what());
    if (options_.wait && f.kind() != Kind::stopped) {
      out.failure += fmt::format(" (gave up at {})", iso8601_china(options_.give_up_at));
      try {
        pqxx::work tx(connection_);
        store::raise_alert(tx, store::Severity::critical, "recon_gave_up", date_text(), out.failure);
        tx.commit();
      } catch (const std::exception& e) {
        spdlog::error("reconciliation of {}: the alert could not be raised: {}", date_text(), e.what());
      }
    }
    return out;
  }

  const config::Config& config_;
  const RunOptions& options_;
  pqxx::connection connection_;
  journal::DirectCommitter writes_;
  bool locked_ = false;
};

}  // namespace

RunOutcome reconcile(const config::Config& config, const RunOptions& options) {
  try {
    return Run(config, options).go();
  } catch (const std::exception& e) {
    // The database, or the report files: nothing more to try.
    RunOutcome out;
    out.failure = fmt::format("reconciliation of {} did not complete: {}", txn::iso_date(options.date), e.what());
    return out;
  }
}

}  // namespace mstation::recon
