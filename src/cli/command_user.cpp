// mstation user add LOGIN --role auditor|ops|office [--station NAME] |
// user disable|enable|passwd LOGIN | user list — the web console's logins
// (docs/console.md). Passwords come from stdin; every change is journaled
// on the admin chain, never the password.
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>
#include <regex>

#include "admin_action.hpp"
#include "command.hpp"
#include "mstation/common/secret.hpp"
#include "mstation/store/console_user_store.hpp"
#include "password_input.hpp"

namespace mstation::cli {
namespace {

constexpr std::size_t min_password_length = 10;

std::string login_positional(const Arguments& args) {
  if (args.positionals.size() < 2) throw UsageError("LOGIN is required");
  const auto& login = args.positionals[1];
  if (!std::regex_match(login, std::regex("[A-Za-z0-9_.-]{1,32}"))) {
    throw UsageError("LOGIN must be 1 to 32 letters, digits, '_', '.' or '-'");
  }
  return login;
}

store::ConsoleUser locked(pqxx::transaction_base& tx, const std::string& login) {
  auto user = store::lock_console_user(tx, login);
  if (!user) throw std::runtime_error("no console user " + login);
  return *user;
}

int add(const config::Config& config, const Arguments& args) {
  store::ConsoleUser user;
  user.login = login_positional(args);
  user.role = required(args, "role");
  if (!store::is_console_role(user.role)) throw UsageError("--role must be auditor, ops or office");
  user.station = args.value("station");
  if (user.role == "office" && (!user.station || user.station->empty())) {
    throw UsageError("an office user needs --station NAME (the 供电所 it sees)");
  }
  if (user.role != "office" && user.station) throw UsageError("--station is for office users only");
  std::string password = read_password(min_password_length);
  user.password = hash_password(password);
  cleanse(password.data(), password.size());
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    if (store::find_console_user(tx, user.login)) throw std::runtime_error("console user " + user.login + " exists");
    store::insert_console_user(tx, user);
    a.action = "user_add";
    a.after = {{"login", user.login}, {"role", user.role}, {"enabled", true}};
    if (user.station) a.after["station"] = *user.station;
  });
  std::cout << fmt::format("console user {} added as {}{}\n", user.login, user.role,
                           user.station ? " of " + *user.station : "");
  return exit_ok;
}

int set_enabled(const config::Config& config, const Arguments& args, bool enabled) {
  const auto login = login_positional(args);
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto user = locked(tx, login);
    store::set_console_user_enabled(tx, login, enabled);
    if (!enabled) tx.exec_params("DELETE FROM mstation.console_session WHERE login = $1", login);
    a.action = enabled ? "user_enable" : "user_disable";
    a.before = {{"login", login}, {"enabled", user.enabled}, {"failed_logins", user.failed_logins}};
    a.after = {{"login", login}, {"enabled", enabled}, {"failed_logins", 0}, {"locked_until", nullptr}};
  });
  std::cout << fmt::format("console user {} {}\n", login, enabled ? "enabled (any lockout lifted)" : "disabled (logged out)");
  return exit_ok;
}

int passwd(const config::Config& config, const Arguments& args) {
  const auto login = login_positional(args);
  std::string password = read_password(min_password_length);
  const auto hash = hash_password(password);
  cleanse(password.data(), password.size());
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto user = locked(tx, login);
    store::set_console_user_password(tx, login, hash);
    tx.exec_params("DELETE FROM mstation.console_session WHERE login = $1", login);
    a.action = "user_passwd";
    a.before = {{"login", login}, {"failed_logins", user.failed_logins}};
    a.after = {{"login", login}, {"password", "changed"}, {"failed_logins", 0}, {"locked_until", nullptr}};
  });
  std::cout << fmt::format("console user {}: password changed, lockout lifted, sessions ended\n", login);
  return exit_ok;
}

int list(const config::Config& config) {
  pqxx::connection connection(config.admin_conninfo());
  pqxx::read_transaction tx(connection);
  const auto users = store::list_console_users(tx);
  for (const auto& u : users) {
    std::cout << fmt::format("{:<20} {:<8} {:<16} {}{}\n", u.login, u.role, u.station.value_or("-"),
                             u.enabled ? "enabled" : "disabled",
                             u.failed_logins > 0 ? fmt::format(", {} wrong passwords in a row", u.failed_logins) : "");
  }
  std::cout << fmt::format("{} console user{}\n", users.size(), users.size() == 1 ? "" : "s");
  return exit_ok;
}

}  // namespace

Command user_command() {
  CommandSpec spec{"user",
                   "user add LOGIN --role auditor|ops|office [--station NAME] --config FILE   (password on stdin)\n"
                   "       mstation user disable|enable|passwd LOGIN --config FILE | user list --config FILE",
                   "manage the web console's logins. The password (at least 10 characters) is read from the first "
                   "line of standard input; passwd and enable lift a lockout; disable and passwd end the user's "
                   "sessions. Every change is journaled on the admin chain (--by, --reason), never the password",
                   {config_option(),
                    {"role", true, "auditor (all, and decrypted frames), ops (all; settles by hand) or office"},
                    {"station", true, "an office user's 供电所: it sees only that station"},
                    by_option(),
                    reason_option()},
                   2};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"add", "disable", "enable", "passwd", "list"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            if (action == "add") return add(*config, args);
            if (action == "passwd") return passwd(*config, args);
            if (action == "list") return list(*config);
            return set_enabled(*config, args, action == "enable");
          }};
}

}  // namespace mstation::cli
