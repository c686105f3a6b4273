#include "mstation/config/loader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

#include "object_reader.hpp"

namespace mstation::config {
namespace {

namespace fs = std::filesystem;

Check<std::string> clock_time() {
  return [](const std::string& v) -> std::optional<std::string> {
    static const std::regex hh_mm("([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?");
    if (!std::regex_match(v, hh_mm)) return "expected a time of day HH:MM (or HH:MM:SS), got \"" + v + "\"";
    return std::nullopt;
  };
}

Check<std::string> log_level() {
  return [](const std::string& v) -> std::optional<std::string> {
    for (const char* level : {"trace", "debug", "info", "warn", "error", "critical", "off"}) {
      if (v == level) return std::nullopt;
    }
    return "expected one of trace, debug, info, warn, error, critical, off; got \"" + v + "\"";
  };
}

Check<std::string> agency_code() {
  return [](const std::string& v) -> std::optional<std::string> {
    // Sent as C(12) in every SG186 header: it must fit, in ASCII.
    static const std::regex code("[0-9A-Za-z]{1,12}");
    if (!std::regex_match(v, code)) return "expected 1 to 12 ASCII letters or digits";
    return std::nullopt;
  };
}

class PathReader {
 public:
  explicit PathReader(fs::path base) : base_(std::move(base)) {}
  fs::path resolve(const std::string& value) const {
    fs::path p(value);
    return p.is_absolute() ? p : (base_ / p).lexically_normal();
  }

