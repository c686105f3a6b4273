#include "mstation/server/partition_watch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "mstation/common/spawn.hpp"
#include "mstation/store/alert_store.hpp"
#include "mstation/store/partition_maintenance.hpp"

namespace mstation::server {
namespace {

constexpr auto check_interval = std::chrono::hours(1);
constexpr const char* alert_kind = "partitions_running_out";

}  // namespace

void describe_partition_metrics(admin::Metrics& m) {
  m.describe("mstation_partition_future_months", admin::Metrics::Type::gauge,
             "Month partitions after the current month, by table (mstation maintain keeps them ahead)");
}

PartitionWatch::PartitionWatch(asio::io_context& io, DbPool& pool, admin::Metrics& metrics,
                               std::function<TimePoint()> clock)
    : pool_(pool), metrics_(metrics), clock_(std::move(clock)), timer_(io) {}

void PartitionWatch::start() { asio::co_spawn(timer_.executor(), loop(), LogCoroutineFailure("partition watch")); }

void PartitionWatch::stop() { timer_.stop(); }

asio::awaitable<void> PartitionWatch::loop() {
  while (true) {
    try {
      co_await check_once();
    } catch (const std::exception& e) {
      spdlog::warn("partition watch: cannot count the month partitions: {}", e.what());
    }
    const bool go_on = co_await timer_.pause(check_interval);
    if (!go_on) break;
  }
}

asio::awaitable<std::vector<std::string>> PartitionWatch::check_once() {
  const auto today = business_date(clock_());
  const auto counts = co_await pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    std::vector<std::pair<std::string, int>> found;
    for (const auto& table : store::partitioned_tables(tx)) {
      const int months = store::future_months(tx, table, today);
      found.emplace_back(table, months);
      if (months < fewest_future_months && !store::alert_is_open(tx, alert_kind, table)) {
        store::raise_alert(tx, store::Severity::warning, alert_kind, table,
                           fmt::format("table {} has {} month partition(s) after this month (fewer than {}): run "
                                       "`mstation maintain` (mstation-maintain.timer runs it daily)",
                                       table, months, fewest_future_months));
      }
    }
    tx.commit();
    return found;
  });
  std::vector<std::string> short_of;
  for (const auto& [table, months] : counts) {
    metrics_.set("mstation_partition_future_months", {{"table", table}}, months);
    if (months < fewest_future_months) {
      short_of.push_back(table);
      spdlog::warn("table {} has {} month partition(s) after this month: run `mstation maintain`", table, months);
    }
  }
  co_return short_of;
}

}  // namespace mstation::server
