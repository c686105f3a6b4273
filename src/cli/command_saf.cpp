// `mstation saf list [--state queued|manual|done|abandoned] [--format json]`,
// `mstation saf retry ID [--reason TEXT]` (a manual or abandoned entry back to queued),
// `mstation saf abandon ID --reason TEXT` (stop trying; settle the transaction with `txn resolve`).
#include <fmt/format.h>

#include <iostream>
#include <pqxx/pqxx>

#include "command.hpp"
#include "admin_action.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/store/saf_store.hpp"

namespace mstation::cli {
namespace {

constexpr int list_limit = 1000;

nlohmann::json saf_json(const store::SafRow& e) {
  return {{"saf_id", e.saf_id},         {"txn_id", e.txn_id},           {"purpose", e.purpose},
          {"sg186_txn", e.sg186_txn},   {"serial", e.sg186_serial},     {"state", e.state},
          {"attempts", e.attempts},     {"last_result", e.last_result}, {"created_at", e.created_at},
          {"next_attempt_at", e.next_attempt_at}, {"finished_at", e.finished_at}, {"leased_by", e.claimed_by}};
}

int list(const config::Config& config, const Arguments& args) {
  const bool json = json_format(args);
  const auto state = args.value("state").value_or("");
  if (!state.empty() && state != "queued" && state != "manual" && state != "done" && state != "abandoned") {
    throw UsageError("--state must be queued, manual, done or abandoned");
  }
  pqxx::connection connection(config.admin_conninfo());
  pqxx::read_transaction tx(connection);
  const auto entries = store::list_saf(tx, state, 0, list_limit);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& e : entries) out.push_back(saf_json(e));
    std::cout << out.dump(2) << "\n";
    return exit_ok;
  }
  for (const auto& e : entries) {
    std::cout << fmt::format("{:>6}  txn {:<8} {:<8} {} serial {}  {:<9} attempts {:<3} last {:<12} {}{}\n", e.saf_id,
                             e.txn_id, e.purpose, e.sg186_txn, e.sg186_serial, e.state, e.attempts,
                             e.last_result.empty() ? "-" : e.last_result,
                             e.state == "queued" ? "next " + e.next_attempt_at : "ended " + e.finished_at,
                             e.claimed_by.empty() ? "" : " (being tried by " + e.claimed_by + ")");
  }
  std::cout << fmt::format("{} entr{}\n", entries.size(), entries.size() == 1 ? "y" : "ies");
  return exit_ok;
}

// Sending it again must not undo what people or the statement decided: only
// while its transaction is still undecided, and never an entry `txn resolve`
// abandoned.
void refuse_retry_if_settled(pqxx::transaction_base& tx, const store::SafRow& e) {
  if (e.last_result == "resolved by hand") {
    throw std::runtime_error(fmt::format("SAF entry {} was abandoned by `txn resolve` of transaction {}: not sent again",
                                         e.saf_id, e.txn_id));
  }
  // A card-write confirmation (041) is the station's to deliver whatever its purchase's state;
  // a reversal, or a resent reversal or reading upload, only while the record is undecided.
  if (e.purpose != store::saf_purpose::reversal && e.sg186_txn == "041") return;
  const auto t = store::lock_business_txn(tx, e.txn_id);
  if (t && t->state != store::txn_state::unknown && t->state != store::txn_state::manual) {
    throw std::runtime_error(fmt::format("transaction {} is {}: its {} {} is not sent again", e.txn_id, t->state,
                                         e.purpose, e.sg186_txn));
  }
}

int retry(const config::Config& config, const Arguments& args) {
  const auto id = id_positional(args, 1, "SAF entry ID");
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto e = store::lock_saf(tx, id);
    if (!e) throw std::runtime_error(fmt::format("no SAF entry {}", id));
    refuse_retry_if_settled(tx, *e);
    if (!store::requeue_saf(tx, id)) {
      throw std::runtime_error(fmt::format("SAF entry {} is {}: only manual or abandoned entries are retried", id, e->state));
    }
    a.action = "saf_retry";
    a.before = saf_json(*e);
    a.after = saf_json(*store::lock_saf(tx, id));
  });
  std::cout << fmt::format("SAF entry {} queued again: the worker sends it within seconds\n", id);
  return exit_ok;
}

int abandon(const config::Config& config, const Arguments& args) {
  const auto id = id_positional(args, 1, "SAF entry ID");
  const auto reason = reason_of(args);
  std::int64_t txn_id = 0;
  run_admin_action(config, args, [&](pqxx::transaction_base& tx, AdminAction& a) {
    const auto e = store::lock_saf(tx, id);
    if (!e) throw std::runtime_error(fmt::format("no SAF entry {}", id));
    if (!e->claimed_by.empty()) {
      throw std::runtime_error(fmt::format("SAF entry {} is being tried right now by {}: try again in a minute", id,
                                           e->claimed_by));
    }
    if (!store::abandon_saf(tx, id, "abandoned by hand")) {
      throw std::runtime_error(fmt::format("SAF entry {} is {}: only queued or manual entries are abandoned", id, e->state));
    }
    txn_id = e->txn_id;
    a.action = "saf_abandon";
    a.before = saf_json(*e);
    a.after = saf_json(*store::lock_saf(tx, id));
  });
  std::cout << fmt::format("SAF entry {} abandoned; settle business transaction {} with `mstation txn resolve {} "
                           "--as … --reason …`\n",
                           id, txn_id, txn_id);
  return exit_ok;
}

}  // namespace

Command saf_command() {
  CommandSpec spec{"saf",
                   "saf list [--state S] [--format json] | saf retry ID [--reason TEXT] | saf abandon ID --reason TEXT",
                   "the store-and-forward queue: list it; send a manual or abandoned entry again; stop trying one "
                   "(journaled)",
                   {config_option(), {"state", true, "queued, manual, done or abandoned"},
                    {"format", true, "text (default) or json"}, reason_option(), by_option()},
                   2};
  return {spec, [](const Arguments& args) {
            const auto action = action_of(args, {"list", "retry", "abandon"});
            const auto config = load_config_for(args);
            if (!config) return int{exit_usage};
            if (action == "list") return list(*config, args);
            return action == "retry" ? retry(*config, args) : abandon(*config, args);
          }};
}

}  // namespace mstation::cli