 private:
  fs::path base_;
};

void read_station(ObjectReader& root, Config& c) {
  auto s = root.section("station", true);
  if (!s) return;
  s->required("agency_code", c.station.agency_code, agency_code());
  s->required("instance", c.station.instance, not_empty());
  s->reject_unknown_keys();
}

void read_terminal_listener(ObjectReader& root, Config& c) {
  auto s = root.section("terminal_listener", true);
  if (!s) return;
  auto& t = c.terminal_listener;
  s->required("address", t.address, not_empty());
  s->required("port", t.port);
  s->optional("frame_timeout_s", t.frame_timeout_s, in_range(1, 600));
  // A frame's LEN field is 16 bits; 53 is the smallest frame the spec allows.
  s->optional("max_request_bytes", t.max_request_bytes, in_range(53, 65535));
  s->optional("max_connections", t.max_connections, in_range(1, 1'000'000));
  s->optional("max_connections_per_ip", t.max_connections_per_ip, in_range(1, 10'000));
  s->optional("pre_mac_journal_per_minute", t.pre_mac_journal_per_minute, in_range(1, 1'000'000));
  s->reject_unknown_keys();
}

void read_admin_listener(ObjectReader& root, Config& c) {
  auto s = root.section("admin_listener", false);
  if (!s) return;
  s->optional("address", c.admin_listener.address, not_empty());
  s->optional("port", c.admin_listener.port);
  s->reject_unknown_keys();
}

void read_web_listener(ObjectReader& root, Config& c, const PathReader& paths) {
  auto s = root.section("web_listener", false);
  if (!s) return;
  auto& w = c.web_listener.emplace();
  s->required("address", w.address, not_empty());
  s->required("port", w.port);
  s->optional("idle_timeout_s", w.idle_timeout_s, in_range(60, 86400));
  s->optional("pool_size", w.pool_size, in_range(1, 32));
  s->optional("max_connections", w.max_connections, in_range(1, 100'000));
  s->optional("max_connections_per_ip", w.max_connections_per_ip, in_range(1, 100'000));
  s->optional("login_attempts_per_minute", w.login_attempts_per_minute, in_range(1, 100'000));
  if (auto t = s->section("tls", false)) {
    std::string cert, key;
    t->required("cert_file", cert, not_empty());
    t->required("key_file", key, not_empty());
    w.tls = config::WebTls{paths.resolve(cert), paths.resolve(key)};
    t->reject_unknown_keys();
  }
  s->reject_unknown_keys();
}

void read_database(ObjectReader& root, Config& c) {
  auto s = root.section("database", true);
  if (!s) return;
  s->required("conninfo", c.database.conninfo, not_empty());
  s->optional("pool_size", c.database.pool_size, in_range(1, 256));
  s->optional("writer_lanes", c.database.writer_lanes, in_range(1, 32));
  s->optional("commit_timeout_ms", c.database.commit_timeout_ms, in_range(100, 600'000));
  s->optional("statement_timeout_ms", c.database.statement_timeout_ms, in_range(100, 600'000));
  s->optional("lock_timeout_ms", c.database.lock_timeout_ms, in_range(10, 600'000));
  s->optional("watchdog_commit_s", c.database.watchdog_commit_s, in_range(1, 3600));
  s->optional("owner_conninfo", c.database.owner_conninfo);
  s->optional("admin_conninfo", c.database.admin_conninfo);
  s->reject_unknown_keys();
}

void read_sg186(ObjectReader& root, Config& c) {
  auto s = root.section("sg186", true);
  if (!s) return;
  s->required("host", c.sg186.host, not_empty());
  s->required("port", c.sg186.port, in_range<std::uint16_t>(1, 65535));
  s->optional("connect_timeout_ms", c.sg186.connect_timeout_ms, in_range(1, 600'000));
  s->optional("exchange_timeout_ms", c.sg186.exchange_timeout_ms, in_range(1, 600'000));
  s->optional("heartbeat_interval_s", c.sg186.heartbeat_interval_s, in_range(0, 3600));
  s->reject_unknown_keys();
}

void read_keys(ObjectReader& root, Config& c, const PathReader& paths) {
  auto s = root.section("keys", true);
  if (!s) return;
  std::string kek_file;
  s->required("kek_file", kek_file, not_empty());
  if (!kek_file.empty()) c.keys.kek_file = paths.resolve(kek_file);
  s->optional("key_lifetime_s", c.keys.key_lifetime_s, in_range(60, 7 * 86400));
  s->optional("key_grace_s", c.keys.key_grace_s, in_range(0, 86400));
  s->optional("clock_skew_s", c.keys.clock_skew_s, in_range(1, 86400));
  s->reject_unknown_keys();
}

void read_limits(ObjectReader& root, Config& c) {
  auto s = root.section("limits", false);
  if (!s) return;
  constexpr std::int64_t max_fen = 1'000'000'000'000;  // fits SG186's N(12)
  s->optional("max_payment_fen", c.limits.max_payment_fen, in_range<std::int64_t>(1, max_fen));
  s->optional("max_cash_in_transit_fen", c.limits.max_cash_in_transit_fen,
              in_range<std::int64_t>(1, max_fen));
  s->reject_unknown_keys();
}

void read_saf(ObjectReader& root, Config& c) {
  auto s = root.section("saf", false);
  if (!s) return;
  s->optional("max_attempts", c.saf.max_attempts, in_range(1, 100'000));
  s->optional("max_backoff_s", c.saf.max_backoff_s, in_range(1, 86400));
  s->optional("alert_after_s", c.saf.alert_after_s, in_range(1, 7 * 86400));
  s->optional("concurrency", c.saf.concurrency, in_range(1, 64));
  s->reject_unknown_keys();
}

void read_reconcile(ObjectReader& root, Config& c, const PathReader& paths) {
  std::string report_dir = "recon";
  if (auto s = root.section("reconcile", false)) {
    s->optional("nightly", c.reconcile.nightly);
    s->optional("time", c.reconcile.time, clock_time());
    s->optional("report_dir", report_dir, not_empty());
    s->optional("give_up_at", c.reconcile.give_up_at, clock_time());
    s->reject_unknown_keys();
  }
  c.reconcile.report_dir = paths.resolve(report_dir);
}

void read_audit(ObjectReader& root, Config& c, const PathReader& paths) {
  std::string key_file = "checkpoint.key";
  std::string dir = "checkpoints";
  if (auto s = root.section("audit", false)) {
    s->optional("checkpoint_key_file", key_file, not_empty());
    s->optional("checkpoint_dir", dir, not_empty());
    s->optional("checkpoint_interval_s", c.audit.checkpoint_interval_s, in_range(0, 7 * 86400));
    s->reject_unknown_keys();
  }
  c.audit.checkpoint_key_file = paths.resolve(key_file);
  c.audit.checkpoint_dir = paths.resolve(dir);
}

void read_maintain(ObjectReader& root, Config& c) {
  auto s = root.section("maintain", false);
  if (!s) return;
  s->optional("months_ahead", c.maintain.months_ahead, in_range(2, 36));
  s->optional("retention_months", c.maintain.retention_months, in_range(0, 1200));
  s->reject_unknown_keys();
}

void read_log(ObjectReader& root, Config& c) {
  auto s = root.section("log", false);
  if (!s) return;
  s->optional("level", c.log.level, log_level());
  s->reject_unknown_keys();
}

void read_root(ObjectReader& root, Config& c, const PathReader& paths) {
  read_station(root, c);
  read_terminal_listener(root, c);
  std::string allowlist;
  root.required("allowlist_file", allowlist, not_empty());
  if (!allowlist.empty()) c.allowlist_file = paths.resolve(allowlist);
  read_admin_listener(root, c);
  read_web_listener(root, c, paths);
  read_database(root, c);
  read_sg186(root, c);
  read_keys(root, c, paths);
  read_limits(root, c);
  read_saf(root, c);
  read_reconcile(root, c, paths);
  read_audit(root, c, paths);
  read_maintain(root, c);
  std::string tariffs;
  root.optional("tariffs_file", tariffs, not_empty());
  if (!tariffs.empty()) c.tariffs_file = paths.resolve(tariffs);
  read_log(root, c);
  root.reject_unknown_keys();
}

}  // namespace

std::string Problem::to_string() const { return path.empty() ? reason : path + ": " + reason; }

LoadResult load_text(std::string_view text, const fs::path& base_dir) {
  LoadResult result;
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text, nullptr, true, /*ignore_comments=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() carries the byte offset and what was expected there.
    result.problems.push_back({"", std::string("not valid JSON: ") + e.what()});
    return result;
  }
  if (!document.is_object()) {
    result.problems.push_back({"", "expected a JSON object at the top, got " + json_type_name(document)});
    return result;
  }
  Config config;
  ObjectReader root(document, "", result.problems);
  read_root(root, config, PathReader(base_dir));
  if (result.problems.empty()) result.config = std::move(config);
  return result;
}

LoadResult load_file(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    LoadResult result;
    result.problems.push_back({"", "cannot read " + file.string() + ": " + std::strerror(errno)});
    return result;
  }
  std::ostringstream text;
  text << in.rdbuf();
  const fs::path absolute = fs::absolute(file);
  auto result = load_text(text.str(), absolute.parent_path());
  if (result.config) result.config->source = absolute;
  return result;
}

Config load_or_throw(const fs::path& file) {
  auto result = load_file(file);
  if (result.config) return std::move(*result.config);
  std::string message = "configuration " + file.string() + " is invalid:";
  for (const auto& p : result.problems) message += "\n  " + p.to_string();
  throw std::runtime_error(message);
}

}  // namespace mstation::config
