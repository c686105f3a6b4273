#include "mstation/server/pre_mac_alerts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "mstation/common/spawn.hpp"
#include "mstation/store/alert_store.hpp"

namespace mstation::server {
namespace {

constexpr auto flush_interval = std::chrono::seconds(10);
constexpr const char* alert_kind = "pre_mac_flood";

}  // namespace

PreMacAlerts::PreMacAlerts(asio::io_context& io, DbPool& pool, AddressWindowLimiter& limiter)
    : pool_(pool), limiter_(limiter), timer_(io) {}

void PreMacAlerts::start() { asio::co_spawn(timer_.executor(), loop(), LogCoroutineFailure("pre-MAC alerts")); }

void PreMacAlerts::stop() { timer_.stop(); }

asio::awaitable<void> PreMacAlerts::loop() {
  while (true) {
    const bool go_on = co_await timer_.pause(flush_interval);
    if (!go_on) break;
    try {
      co_await flush_once();
    } catch (const std::exception& e) {
      spdlog::warn("pre-MAC alerts: cannot raise the alert: {}", e.what());
    }
  }
}

asio::awaitable<std::size_t> PreMacAlerts::flush_once() {
  const auto suppressed = limiter_.take_suppressed();
  if (suppressed.empty()) co_return 0;
  for (const auto& s : suppressed) {
    spdlog::warn("peer={}: {} frames that failed before their MAC were closed unanswered and not journaled "
                 "(over the per-address limit)",
                 s.address, s.events);
  }
  co_await pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    for (const auto& s : suppressed) {
      if (store::alert_is_open(tx, alert_kind, s.address)) continue;
      store::raise_alert(tx, store::Severity::warning, alert_kind, s.address,
                         fmt::format("{} frames from {} failed before their MAC (unreadable, A6, A3, A1 or A0) past "
                                     "the per-address limit and were closed without an answer or a journal row; a "
                                     "terminal that cannot sign on, or someone probing from that address",
                                     s.events, s.address));
    }
    tx.commit();
    return 0;
  });
  co_return suppressed.size();
}

}  // namespace mstation::server
