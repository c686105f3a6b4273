#include "mstation/server/checkpoint_writer.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "mstation/audit/checkpoint.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/common/spawn.hpp"

namespace mstation::server {
namespace {

// The instance name as part of a file name: letters, digits, '-' and '_' kept.
std::string file_safe(const std::string& name) {
  std::string out;
  for (const char c : name) out += std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' ? c : '_';
  return out;
}

}  // namespace

void describe_checkpoint_metrics(admin::Metrics& m) {
  using T = admin::Metrics::Type;
  m.describe("mstation_audit_checkpoints_total", T::counter, "Journal checkpoints the daemon wrote, by result (ok, failed)");
  m.describe("mstation_audit_last_checkpoint_timestamp_seconds", T::gauge, "Unix time of the last checkpoint written");
}

CheckpointWriter::CheckpointWriter(asio::io_context& io, const config::Config& config, DbPool& pool,
                                   admin::Metrics& metrics)
    : config_(config), pool_(pool), metrics_(metrics), timer_(io) {}

void CheckpointWriter::start() {
  if (config_.audit.checkpoint_interval_s == 0) return;
  asio::co_spawn(timer_.executor(), loop(), LogCoroutineFailure("checkpoint writer"));
}

void CheckpointWriter::stop() { timer_.stop(); }

asio::awaitable<void> CheckpointWriter::loop() {
  while (true) {
    const bool go_on = co_await timer_.pause(std::chrono::seconds(config_.audit.checkpoint_interval_s));
    if (!go_on) break;
    try {
      const auto file = co_await write_one();
      spdlog::info("audit: checkpoint written to {}", file.string());
    } catch (const std::exception& e) {
      metrics_.add("mstation_audit_checkpoints_total", {{"result", "failed"}});
      spdlog::error("audit: no checkpoint written: {}", e.what());
    }
  }
}

asio::awaitable<std::filesystem::path> CheckpointWriter::write_one() {
  // The key is read each time: a key put in place later is used without a restart.
  const auto key = audit::load_checkpoint_key(config_.audit.checkpoint_key_file);
  const auto checkpoint = co_await pool_.run([this](pqxx::connection& c) {
    pqxx::transaction<pqxx::isolation_level::repeatable_read, pqxx::readwrite_policy::read_only> tx(c);
    // Counting a chain of many millions of rows outlasts the serving statement_timeout.
    tx.exec("SET LOCAL statement_timeout = '10min'");
    return audit::take_checkpoint(tx, config_.station.instance);
  });
  std::filesystem::create_directories(config_.audit.checkpoint_dir);
  const auto file = config_.audit.checkpoint_dir /
                    ("checkpoint-" + file_safe(config_.station.instance) + "-" + compact_china(Clock::now()) + ".json");
  audit::write_checkpoint(file, audit::signed_checkpoint(checkpoint, key));
  metrics_.add("mstation_audit_checkpoints_total", {{"result", "ok"}});
  metrics_.set("mstation_audit_last_checkpoint_timestamp_seconds", {},
               std::chrono::duration<double>(Clock::now().time_since_epoch()).count());
  co_return file;
}

}  // namespace mstation::server
