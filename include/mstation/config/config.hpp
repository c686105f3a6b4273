#pragma once
// The typed configuration of design.md §5. Defaults here are the documented
// defaults; keys without a default are required in the file.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace mstation::config {

struct Station {
  std::string agency_code;  // 代收单位编号 sent to SG186 as AGENCY, C(12)
  std::string instance;     // names this daemon among several (journal chains, SAF leases)
};

struct TerminalListener {
  std::string address;
  std::uint16_t port = 0;  // 0 = any free port (tests)
  int frame_timeout_s = 30;
  int max_request_bytes = 8192;
  int max_connections = 20000;
  int max_connections_per_ip = 4;
  int pre_mac_journal_per_minute = 30;  // per address: frames failing before the MAC journaled, then only counted
};

struct AdminListener {
  std::string address = "127.0.0.1";
  std::uint16_t port = 9187;
};

// The web console (docs/console.md); off unless the section is present.
struct WebTls {
  std::filesystem::path cert_file;  // PEM, the chain the browser sees
  std::filesystem::path key_file;   // PEM private key, readable by the daemon only
};

struct WebListener {
  std::string address;
  std::uint16_t port = 0;  // 0 = any free port (tests)
  std::optional<WebTls> tls;  // absent = plain HTTP, behind a TLS reverse proxy
  int idle_timeout_s = 900;   // a session unused this long is logged out
  int pool_size = 2;          // database threads (connections as database.admin_conninfo)
  // What one client may cost (a browser keeps about six connections open;
  // behind a reverse proxy every client is the proxy's address).
  int max_connections = 256;
  int max_connections_per_ip = 32;
  int login_attempts_per_minute = 20;  // per address; more are refused before any checking
};

struct Database {
  std::string conninfo;
  int pool_size = 16;  // database threads, each with a connection for reads
  // Group-commit writers, each with its connection and journal chain
  // "<instance>/<lane>"; a terminal's requests always on the same lane.
  int writer_lanes = 4;
  // A commit not finished within this is in doubt (as if the connection were lost).
  int commit_timeout_ms = 5000;
  int statement_timeout_ms = 5000;
  int lock_timeout_ms = 2000;
  // The systemd watchdog is no longer fed when work has waited this long
  // with no commit succeeding.
  int watchdog_commit_s = 60;
  // The owner role that `mstation migrate` and `maintain` connect as; the
  // daemon itself uses conninfo. Empty = use conninfo.
  std::string owner_conninfo;
  // The administrator role (a member of mstation_admin) that the CLI's
  // administrative commands connect as. Empty = use conninfo.
  std::string admin_conninfo;
};

struct Sg186 {
  std::string host;
  std::uint16_t port = 0;
  int connect_timeout_ms = 3000;
  int exchange_timeout_ms = 15000;
  // A heartbeat (099) after this long without any exchange; 0 = none.
  int heartbeat_interval_s = 60;
};

struct Keys {
  std::filesystem::path kek_file;
  int key_lifetime_s = 86400;
  int key_grace_s = 300;
  int clock_skew_s = 900;
};

struct Limits {
  std::int64_t max_payment_fen = 5'000'000;
  std::int64_t max_cash_in_transit_fen = 20'000'000;
};

struct Saf {
  int max_attempts = 50;
  int max_backoff_s = 300;
  int alert_after_s = 3600;
  int concurrency = 4;  // entries sent at once by each instance
};

struct Reconcile {
  bool nightly = true;               // the daemon reconciles yesterday at `time`
  std::string time = "02:00";        // UTC+8
  std::filesystem::path report_dir;  // default: "recon" beside the config file
  std::string give_up_at = "08:00";  // UTC+8
};

// Signed checkpoints of the journal's chains (docs/auditing.md): the HMAC
// key lives outside PostgreSQL, so nobody with only the database can forge one.
struct Audit {
  std::filesystem::path checkpoint_key_file;  // default: "checkpoint.key" beside the config file
  std::filesystem::path checkpoint_dir;       // default: "checkpoints" beside the config file
  int checkpoint_interval_s = 3600;           // the daemon writes one this often; 0 = never
};

// `mstation maintain` (docs/operations.md, "Partitions and retention").
struct Maintain {
  int months_ahead = 3;      // month partitions created ahead of the current month
  int retention_months = 0;  // full months kept before the current one; 0 = never detach
};

struct Log {
  std::string level = "info";
};

struct Config {
  std::filesystem::path source;  // the file it was read from
  Station station;
  TerminalListener terminal_listener;
  std::filesystem::path allowlist_file;
  AdminListener admin_listener;
  std::optional<WebListener> web_listener;
  Database database;
  Sg186 sg186;
  Keys keys;
  Limits limits;
  Saf saf;
  Reconcile reconcile;
  Audit audit;
  Maintain maintain;
  std::optional<std::filesystem::path> tariffs_file;
  Log log;

  const std::string& migrate_conninfo() const {
    return database.owner_conninfo.empty() ? database.conninfo : database.owner_conninfo;
  }
  const std::string& admin_conninfo() const {
    return database.admin_conninfo.empty() ? database.conninfo : database.admin_conninfo;
  }
};

}  // namespace mstation::config
