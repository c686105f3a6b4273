#include "mstation/web/console_guard.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace mstation::web {

using namespace std::chrono_literals;

ConsoleGuard::ConsoleGuard(const config::WebListener& listener)
    : connections_(std::make_shared<server::ConnectionLimits>(static_cast<std::size_t>(listener.max_connections),
                                                               static_cast<std::size_t>(listener.max_connections_per_ip))),
      login_attempts_(static_cast<std::uint32_t>(listener.login_attempts_per_minute), 60s),
      refusal_log_(1, 60s),
      concurrent_logins_(std::max(1, listener.pool_size - 1)) {}

std::unique_ptr<server::ConnectionLimits::Slot> ConsoleGuard::admit_connection(const std::string& peer) {
  auto slot = connections_->acquire(peer);
  if (auto* refusal = std::get_if<server::ConnectionLimits::Refusal>(&slot)) {
    log_refusal(peer, *refusal == server::ConnectionLimits::Refusal::total
                          ? "connection refused: web_listener.max_connections reached"
                          : "connection refused: web_listener.max_connections_per_ip reached");
    return nullptr;
  }
  return std::move(std::get<0>(slot));
}

// Busy first: an attempt turned away because others are being checked does
// not use up the address's attempts of the minute.
ConsoleGuard::LoginTicket ConsoleGuard::admit_login(const std::string& peer) {
  if (++logins_in_progress_ > concurrent_logins_) {
    --logins_in_progress_;
    log_refusal(peer, "login refused: other logins are being checked");
    return {};
  }
  if (!login_attempts_.admit(peer, Clock::now())) {
    --logins_in_progress_;
    log_refusal(peer, "login attempts refused: over web_listener.login_attempts_per_minute");
    return {};
  }
  return LoginTicket(&logins_in_progress_);
}

void ConsoleGuard::log_refusal(const std::string& peer, const std::string& what) {
  if (!refusal_log_.admit(peer + " " + what, Clock::now())) return;  // each kind once a minute
  // Only the once-a-minute line matters: the counts are dropped, which keeps both maps bounded.
  refusal_log_.take_suppressed();
  login_attempts_.take_suppressed();
  spdlog::warn("console: {} from {} (logged once a minute per address and kind)", what, peer);
}

}  // namespace mstation::web
