#include "mstation/server/daemon.hpp"

#include <pqxx/pqxx>

#include <atomic>
#include <csignal>

#include <spdlog/spdlog.h>

#include "mstation/common/ip_address.hpp"
#include "mstation/common/logging.hpp"
#include "mstation/config/loader.hpp"
#include "mstation/hhu/crypto.hpp"
#include "mstation/server/systemd_notify.hpp"
#include "mstation/store/serving_role.hpp"

namespace mstation::server {
namespace {

std::unique_ptr<keys::KekSource> load_kek_after_self_test(const config::Config& config) {
  std::string failure;
  if (!hhu::self_test(failure)) {
    throw std::runtime_error("refusing to start: the terminal ciphers fail their self-test in this OpenSSL (" + failure +
                             "); DES-EDE3 and AES-128 are required");
  }
  return std::make_unique<keys::KekSource>(config.keys.kek_file);
}

Allowlist load_allowlist(const config::Config& config) {
  auto loaded = Allowlist::load(config.allowlist_file);
  if (auto* why = std::get_if<std::string>(&loaded)) throw std::runtime_error("allow-list: " + *why);
  return std::get<Allowlist>(loaded);
}

asio::ip::tcp::endpoint admin_endpoint_of(const config::Config& config) {
  const auto address = parse_address(config.admin_listener.address);
  if (!address) throw std::runtime_error("admin_listener.address is not an IP address");
  return {*address, config.admin_listener.port};
}

}  // namespace

void describe_server_metrics(admin::Metrics& m) {
  using T = admin::Metrics::Type;
  m.describe("mstation_connections_accepted_total", T::counter, "Terminal connections admitted");
  m.describe("mstation_connections_rejected_total", T::counter,
             "Terminal connections closed at accept, by reason (allowlist, max_connections, max_connections_per_ip)");
  m.describe("mstation_frames_total", T::counter, "Frames answered, by TXN and response code");
  m.describe("mstation_frames_unanswered_total", T::counter,
             "Connections closed without an answer, by reason (bad_header, timeout, closed, not_answered)");
  m.describe("mstation_frames_unjournaled_total", T::counter,
             "Frames failing before their MAC past the per-address limit: closed, counted, not journaled");
  m.describe("mstation_request_seconds", T::histogram, "From accept to answer sent",
             {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30});
  m.describe("mstation_journal_batch_size", T::histogram, "Operations per group commit",
             {1, 2, 4, 8, 16, 32, 64});
  m.describe("mstation_journal_commit_seconds", T::histogram, "Group commit duration",
             {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1});
  m.describe("mstation_journal_stalled_seconds", T::gauge,
             "How long work has waited for a journal commit with none succeeding (0 when none waits)");
  m.describe("mstation_in_flight", T::gauge, "Terminal connections being served");
  m.describe("mstation_database_up", T::gauge, "1 if the database is reachable");
  m.describe("mstation_allowlist_entries", T::gauge, "Entries in the allow-list in force");
  m.describe("mstation_allowlist_reloads_total", T::counter, "SIGHUP reloads, by result (ok, error)");
}

namespace {

// Before anything listens: a role that could rewrite the journal never serves.
// A database unreachable at start cannot say which role it is: the daemon
// starts not ready, and every journal connection checks the role before it
// is used (check_each_connection), so nothing is answered under a wrong role.
void check_serving_role(const config::Config& config) {
  std::unique_ptr<pqxx::connection> connection;
  try {
    connection = std::make_unique<pqxx::connection>(config.database.conninfo);
  } catch (const pqxx::broken_connection& e) {
    spdlog::warn("database unreachable at start ({}); the daemon's role is checked when it comes back", e.what());
    return;
  }
  store::require_serving_role(*connection);
}

std::function<void(pqxx::connection&)> check_each_connection() {
  auto said = std::make_shared<std::atomic<bool>>(false);
  return [said](pqxx::connection& connection) {
    try {
      store::require_serving_role(connection);
    } catch (const store::ServingRoleRefused& e) {
      if (!said->exchange(true)) spdlog::critical("{}", e.what());  // once, not once per batch
      throw;
    }
  };
}

}  // namespace

Daemon::Daemon(config::Config config, Options options)
    : config_(std::move(config)),
      options_(options),
      kek_(load_kek_after_self_test(config_)),
      signals_(io_),
      watchdog_(io_) {
  check_serving_role(config_);
  describe_server_metrics(metrics_);
  describe_sg186_metrics(metrics_);
  describe_saf_metrics(metrics_);
  describe_checkpoint_metrics(metrics_);
  describe_partition_metrics(metrics_);
  describe_recon_metrics(metrics_);
  describe_kek_metrics(metrics_);
  allowlist_ = std::make_unique<AllowlistHolder>(load_allowlist(config_));
  metrics_.set("mstation_allowlist_entries", {}, static_cast<double>(allowlist_->current()->size()));
  pool_ = std::make_unique<DbPool>(config_.database.conninfo, static_cast<std::size_t>(config_.database.pool_size),
                                   journal::session_timeouts(
                                       std::chrono::milliseconds(config_.database.statement_timeout_ms),
                                       std::chrono::milliseconds(config_.database.lock_timeout_ms)));
  journal::GroupCommitWriter::Options writer_options;
  writer_options.commit_timeout = std::chrono::milliseconds(config_.database.commit_timeout_ms);
  writer_options.statement_timeout = std::chrono::milliseconds(config_.database.statement_timeout_ms);
  writer_options.lock_timeout = std::chrono::milliseconds(config_.database.lock_timeout_ms);
  writer_options.on_connect = check_each_connection();
  writer_options.on_batch = [this](std::size_t size, double seconds) {
    metrics_.observe("mstation_journal_batch_size", {}, static_cast<double>(size));
    metrics_.observe("mstation_journal_commit_seconds", {}, seconds);
  };
  lanes_ = std::make_unique<journal::WriterLanes>(config_.database.conninfo, config_.station.instance,
                                                  static_cast<std::size_t>(config_.database.writer_lanes),
                                                  writer_options);
  journal::Committer& station_lane = lanes_->lane(0);  // the station's own writes
  sg186_ = std::make_unique<Sg186Link>(config_, *pool_, station_lane, metrics_);
  sg186_watch_ = std::make_unique<Sg186Watch>(io_, *sg186_, *pool_, metrics_,
                                              std::chrono::seconds(config_.sg186.heartbeat_interval_s));
  const auto settings = txn::Settings::from(config_);  // reads the tariffs file once
  saf_worker_ = std::make_unique<SafWorker>(io_, config_, settings, *sg186_, *pool_, station_lane, metrics_);
  nightly_ = std::make_unique<NightlyReconciler>(io_, config_, metrics_, options_.clock);
  checkpoints_ = std::make_unique<CheckpointWriter>(io_, config_, *pool_, metrics_);
  partitions_ = std::make_unique<PartitionWatch>(io_, *pool_, metrics_, options_.clock);
  processor_ = std::make_unique<txn::RequestProcessor>(settings, *kek_);
  kek_watch_ = std::make_unique<KekWatch>(io_, *kek_, metrics_);
  pre_mac_alerts_ = std::make_unique<PreMacAlerts>(io_, *pool_, processor_->pre_mac_limiter());
  const auto limits = std::make_shared<ConnectionLimits>(
      static_cast<std::size_t>(config_.terminal_listener.max_connections),
      static_cast<std::size_t>(config_.terminal_listener.max_connections_per_ip));
  terminals_ = std::make_unique<TerminalServer>(
      io_, Services{config_, *processor_, *pool_, *lanes_, *allowlist_, metrics_, limits, *sg186_});
  admin::AdminServer::Hooks hooks;
  hooks.ready = [this] { return ready(); };
  hooks.refresh = [this](admin::Metrics& m) {
    m.set("mstation_database_up", {}, pool_->up() ? 1 : 0);
    m.set("mstation_journal_stalled_seconds", {}, std::chrono::duration<double>(lanes_->health().stalled).count());
  };
  admin_ = std::make_unique<admin::AdminServer>(io_, admin_endpoint_of(config_), metrics_, hooks);
  if (config_.web_listener) {
    console_pool_ = std::make_unique<DbPool>(
        config_.admin_conninfo(), static_cast<std::size_t>(config_.web_listener->pool_size),
        journal::session_timeouts(std::chrono::milliseconds(config_.database.statement_timeout_ms),
                                  std::chrono::milliseconds(config_.database.lock_timeout_ms)));
    web_ = std::make_unique<web::WebServer>(io_, config_, *console_pool_);
  }
}

std::optional<asio::ip::tcp::endpoint> Daemon::web_endpoint() const {
  if (!web_) return std::nullopt;
  return web_->local_endpoint();
}

Daemon::~Daemon() = default;

int Daemon::run() {
  terminals_->start();
  admin_->start();
  sg186_watch_->start();
  saf_worker_->start();
  nightly_->start();
  checkpoints_->start();
  partitions_->start();
  kek_watch_->start();
  pre_mac_alerts_->start();
  if (options_.handle_signals) watch_signals();
  start_watchdog();
  spdlog::info("listening for terminals on {}:{}", terminal_endpoint().address().to_string(), terminal_endpoint().port());
  spdlog::info("admin listener on {}:{}", admin_endpoint().address().to_string(), admin_endpoint().port());
  if (web_) {
    web_->start();
    spdlog::info("web console on {}://{}:{}", web_->tls() ? "https" : "http",
                 web_->local_endpoint().address().to_string(), web_->local_endpoint().port());
  }
  notify_systemd("READY=1\nSTATUS=serving terminals");
  const std::size_t threads = options_.io_threads != 0 ? options_.io_threads
                                                        : std::max(1u, std::thread::hardware_concurrency());
  std::vector<std::thread> workers;
  for (std::size_t i = 1; i < threads; ++i) workers.emplace_back([this] { io_.run(); });
  io_.run();
  for (auto& w : workers) w.join();
  lanes_->stop();  // everything queued is committed before we exit
  pool_->stop();
  if (console_pool_) console_pool_->stop();
  spdlog::info("drained; exiting");
  return 0;
}

void Daemon::watch_signals() {
  signals_.add(SIGTERM);
  signals_.add(SIGINT);
  signals_.add(SIGHUP);
  signals_.async_wait([this](const boost::system::error_code& ec, int signal) { on_signal(ec, signal); });
}

void Daemon::on_signal(const boost::system::error_code& ec, int signal) {
  if (ec) return;
  if (signal == SIGHUP) {
    reload();
  } else {
    request_drain();
  }
  if (!draining_) {
    signals_.async_wait([this](const boost::system::error_code& e, int s) { on_signal(e, s); });
  }
}

// WATCHDOG=1 from a timer on the event loop: systemd restarts us only if the
// loop stops turning, not when the database is down.
void Daemon::start_watchdog() {
  const auto interval = watchdog_interval();
  if (!interval || draining_) return;
  if (commits_get_through()) {
    notify_systemd("WATCHDOG=1");
  } else {
    spdlog::error("no journal commit for {} s while work waits: the systemd watchdog is no longer fed",
                  config_.database.watchdog_commit_s);
  }
  watchdog_.expires_after(*interval);
  watchdog_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) start_watchdog();
  });
}

