#include "mstation/store/console_user_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/bytea.hpp"
#include "mstation/store/prepared.hpp"
#include "mstation/store/timestamps.hpp"

namespace mstation::store {
namespace {

constexpr const char* columns =
    "login, role, station, enabled, password_hash, password_salt, password_iterations, failed_logins, "
    "(extract(epoch FROM locked_until) * 1e6)::bigint";

ConsoleUser from_row(const pqxx::row& r) {
  ConsoleUser u;
  u.login = r[0].as<std::string>();
  u.role = r[1].as<std::string>();
  if (!r[2].is_null()) u.station = r[2].as<std::string>();
  u.enabled = r[3].as<bool>();
  u.password.hash = bytes_of(r[4]);
  u.password.salt = bytes_of(r[5]);
  u.password.iterations = r[6].as<int>();
  u.failed_logins = r[7].as<int>();
  u.locked_until = optional_time(r[8]);
  return u;
}

std::optional<ConsoleUser> select_one(pqxx::transaction_base& tx, const std::string& login, const char* suffix) {
  const auto r =
      exec_prepared(tx, std::string("SELECT ") + columns + " FROM mstation.console_user WHERE login = $1" + suffix, login);
  if (r.empty()) return std::nullopt;
  return from_row(r[0]);
}

}  // namespace

bool is_console_role(const std::string& role) { return role == "auditor" || role == "ops" || role == "office"; }

std::optional<ConsoleUser> find_console_user(pqxx::transaction_base& tx, const std::string& login) {
  return select_one(tx, login, "");
}

std::optional<ConsoleUser> lock_console_user(pqxx::transaction_base& tx, const std::string& login) {
  return select_one(tx, login, " FOR UPDATE");
}

void insert_console_user(pqxx::transaction_base& tx, const ConsoleUser& u) {
  exec_prepared(tx,
                "INSERT INTO mstation.console_user (login, role, station, enabled, password_hash, password_salt, "
                "password_iterations) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                u.login, u.role, u.station, u.enabled, as_bytea(u.password.hash), as_bytea(u.password.salt),
                u.password.iterations);
}

bool set_console_user_enabled(pqxx::transaction_base& tx, const std::string& login, bool enabled) {
  return exec_prepared(tx,
                       "UPDATE mstation.console_user SET enabled = $2, failed_logins = 0, locked_until = NULL, "
                       "updated_at = now() WHERE login = $1",
                       login, enabled)
             .affected_rows() == 1;
}

bool set_console_user_password(pqxx::transaction_base& tx, const std::string& login, const PasswordHash& password) {
  return exec_prepared(tx,
                       "UPDATE mstation.console_user SET password_hash = $2, password_salt = $3, "
                       "password_iterations = $4, failed_logins = 0, locked_until = NULL, updated_at = now() "
                       "WHERE login = $1",
                       login, as_bytea(password.hash), as_bytea(password.salt), password.iterations)
             .affected_rows() == 1;
}

int record_console_login_failure(pqxx::transaction_base& tx, const std::string& login, int lock_after,
                                 TimePoint until) {
  // A lock that has run out starts the count again: "five in a row" counts
  // from the end of the last lockout, not from the first wrong password ever.
  return exec_prepared1(tx,
                        "UPDATE mstation.console_user u SET failed_logins = n.failures, "
                        "locked_until = CASE WHEN n.failures >= $2 "
                        "  THEN (timestamptz 'epoch' + $3 * interval '1 microsecond') END, "
                        "updated_at = now() "
                        "FROM (SELECT login, CASE WHEN locked_until <= now() THEN 1 ELSE failed_logins + 1 END "
                        "      AS failures FROM mstation.console_user WHERE login = $1) n "
                        "WHERE u.login = n.login RETURNING u.failed_logins",
                        login, lock_after, epoch_us(until))[0]
      .as<int>();
}

void record_console_login_success(pqxx::transaction_base& tx, const std::string& login) {
  exec_prepared(tx,
                "UPDATE mstation.console_user SET failed_logins = 0, locked_until = NULL, last_login_at = now() "
                "WHERE login = $1",
                login);
}

std::vector<ConsoleUser> list_console_users(pqxx::transaction_base& tx) {
  std::vector<ConsoleUser> users;
  for (const auto& r : exec_prepared(tx, std::string("SELECT ") + columns + " FROM mstation.console_user ORDER BY login")) {
    users.push_back(from_row(r));
  }
  return users;
}

}  // namespace mstation::store
