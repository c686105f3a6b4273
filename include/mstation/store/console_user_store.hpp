#pragma once
// Rows of mstation.console_user: the people who log in to the web console
// (docs/console.md), with their role, their supply office (office role
// only), a PBKDF2 password hash, and the count of wrong passwords in a row
// that locks the login. Written by `mstation user` and by the console's
// login; read in the caller's transaction.
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/common/china_time.hpp"
#include "mstation/common/password.hpp"

namespace mstation::store {

struct ConsoleUser {
  std::string login;
  std::string role;                    // auditor | ops | office
  std::optional<std::string> station;  // office only
  bool enabled = true;
  PasswordHash password;
  int failed_logins = 0;
  std::optional<TimePoint> locked_until;
};

// Whether `role` is one the console knows.
bool is_console_role(const std::string& role);

std::optional<ConsoleUser> find_console_user(pqxx::transaction_base& tx, const std::string& login);
// FOR UPDATE: counting wrong passwords holds across instances.
std::optional<ConsoleUser> lock_console_user(pqxx::transaction_base& tx, const std::string& login);
void insert_console_user(pqxx::transaction_base& tx, const ConsoleUser& user);
// Both lift a lockout and clear the failure count; false if there is no such login.
bool set_console_user_enabled(pqxx::transaction_base& tx, const std::string& login, bool enabled);
bool set_console_user_password(pqxx::transaction_base& tx, const std::string& login, const PasswordHash& password);
// A wrong password: the new count in a row (counted afresh once a lockout has run
// out); at `lock_after` the login is locked until `until`.
int record_console_login_failure(pqxx::transaction_base& tx, const std::string& login, int lock_after,
                                 TimePoint until);
void record_console_login_success(pqxx::transaction_base& tx, const std::string& login);
// Every login, for `mstation user list`.
std::vector<ConsoleUser> list_console_users(pqxx::transaction_base& tx);

}  // namespace mstation::store
