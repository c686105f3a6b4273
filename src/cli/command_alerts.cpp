// `mstation alerts list [--open] [--format json]`, `mstation alerts ack ID --reason TEXT [--by NAME]`.
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>

#include "command.hpp"
#include "admin_action.hpp"
#include "mstation/audit/manual_actions.hpp"
#include "mstation/store/alert_store.hpp"
#include "os_user.hpp"

namespace mstation::cli {
namespace {

constexpr int list_limit = 500;

int list(const config::Config& config, const Arguments& args) {
  const bool json = json_format(args);
  pqxx::connection connection(config.admin_conninfo());
  pqxx::read_transaction tx(connection);
  const auto alerts = store::list_alerts(tx, args.has("open"), list_limit);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : alerts) out.push_back(store::alert_json(a));
    std::cout << out.dump(2) << "\n";
    return exit_ok;
  }
  for (const auto& a : alerts) {
    std::cout << fmt::format("{:>6}  {}  {:<8} {:<22} {:<22} {}\n", a.alert_id, a.raised_at, a.severity, a.kind,
                             a.subject, a.message);
    if (a.acknowledged_at) {
      std::cout << fmt::format("        acknowledged {} by {}: {}\n", *a.acknowledged_at, a.acknowledged_by.value_or(""),
                               a.ack_reason.value_or(""));
    }
  }
  std::cout << fmt::format("{} alert{}{}\n", alerts.size(), alerts.size() == 1 ? "" : "s",
                           args.has("open") ? " open" : "");
  return exit_ok;
}

int ack(const config::Config& config, const Arguments& args) {
  const auto id = id_positional(args, 1, "alert ID");
  const auto reason = reason_of(args);
  const auto by = args.value("by").value_or(os_user());
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    audit::acknowledge_alert_action(tx, id, by, reason, a);
  });
  std::cout << fmt::format("alert {} acknowledged by {}\n", id, by);
  return exit_ok;
}

}  // namespace

Command alerts_command() {
  CommandSpec spec{"alerts", "alerts list [--open] [--format json] | alerts ack ID --reason TEXT [--by NAME]",
                   "list the alerts (newest first, at most 500); acknowledge one, saying why (journaled)",
                   {config_option(), {"open", false, "only those not acknowledged"},
                    {"format", true, "text (default) or json"}, reason_option(), by_option()},
                   2};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"list", "ack"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return action == "list" ? list(*config, args) : ack(*config, args);
          }};
}

}  // namespace mstation::cli
