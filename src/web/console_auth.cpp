#include "mstation/web/console_auth.hpp"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "mstation/audit/admin_action.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/common/printable.hpp"
#include "mstation/common/random_token.hpp"
#include "mstation/common/sha256.hpp"
#include "mstation/store/console_session_store.hpp"
#include "mstation/store/console_user_store.hpp"

namespace mstation::web {
namespace {

constexpr std::size_t token_bytes = 32;
constexpr std::size_t max_login_journaled = 64;
constexpr std::size_t max_password_length = 256;

// Verified against when the login does not exist, so that an unknown login
// takes as long as a wrong password.
const PasswordHash& decoy_hash() {
  static const PasswordHash decoy = hash_password("decoy password, never matches anything typed");
  return decoy;
}

struct Attempt {
  std::string why_not;  // empty: logged in
  std::string cookie;
};

// The checks, in the admin action's transaction; fills in the journal row.
Attempt check_login(pqxx::transaction_base& tx, const std::string& login, const std::string& password,
                    const std::string& peer, int idle_timeout_s, audit::AdminAction& a) {
  Attempt attempt;
  auto user = store::lock_console_user(tx, login);
  // An empty or over-long password is wrong without the hashing work.
  const bool plausible = !password.empty() && password.size() <= max_password_length;
  const bool password_ok = plausible && verify_password(password, user ? user->password : decoy_hash());
  if (!user) {
    attempt.why_not = "unknown login";
  } else if (!user->enabled) {
    attempt.why_not = "login disabled";
  } else if (user->locked_until && *user->locked_until > Clock::now()) {
    attempt.why_not = "locked after repeated wrong passwords";
  } else if (!password_ok) {
    const auto failures = store::record_console_login_failure(
        tx, login, wrong_passwords_before_lockout, Clock::now() + std::chrono::minutes(lockout_minutes));
    attempt.why_not = failures >= wrong_passwords_before_lockout ? "wrong password; now locked" : "wrong password";
    a.after["failures_in_a_row"] = failures;
  }
  a.after["login"] = printable(login.substr(0, max_login_journaled));
  a.after["peer"] = peer;
  if (!attempt.why_not.empty()) {
    a.action = "console_login_failed";
    a.after["why"] = attempt.why_not;
    return attempt;
  }
  store::record_console_login_success(tx, login);
  attempt.cookie = random_token_hex(token_bytes);
  store::insert_console_session(tx, sha256(attempt.cookie), login, random_token_hex(token_bytes), peer,
                                idle_timeout_s);
  a.action = "console_login";
  a.after["role"] = user->role;
  if (user->station) a.after["station"] = *user->station;
  return attempt;
}

}  // namespace

std::optional<std::string> log_in(pqxx::connection& connection, const std::string& login,
                                  const std::string& password, const std::string& peer, int idle_timeout_s) {
  Attempt attempt;
  const auto named = printable(login.substr(0, max_login_journaled));
  audit::run_admin_action(connection, {"console", named, ""},
                          [&](pqxx::transaction_base& tx, audit::AdminAction& a) {
                            attempt = check_login(tx, login, password, peer, idle_timeout_s, a);
                          });
  if (!attempt.why_not.empty()) {
    spdlog::warn("console: failed login as '{}' from {}: {}", named, peer, attempt.why_not);
    return std::nullopt;
  }
  spdlog::info("console: {} logged in from {}", named, peer);
  return attempt.cookie;
}

std::optional<Viewer> session_viewer(pqxx::connection& connection, const std::string& cookie, int idle_timeout_s) {
  pqxx::work tx(connection);
  const auto s = store::use_console_session(tx, sha256(cookie), idle_timeout_s);
  tx.commit();
  if (!s) return std::nullopt;
  return Viewer{s->login, s->role, s->station, s->csrf_token};
}

void log_out(pqxx::connection& connection, const std::string& cookie) {
  pqxx::work tx(connection);
  store::delete_console_session(tx, sha256(cookie));
  tx.commit();
}

}  // namespace mstation::web
