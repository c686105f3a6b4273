// mstation operator add | disable | enable | passwd — passwords come from stdin.
#include <iostream>
#include <regex>

#include "admin_action.hpp"
#include "command.hpp"
#include "password_input.hpp"
#include "mstation/common/china_time.hpp"
#include "mstation/common/secret.hpp"
#include "mstation/common/password.hpp"
#include "mstation/store/operator_store.hpp"

#include <spdlog/spdlog.h>

namespace mstation::cli {
namespace {

constexpr std::size_t min_password_length = 6;

std::string operator_id_option(const Arguments& args) {
  auto id = required(args, "id");
  if (!std::regex_match(id, std::regex("[0-9A-Za-z]{1,8}"))) {
    throw UsageError("--id must be 1 to 8 letters or digits (SG186 OPERATOR is C(8))");
  }
  return id;
}

store::OperatorRecord locked(pqxx::transaction_base& tx, const std::string& id) {
  auto op = store::lock_operator(tx, id);
  if (!op) throw std::runtime_error("no operator " + id);
  return *op;
}

int add(const config::Config& config, const Arguments& args) {
  store::OperatorRecord op;
  op.operator_id = operator_id_option(args);
  op.name = required(args, "name");
  op.station = required(args, "station");
  std::string password = read_password(min_password_length);
  op.password = hash_password(password);
  cleanse(password.data(), password.size());
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    if (store::find_operator(tx, op.operator_id)) throw std::runtime_error("operator " + op.operator_id + " exists");
    store::insert_operator(tx, op);
    a.action = "operator_add";
    a.after = {{"operator_id", op.operator_id}, {"name", op.name}, {"station", op.station}, {"enabled", true}};
  });
  std::cout << "operator " << op.operator_id << " (" << op.name << ") added at " << op.station << "\n";
  spdlog::info("operator {} added at station {}", op.operator_id, op.station);
  return exit_ok;
}

int set_enabled(const config::Config& config, const Arguments& args, bool enabled) {
  const auto id = operator_id_option(args);
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto op = locked(tx, id);
    store::set_operator_enabled(tx, id, enabled);
    a.action = enabled ? "operator_enable" : "operator_disable";
    a.before = {{"operator_id", id}, {"enabled", op.enabled}};
    a.after = {{"operator_id", id}, {"enabled", enabled}};
  });
  std::cout << "operator " << id << (enabled ? " enabled" : " disabled") << "\n";
  spdlog::info("operator {} {}", id, enabled ? "enabled" : "disabled");
  return exit_ok;
}

// Also lifts a lockout.
int passwd(const config::Config& config, const Arguments& args) {
  const auto id = operator_id_option(args);
  std::string password = read_password(min_password_length);
  const auto hash = hash_password(password);
  cleanse(password.data(), password.size());
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto op = locked(tx, id);
    store::set_operator_password(tx, id, hash);
    a.action = "operator_passwd";
    a.before = {{"operator_id", id},
                {"locked_until", op.locked_until ? nlohmann::json(iso8601_china(*op.locked_until)) : nullptr}};
    a.after = {{"operator_id", id}, {"password", "changed"}, {"locked_until", nullptr}, {"login_failures", "cleared"}};
  });
  std::cout << "operator " << id << ": password changed, lockout cleared\n";
  spdlog::info("operator {} password changed", id);
  return exit_ok;
}

}  // namespace

Command operator_command() {
  CommandSpec spec{"operator",
                   "operator add --id ID --name NAME --station NAME --config FILE   (password on stdin)\n"
                   "       mstation operator disable|enable|passwd --id ID --config FILE",
                   "manage operators (electricians). The password is read from the first line of standard "
                   "input; passwd also clears a lockout. Every change is journaled on the admin chain with who and why "
                   "(--by, --reason), never the password",
                   {config_option(),
                    {"id", true, "operator id, 1-8 letters or digits"},
                    {"name", true, "the operator's name, e.g. 张三"},
                    {"station", true, "the 供电所 the operator belongs to"},
                    by_option(),
                    reason_option()},
                   1};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"add", "disable", "enable", "passwd"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            if (action == "add") return add(*config, args);
            if (action == "passwd") return passwd(*config, args);
            return set_enabled(*config, args, action == "enable");
          }};
}

}  // namespace mstation::cli
