#pragma once
// Administrative actions: every change to what the station trusts or owes
// made by a person — through the CLI (terminal, operator, cash handin, keys
// rotate-kek, alerts ack, saf retry|abandon, txn resolve, user) or the web
// console (alert acknowledgement, settling by hand, logins and views of
// decrypted frames) — runs in one transaction and leaves one row on the
// `admin` journal chain in that transaction. The row says who (the OS user
// or console login, the person named, the database role), why (a reason,
// where the action takes one) and what changed (before, after) — never a
// secret.
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/connection>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::audit {

// The journal chain of every administrative action.
inline constexpr const char* admin_chain = "admin";

struct AdminAction {
  std::string action;  // the journal row's kind: "terminal_add", "operator_passwd", "alert_ack", ...
  nlohmann::json before = nlohmann::json::object();
  nlohmann::json after = nlohmann::json::object();
  std::optional<std::string> tid;  // the terminal concerned (and a transaction's SEQ), so it is found by tid
  std::optional<std::int64_t> seq;
  std::optional<std::string> txn;
};

// Who acts, as the journal row names them.
struct Actor {
  std::string os_user;  // the OS user of the CLI, or "console:<login>"
  std::string by;       // the person, as they named themselves (--by) or their console login
  std::string reason;   // empty where the action takes none
};

// Runs `work` in one transaction on the admin chain; `work` fills in the
// action (or throws to change nothing). The journal row is added after it;
// an action left without a name found nothing to change and has no row.
// Throws journal::CommitInDoubt when the commit may or may not have happened.
void run_admin_action(pqxx::connection& connection, const Actor& actor,
                      const std::function<void(pqxx::transaction_base&, AdminAction&)>& work);

}  // namespace mstation::audit
