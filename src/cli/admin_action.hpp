#pragma once
// Settling by hand (alerts ack, saf retry|abandon, txn resolve): each action
// runs in one transaction on the `admin` journal chain, and its journal row
// says who (the OS user, --by NAME, the database role), why (--reason TEXT)
// and what changed (before, after) — never a secret.
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "command.hpp"
#include "mstation/journal/entry.hpp"

namespace mstation::cli {

// The journal chain of every administrative action.
inline constexpr const char* admin_chain = "admin";

// --by and --reason, for the commands that take them.
OptionSpec by_option();
OptionSpec reason_option();

struct ManualAction {
  std::string action;  // "alert_ack", "saf_retry", "saf_abandon", "txn_resolve"
  nlohmann::json before = nlohmann::json::object();
  nlohmann::json after = nlohmann::json::object();
  std::optional<std::string> tid;  // the business transaction's terminal and SEQ, so `txn show` finds the row
  std::optional<std::int64_t> seq;
  std::optional<std::string> txn;
};

// Runs `work` in one transaction on the admin chain; `work` fills in the
// action (or throws to change nothing). The journal row is added after it.
void run_manual_action(const config::Config& config, const Arguments& args,
                       const std::function<void(pqxx::transaction_base&, ManualAction&)>& work);

// A reason is required: "--reason is required" otherwise.
std::string reason_of(const Arguments& args);

}  // namespace mstation::cli
