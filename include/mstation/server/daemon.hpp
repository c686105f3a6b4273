#pragma once
// `mstation serve`: everything the master station runs, started in order and
// stopped by draining (design.md §6).
//
// Start-up refuses, with a message naming the problem, when DES-EDE3 or AES
// fail their self-test in this OpenSSL, the KEK cannot be loaded, the
// allow-list is invalid, or a listener cannot bind. A database that is down
// is not a reason to refuse: the daemon keeps trying and answers nothing it
// cannot journal.
//
// Not ready (/readyz) while the database is unreachable or work has waited
// longer than database.commit_timeout_ms for a commit; the systemd watchdog
// stops being fed when work has waited database.watchdog_commit_s with no
// commit succeeding, so systemd restarts a daemon whose commits hang.
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "mstation/admin/admin_server.hpp"
#include "mstation/common/asio.hpp"
#include "mstation/config/config.hpp"
#include "mstation/journal/writer_lanes.hpp"
#include "mstation/keys/kek_source.hpp"
#include "mstation/server/checkpoint_writer.hpp"
#include "mstation/server/kek_watch.hpp"
#include "mstation/server/pre_mac_alerts.hpp"
#include "mstation/server/partition_watch.hpp"
#include "mstation/server/db_pool.hpp"
#include "mstation/server/nightly_reconciler.hpp"
#include "mstation/server/saf_worker.hpp"
#include "mstation/server/sg186_link.hpp"
#include "mstation/server/sg186_watch.hpp"
#include "mstation/server/terminal_server.hpp"
#include "mstation/web/web_server.hpp"

namespace mstation::server {

class Daemon {
 public:
  struct Options {
    bool handle_signals = true;  // SIGTERM/SIGINT drain, SIGHUP reloads; off for in-process tests
    std::size_t io_threads = 0;  // 0 = one per core
    std::function<TimePoint()> clock = Clock::now;  // what the nightly reconciliation follows (tests move it)
  };

  Daemon(config::Config config, Options options);
  ~Daemon();

  asio::ip::tcp::endpoint terminal_endpoint() const { return terminals_->local_endpoint(); }
  asio::ip::tcp::endpoint admin_endpoint() const { return admin_->local_endpoint(); }
  // The web console's, when web_listener is configured.
  std::optional<asio::ip::tcp::endpoint> web_endpoint() const;
  admin::Metrics& metrics() { return metrics_; }

  // Runs until drained; returns the exit status.
  int run();
  // Thread-safe: what SIGTERM and SIGHUP do.
  void request_drain();
  void reload();

 private:
  void on_signal(const boost::system::error_code& ec, int signal);
  void watch_signals();
  void start_watchdog();
  // /readyz: the database reachable and the writers' commits getting through.
  bool ready() const;
  // systemd's watchdog is fed only while commits get through (or none wait).
  bool commits_get_through() const;
  void finish();

  config::Config config_;
  Options options_;
  std::unique_ptr<keys::KekSource> kek_;
  admin::Metrics metrics_;
  asio::io_context io_;
  asio::signal_set signals_;
  asio::steady_timer watchdog_;
  std::unique_ptr<AllowlistHolder> allowlist_;
  std::unique_ptr<DbPool> pool_;
  std::unique_ptr<journal::WriterLanes> lanes_;
  std::unique_ptr<Sg186Link> sg186_;
  std::unique_ptr<Sg186Watch> sg186_watch_;
  std::unique_ptr<SafWorker> saf_worker_;
  std::unique_ptr<CheckpointWriter> checkpoints_;
  std::unique_ptr<PartitionWatch> partitions_;
  std::unique_ptr<NightlyReconciler> nightly_;
  std::unique_ptr<txn::RequestProcessor> processor_;
  std::unique_ptr<KekWatch> kek_watch_;
  std::unique_ptr<PreMacAlerts> pre_mac_alerts_;
  std::unique_ptr<TerminalServer> terminals_;
  std::unique_ptr<admin::AdminServer> admin_;
  std::unique_ptr<DbPool> console_pool_;  // the console's own, as database.admin_conninfo
  std::unique_ptr<web::WebServer> web_;
  std::atomic<bool> draining_{false};
};

}  // namespace mstation::server
