#include "mstation/recon/reconciler.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>
#include <memory>
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
  Run(const config::Config& config, const RunOptions& options) : config_(config), options_(options) {}

  RunOutcome go() {
    const auto started = Clock::now();
    for (int attempt = 1;; ++attempt) {
      try {
        check_stop();
        if (attempt > 1) pause(wait_backoff(attempt));
        connect();
        if (options_.once_per_date && has_run()) return already_done();
        return once(started);
      } catch (const ReconFailure& f) {
        if (!retry(f.retryable(), attempt)) return give_up(f.what(), f.kind() != Kind::stopped);
        drop_connection();  // the date's lock is not held while waiting: a run by hand may go first
        spdlog::info("reconciliation of {}: {} ({}); trying again in {} s", date_text(), f.what(), to_string(f.kind()),
                     wait_backoff(attempt + 1).count());
      } catch (const pqxx::in_doubt_error& e) {
        // Never retried: a commit in doubt may have stored the run. A rerun is safe, but is for people to decide.
        return give_up(std::string("a commit is in doubt (the run may be stored: look in mstation.recon_run): ") +
                           e.what(),
                       true);
      } catch (const pqxx::broken_connection& e) {
        drop_connection();
        if (!retry(true, attempt)) return give_up(std::string("database: ") + e.what(), true);
        spdlog::warn("reconciliation of {}: database connection lost ({}); trying again", date_text(), e.what());
      } catch (const pqxx::transaction_rollback& e) {  // deadlock, serialization failure: nothing was stored
        if (!retry(true, attempt)) return give_up(std::string("database: ") + e.what(), true);
        spdlog::warn("reconciliation of {}: {}; trying again", date_text(), e.what());
      } catch (const std::exception& e) {
        return give_up(e.what(), true);
      }
    }
  }

 private:
  std::string date_text() const { return txn::iso_date(options_.date); }

  bool retry(bool retryable, int attempt) const {
    return options_.wait && retryable && Clock::now() + wait_backoff(attempt + 1) <= options_.give_up_at;
  }

  void say(const std::string& line) const {
    if (options_.progress) options_.progress(line);
  }

  void check_stop() const {
    if (options_.stopping && options_.stopping()) throw ReconFailure(Kind::stopped, "the daemon is stopping");
  }

  void pause(std::chrono::seconds how_long) const {
    const auto until = std::chrono::steady_clock::now() + how_long;
    while (std::chrono::steady_clock::now() < until) {
      check_stop();
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }

  // A connection holding the date's advisory lock (a session lock: it ends with the connection).
  void connect() {
    if (connection_) return;
    auto c = std::make_unique<pqxx::connection>(config_.database.conninfo);
    pqxx::nontransaction tx(*c);
    const bool got =
        tx.exec_params1("SELECT pg_try_advisory_lock($1, $2)", lock_class, static_cast<int>(options_.date))[0].as<bool>();
    if (!got) throw ReconFailure(Kind::busy, fmt::format("another reconciliation of {} is running", date_text()));
    connection_ = std::move(c);
    writes_ = std::make_unique<journal::DirectCommitter>(*connection_, recon_chain);
  }

  void drop_connection() {
    writes_.reset();
    connection_.reset();
  }

  bool has_run() {
    pqxx::read_transaction tx(*connection_);
    return !tx.exec_params("SELECT 1 FROM mstation.recon_run WHERE business_date = $1::date LIMIT 1", date_text())
                .empty();
  }

  static RunOutcome already_done() {
    RunOutcome out;
    out.exit_status = exit_agreed;
    out.already_done = true;
    return out;
  }

  Statement download() {
    say(fmt::format("reconcile {}: asking SG186 for the statement", date_text()));
    JournaledExchange link(config_, *writes_);
    writes_->set_durable(false);  // see journaled_exchange.hpp
    auto statement = download_statement(link, options_.date, [&](std::uint64_t got, std::uint64_t total) {
      check_stop();
      say(fmt::format("reconcile {}: statement {:.1f} of {:.1f} MB", date_text(), static_cast<double>(got) / 1e6,
                      static_cast<double>(total) / 1e6));
    });
    link.flush();
    writes_->set_durable(true);
    return statement;
  }

  RunOutcome once(TimePoint started) {
    auto phase = std::chrono::steady_clock::now();
    const auto lap = [&] {
      const auto now = std::chrono::steady_clock::now();
      const auto seconds = std::chrono::duration<double>(now - phase).count();
      phase = now;
      return seconds;
    };
    const auto statement = download();
    spdlog::info("reconcile {}: statement of {} bytes in {:.2f} s", date_text(), statement.text.size(), lap());
    say(fmt::format("reconcile {}: matching {} bytes of statement", date_text(), statement.text.size()));
    Report report;
    writes_->commit([&](pqxx::transaction_base& tx, std::vector<journal::Entry>& journal) {
      auto m = match_day(tx, statement, options_.date, [&] { check_stop(); });
      spdlog::info("reconcile {}: lines loaded and matched in {:.2f} s", date_text(), lap());
      m.report.agency = config_.station.agency_code;
      m.report.file_name = statement.summary.file_name;
      m.report.file_size = statement.summary.file_size;
      m.report.file_sha256 = to_hex(statement.sha256);
      auto settled = settle_decisions(tx, m.decisions, txn::no_original_alive_after(config_), m.report.open, journal);
      m.report.settled = std::move(settled.settled);
      rejudge(tx, options_.date, std::move(settled.touched), m);  // the report says how things stand now
      m.report.station = station_totals(tx, options_.date);
      spdlog::info("reconcile {}: {} settled in {:.2f} s", date_text(), m.report.settled.size(), lap());
      store_run(tx, m.report, statement, {options_.run_by, started}, journal);
      report = std::move(m.report);
    });
    spdlog::info("reconcile {}: run {} stored in {:.2f} s", date_text(), report.run_id, lap());
    RunOutcome out;
    out.exit_status = report.agreed() ? exit_agreed : exit_discrepancies;
    try {
      write_report_files(config_.reconcile.report_dir, report);
    } catch (const std::exception& e) {
      out.warning = fmt::format("run {} is stored, but its report files were not written: {}", report.run_id, e.what());
      spdlog::error("reconciliation of {}: {}", date_text(), out.warning);
    }
    out.report = std::move(report);
    return out;
  }

  RunOutcome give_up(const std::string& why, bool alert) {
    RunOutcome out;
    out.failure = fmt::format("reconciliation of {} did not complete: {}", date_text(), why);
    if (options_.wait) out.failure += fmt::format(" (gave up at {})", iso8601_china(Clock::now()));
    if (options_.wait && alert) raise_gave_up(out.failure);
    return out;
  }

  void raise_gave_up(const std::string& message) {
    try {
      pqxx::connection c(config_.database.conninfo);  // the run's own may be the one that broke
      pqxx::work tx(c);
      store::raise_alert(tx, store::Severity::critical, "recon_gave_up", date_text(), message);
      tx.commit();
    } catch (const std::exception& e) {
      spdlog::error("reconciliation of {}: the alert could not be raised: {}", date_text(), e.what());
    }
  }

  const config::Config& config_;
  const RunOptions& options_;
  std::unique_ptr<pqxx::connection> connection_;
  std::unique_ptr<journal::DirectCommitter> writes_;
};

}  // namespace

RunOutcome reconcile(const config::Config& config, const RunOptions& options) {
  try {
    return Run(config, options).go();
  } catch (const std::exception& e) {
    // Connecting failed before a run began (Run's members), or the alert did.
    RunOutcome out;
    out.failure = fmt::format("reconciliation of {} did not complete: {}", txn::iso_date(options.date), e.what());
    return out;
  }
}

}  // namespace mstation::recon
