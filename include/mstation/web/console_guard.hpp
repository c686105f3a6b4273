#pragma once
// What one client may cost the console (docs/console.md, "Limits"), shared
// by every connection of one listener:
//  - connections: web_listener.max_connections in all and
//    max_connections_per_ip from one address, taken at accept and given
//    back when the connection ends;
//  - login attempts: web_listener.login_attempts_per_minute from one
//    address, and at most pool_size - 1 (at least one) checked at once, so
//    a flood of logins (each a PBKDF2) never takes the database thread that
//    answers the people already logged in.
// Refusals are logged at most once a minute per address and kind.
#include <atomic>
#include <memory>
#include <string>
#include <utility>

#include "mstation/common/address_window_limiter.hpp"
#include "mstation/config/config.hpp"
#include "mstation/server/connection_limits.hpp"

namespace mstation::web {

class ConsoleGuard {
 public:
  explicit ConsoleGuard(const config::WebListener& listener);

  // A connection slot, or nullptr (the refusal logged).
  std::unique_ptr<server::ConnectionLimits::Slot> admit_connection(const std::string& peer);

  // Held while one login is checked; empty if the attempt is refused.
  class LoginTicket {
   public:
    LoginTicket() = default;
    explicit LoginTicket(std::atomic<int>* in_progress) : in_progress_(in_progress) {}
    LoginTicket(LoginTicket&& other) noexcept : in_progress_(std::exchange(other.in_progress_, nullptr)) {}
    LoginTicket& operator=(LoginTicket&&) = delete;
    ~LoginTicket() {
      if (in_progress_) --*in_progress_;
    }
    explicit operator bool() const { return in_progress_ != nullptr; }

   private:
    std::atomic<int>* in_progress_ = nullptr;
  };
  LoginTicket admit_login(const std::string& peer);

 private:
  void log_refusal(const std::string& peer, const std::string& what);

  std::shared_ptr<server::ConnectionLimits> connections_;
  AddressWindowLimiter login_attempts_;
  AddressWindowLimiter refusal_log_;  // one line a minute per address and kind
  const int concurrent_logins_;
  std::atomic<int> logins_in_progress_{0};
};

}  // namespace mstation::web