bool Daemon::ready() const {
  const auto health = lanes_->health();
  return pool_->up() && health.stalled < std::chrono::milliseconds(config_.database.commit_timeout_ms);
}

bool Daemon::commits_get_through() const {
  return lanes_->health().stalled < std::chrono::seconds(config_.database.watchdog_commit_s);
}

void Daemon::request_drain() {
  if (draining_.exchange(true)) return;
  asio::post(io_, [this] {
    spdlog::info("draining: no new connections; finishing {} in flight", terminals_->in_flight());
    notify_systemd("STOPPING=1");
    boost::system::error_code ignored;
    signals_.cancel(ignored);
    watchdog_.cancel();
    terminals_->stop_accepting([this] { finish(); });
  });
}

void Daemon::finish() {
  sg186_watch_->stop();
  saf_worker_->stop();
  nightly_->stop();
  checkpoints_->stop();
  partitions_->stop();
  kek_watch_->stop();
  pre_mac_alerts_->stop();
  admin_->stop();
  if (web_) web_->stop();
  io_.stop();
}

// SIGHUP: the allow-list, the log level and the KEK ring, each replaced whole or not at all.
void Daemon::reload() {
  kek_watch_->reload(true);
  auto reloaded = config::load_file(config_.source);
  if (reloaded.config) {
    if (auto level = parse_log_level(reloaded.config->log.level)) spdlog::set_level(*level);
  } else {
    spdlog::error("reload: configuration invalid, log level unchanged: {}", reloaded.problems.front().to_string());
  }
  auto list = Allowlist::load(config_.allowlist_file);
  if (auto* why = std::get_if<std::string>(&list)) {
    metrics_.add("mstation_allowlist_reloads_total", {{"result", "error"}});
    spdlog::error("reload: allow-list kept as it was: {}", *why);
    return;
  }
  const auto entries = std::get<Allowlist>(list).size();
  allowlist_->replace(std::move(std::get<Allowlist>(list)));
  metrics_.add("mstation_allowlist_reloads_total", {{"result", "ok"}});
  metrics_.set("mstation_allowlist_entries", {}, static_cast<double>(entries));
  spdlog::info("reload: allow-list has {} entries", entries);
}

}  // namespace mstation::server
