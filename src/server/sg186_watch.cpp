#include "mstation/server/sg186_watch.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <pqxx/transaction>

#include "mstation/common/china_time.hpp"
#include "mstation/common/spawn.hpp"
#include "mstation/sg186/codes.hpp"
#include "mstation/sg186/statement.hpp"
#include "mstation/store/alert_store.hpp"

namespace mstation::server {
namespace {

using Steady = std::chrono::steady_clock;
constexpr std::chrono::seconds longest_tick{30};

asio::awaitable<void> watch_loop(Sg186Watch* watch) {
  while (true) {
    co_await watch->tick();
    const bool go_on = co_await watch->timer().pause(watch->tick_interval());
    if (!go_on) break;
  }
}

double unix_now() { return std::chrono::duration<double>(Clock::now().time_since_epoch()).count(); }

}  // namespace

Sg186Watch::Sg186Watch(asio::io_context& io, Sg186Link& link, DbPool& pool, admin::Metrics& metrics,
                       std::chrono::seconds heartbeat_interval)
    : link_(link), pool_(pool), metrics_(metrics), heartbeat_interval_(heartbeat_interval), timer_(io) {}

void Sg186Watch::start() { asio::co_spawn(timer_.executor(), watch_loop(this), LogCoroutineFailure("sg186 watch")); }

void Sg186Watch::stop() { timer_.stop(); }

std::chrono::seconds Sg186Watch::tick_interval() const {
  if (heartbeat_interval_.count() == 0) return longest_tick;
  return std::min(heartbeat_interval_, longest_tick);
}

asio::awaitable<void> Sg186Watch::tick() {
  try {
    const auto today = business_date_number(Clock::now());
    if (today != signed_in_for_) {
      co_await sign_in(today);
      co_return;
    }
    const auto quiet_since = std::max(link_.last_exchange(), last_heartbeat_);
    if (heartbeat_interval_.count() > 0 && Steady::now() - quiet_since >= heartbeat_interval_) co_await heartbeat();
  } catch (const std::exception& e) {
    spdlog::warn("sg186 watch: {}", e.what());  // e.g. the database is down; try again next tick
  }
}

void Sg186Watch::set_up(bool up) {
  metrics_.set("mstation_sg186_up", {}, up ? 1 : 0);
  if (up) metrics_.set("mstation_sg186_last_answer_timestamp_seconds", {}, unix_now());
}

asio::awaitable<void> Sg186Watch::sign_in(std::uint32_t today) {
  auto request = sg186::sign_in();
  const auto call = co_await link_.call(std::move(request));
  set_up(call.result.kind == sg186::ResultKind::answered);
  if (!call.result.succeeded()) {
    spdlog::warn("sg186 sign-in for {} not done ({}); retrying in {} s", today,
                 call.result.answer ? call.result.answer->header.rsp_code : call.result.problem,
                 tick_interval().count());
    co_return;
  }
  const auto decoded = sg186::decode_sign_in_response(call.result.answer->body);
  if (const auto* problem = std::get_if<std::string>(&decoded)) {
    spdlog::warn("sg186 sign-in answer unreadable: {}", *problem);
    co_return;
  }
  const auto theirs = std::get<sg186::SignInResponse>(decoded).work_date;
  signed_in_for_ = today;
  metrics_.set("mstation_sg186_work_date", {}, theirs);
  metrics_.set("mstation_sg186_date_mismatch", {}, theirs == today ? 0 : 1);
  if (theirs == today) {
    spdlog::info("sg186 signed in for {}", today);
  } else {
    co_await alert_date_mismatch(today, theirs);
  }
}

asio::awaitable<void> Sg186Watch::alert_date_mismatch(std::uint32_t ours, std::uint32_t theirs) {
  const auto message = fmt::format(
      "SG186 accounting date is {} but our business date is {}: payments would be booked on different days; "
      "check both clocks before the day's reconciliation",
      theirs, ours);
  co_await pool_.run([&](pqxx::connection& c) {
    pqxx::work tx(c);
    store::raise_alert(tx, store::Severity::critical, "sg186_date_mismatch", "sg186", message);
    tx.commit();
    return 0;
  });
}

asio::awaitable<void> Sg186Watch::heartbeat() {
  last_heartbeat_ = Steady::now();
  auto request = sg186::heartbeat();
  const auto call = co_await link_.call(std::move(request));
  const bool answered = call.result.kind == sg186::ResultKind::answered;
  set_up(answered);
  metrics_.add("mstation_sg186_heartbeats_total",
               {{"result", answered ? sg186::metric_rsp_label(call.result.answer->header.rsp_code)
                                         : std::string(sg186::to_string(call.result.kind))}});
  if (answered) {
    metrics_.set("mstation_sg186_heartbeat_seconds", {}, std::chrono::duration<double>(call.result.elapsed).count());
  }
}

}  // namespace mstation::server
