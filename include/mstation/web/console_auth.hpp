#pragma once
// Logging in to the console and finding who a request comes from. A login
// is checked against mstation.console_user (PBKDF2; an unknown login costs
// the same work, so timing does not tell which logins exist); five wrong
// passwords in a row lock it for 15 minutes. Every login and failed login
// is journaled on the admin chain (console_login, console_login_failed)
// in the same transaction that records it. A session is a random cookie,
// stored only as its SHA-256, with its own CSRF token; it ends on logout or
// after `idle_timeout_s` unused. Each call runs on a database thread.
#include <optional>
#include <pqxx/connection>
#include <string>

#include "mstation/web/viewer.hpp"

namespace mstation::web {

inline constexpr int wrong_passwords_before_lockout = 5;
inline constexpr int lockout_minutes = 15;

// The new session's cookie value, or nullopt (the reason is journaled, never told).
std::optional<std::string> log_in(pqxx::connection& connection, const std::string& login,
                                  const std::string& password, const std::string& peer, int idle_timeout_s);
std::optional<Viewer> session_viewer(pqxx::connection& connection, const std::string& cookie, int idle_timeout_s);
void log_out(pqxx::connection& connection, const std::string& cookie);

}  // namespace mstation::web
