#pragma once
// The daemon's watch on the monthly partitions (docs/operations.md,
// "Partitions and retention"): at start and every hour it counts, per
// partitioned table, the month partitions after the current month. Fewer
// than two raises a warning alert `partitions_running_out` (once while it
// is open) and logs it: rows of a month with no partition land in the
// default partition, and `mstation maintain` must then move them.
// /metrics: mstation_partition_future_months{table}.
#include <chrono>

#include "mstation/admin/metrics.hpp"
#include "mstation/common/loop_timer.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/server/db_pool.hpp"

namespace mstation::server {

class PartitionWatch {
 public:
  static constexpr int fewest_future_months = 2;

  PartitionWatch(asio::io_context& io, DbPool& pool, admin::Metrics& metrics, std::function<TimePoint()> clock);
  void start();
  void stop();

  // One check now: the tables found short of future months.
  asio::awaitable<std::vector<std::string>> check_once();

 private:
  asio::awaitable<void> loop();

  DbPool& pool_;
  admin::Metrics& metrics_;
  std::function<TimePoint()> clock_;
  LoopTimer timer_;
};

void describe_partition_metrics(admin::Metrics& metrics);

}  // namespace mstation::server
