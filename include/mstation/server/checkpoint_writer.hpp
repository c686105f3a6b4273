#pragma once
// The daemon's journal anchors (docs/auditing.md): every
// audit.checkpoint_interval_s it writes a signed checkpoint of every chain's
// head to audit.checkpoint_dir, named checkpoint-<instance>-<UTC+8 time>.json,
// the first one interval after start. A missing key or an unwritable folder
// is logged (error) at each attempt and counted in /metrics; serving goes on.
// /metrics: mstation_audit_checkpoints_total{result}, mstation_audit_last_checkpoint_timestamp_seconds.
#include <filesystem>
#include <string>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/config/config.hpp"
#include "mstation/server/db_pool.hpp"

namespace mstation::server {

class CheckpointWriter {
 public:
  CheckpointWriter(asio::io_context& io, const config::Config& config, DbPool& pool, admin::Metrics& metrics);
  void start();  // nothing when audit.checkpoint_interval_s is 0
  void stop();

  // One checkpoint now; returns the file written. Throws on failure.
  asio::awaitable<std::filesystem::path> write_one();

 private:
  asio::awaitable<void> loop();

  const config::Config& config_;
  DbPool& pool_;
  admin::Metrics& metrics_;
  LoopTimer timer_;
};

void describe_checkpoint_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
