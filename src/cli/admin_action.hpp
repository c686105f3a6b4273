#pragma once
// Administrative actions: every command that changes what the station
// trusts or owes (terminal, operator, cash handin, keys rotate-kek, alerts
// ack, saf retry|abandon, txn resolve) runs in one transaction as the
// administrator role (database.admin_conninfo) and leaves one row on the
// `admin` journal chain in that transaction. The row says who (the OS user,
// --by NAME, the database role), why (--reason TEXT, where the command takes
// one) and what changed (before, after) — never a secret.
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

struct AdminAction {
  std::string action;  // the journal row's kind: "terminal_add", "operator_passwd", "alert_ack", ...
  nlohmann::json before = nlohmann::json::object();
  nlohmann::json after = nlohmann::json::object();
  std::optional<std::string> tid;  // the terminal concerned (and a transaction's SEQ), so it is found by tid
  std::optional<std::int64_t> seq;
  std::optional<std::string> txn;
};

// Runs `work` in one transaction on the admin chain; `work` fills in the
// action (or throws to change nothing). The journal row is added after it;
// an action left without a name found nothing to change and has no row.
// Throws journal::CommitInDoubt when the commit may or may not have happened.
void run_admin_action(const config::Config& config, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work);

// The same as another role: `mstation maintain` journals its work as the owner.
void run_admin_action(const std::string& conninfo, const Arguments& args,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work);

// A reason is required: "--reason is required" otherwise.
std::string reason_of(const Arguments& args);

}  // namespace mstation::cli
