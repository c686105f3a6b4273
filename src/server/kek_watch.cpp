#include "mstation/server/kek_watch.hpp"

#include <spdlog/spdlog.h>

#include "mstation/common/spawn.hpp"

namespace mstation::server {
namespace {

constexpr auto poll_interval = std::chrono::seconds(2);

}  // namespace

void describe_kek_metrics(admin::Metrics& m) {
  m.describe("mstation_kek_reloads_total", admin::Metrics::Type::counter,
             "KEK ring reloads (files changed, SIGHUP, or a key sealed under a KEK not loaded), by result");
}

KekWatch::KekWatch(asio::io_context& io, keys::KekSource& kek, admin::Metrics& metrics)
    : kek_(kek), metrics_(metrics), timer_(io) {}

void KekWatch::start() { asio::co_spawn(timer_.executor(), loop(), LogCoroutineFailure("KEK watch")); }

void KekWatch::stop() { timer_.stop(); }

void KekWatch::reload(bool forced) {
  const auto r = forced ? kek_.reload() : kek_.reload_if_changed();
  if (r.problem) {
    metrics_.add("mstation_kek_reloads_total", {{"result", "error"}});
    spdlog::error("KEK ring kept as it was: {}", *r.problem);
  } else if (r.changed) {
    metrics_.add("mstation_kek_reloads_total", {{"result", "ok"}});
    spdlog::info("KEK ring reloaded: current KEK {}", kek_.current()->current_id());
  }
}

asio::awaitable<void> KekWatch::loop() {
  while (true) {
    const bool go_on = co_await timer_.pause(poll_interval);
    if (!go_on) break;
    reload(false);
  }
}

}  // namespace mstation::server
