// `mstation cash handin --operator ID --amount-fen N`: cash an operator handed
// in at the office comes off their cash in transit (limits.max_cash_in_transit_fen),
// recorded in mstation.cash_handin and journaled.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <spdlog/spdlog.h>

#include "mstation/store/cash_store.hpp"
#include "mstation/store/operator_store.hpp"
#include "admin_action.hpp"
#include "command.hpp"

namespace mstation::cli {
namespace {

std::int64_t amount_option(const Arguments& args) {
  return positive_number(required(args, "amount-fen"), "--amount-fen (in fen)");
}

int handin(const config::Config& config, const Arguments& args) {
  const auto operator_id = required(args, "operator");
  const auto amount = amount_option(args);
  std::int64_t left = 0;
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    if (!store::find_operator(tx, operator_id)) throw std::runtime_error("no operator " + operator_id);
    const auto in_transit = store::lock_cash_in_transit(tx, operator_id);
    if (amount > in_transit) {
      // A typo (one zero too many) would otherwise lift the operator's limit.
      throw std::runtime_error(fmt::format("operator {} has {} fen in transit, less than the {} fen handed in",
                                           operator_id, in_transit, amount));
    }
    left = store::record_cash_handin(tx, operator_id, amount);
    a.action = "cash_handin";
    a.before = {{"operator_id", operator_id}, {"in_transit_fen", in_transit}};
    a.after = {{"operator_id", operator_id}, {"amount_fen", amount}, {"in_transit_fen", left}};
  });
  std::cout << fmt::format("operator {}: {} fen handed in, {} fen still in transit\n", operator_id, amount, left);
  spdlog::info("operator {}: {} fen handed in, {} fen in transit", operator_id, amount, left);
  return exit_ok;
}

}  // namespace

Command cash_command() {
  CommandSpec spec{"cash", "cash handin --operator ID --amount-fen N --config FILE",
                   "record cash an operator handed in at the office: it comes off their cash in transit "
                   "(limits.max_cash_in_transit_fen); journaled on the admin chain with who and why (--by, --reason)",
                   {config_option(), {"operator", true, "operator id"}, {"amount-fen", true, "amount in fen, > 0"},
                    by_option(),
                    reason_option()},
                   1};
  return {spec, [](const Arguments& args) {
            action_of(args, {"handin"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return handin(*config, args);
          }};
}

}  // namespace mstation::cli
