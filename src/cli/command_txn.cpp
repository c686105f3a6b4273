// `mstation txn show TXN_ID|--serial S [--format json]`,
// `mstation txn resolve TXN_ID --as succeeded|reversed|not-charged --reason TEXT [--by NAME]`.
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>

#include "command.hpp"
#include "admin_action.hpp"
#include "mstation/audit/manual_actions.hpp"
#include "mstation/recon/manual_settlement.hpp"
#include "mstation/recon/txn_history.hpp"

namespace mstation::cli {
namespace {

int show(const config::Config& config, const Arguments& args) {
  const bool json = json_format(args);
  pqxx::connection connection(config.admin_conninfo());
  pqxx::read_transaction tx(connection);
  std::int64_t txn_id = 0;
  if (const auto serial = args.value("serial")) {
    const auto found = recon::txn_of_serial(tx, *serial);
    if (!found) throw std::runtime_error("no business transaction sent serial " + *serial);
    txn_id = *found;
  } else {
    txn_id = id_positional(args, 1, "TXN_ID (or --serial S)");
  }
  const auto history = recon::txn_history(tx, txn_id);
  if (!history) throw std::runtime_error(fmt::format("no business transaction {}", txn_id));
  std::cout << (json ? history->dump(2) + "\n" : recon::history_text(*history));
  return exit_ok;
}

int resolve(const config::Config& config, const Arguments& args) {
  const auto txn_id = id_positional(args, 1, "TXN_ID");
  const auto as = required(args, "as");
  reason_of(args);
  recon::Resolution r;
  try {
    run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
      r = audit::resolve_txn_action(tx, txn_id, as, a);
    });
  } catch (const recon::ResolveRefused& e) {
    std::cerr << "mstation txn resolve: refused: " << e.what() << "\n";
    return exit_failure;
  }
  std::cout << fmt::format("business transaction {}: {} → {}", txn_id, r.before.state, r.to);
  if (!r.saf_abandoned.empty()) std::cout << fmt::format("; SAF entries {} abandoned", fmt::join(r.saf_abandoned, ", "));
  if (r.original_reversed != 0) std::cout << fmt::format("; original {} reversed", r.original_reversed);
  std::cout << "\n";
  return exit_ok;
}

}  // namespace

Command txn_command() {
  CommandSpec spec{"txn",
                   "txn show TXN_ID|--serial S [--format json] | txn resolve TXN_ID --as succeeded|reversed|not-charged "
                   "--reason TEXT [--by NAME]",
                   "a business transaction: everything about it (record, journal raw and decoded, SG186 exchanges, "
                   "SAF entries, reconciliation items); settle one left unknown or manual by hand (journaled)",
                   {config_option(), {"serial", true, "find the transaction by the SG186 serial it sent"},
                    {"format", true, "text (default) or json"},
                    {"as", true, "succeeded, reversed or not-charged"}, reason_option(), by_option()},
                   2};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"show", "resolve"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            return action == "show" ? show(*config, args) : resolve(*config, args);
          }};
}

}  // namespace mstation::cli
