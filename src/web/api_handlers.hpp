#pragma once
// The handlers behind the console's API routes (console_api.cpp), one file
// per page. Each reads in the transaction it is given and returns the JSON
// of docs/console.md, or throws an ApiError.
#include <nlohmann/json.hpp>
#include <pqxx/connection>
#include <pqxx/transaction_base>

#include "mstation/audit/admin_action.hpp"
#include "mstation/config/config.hpp"
#include "mstation/web/console_api.hpp"

namespace mstation::web {

// Today at a glance.
nlohmann::json overview_json(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query);
// Search; and the same as CSV.
nlohmann::json transactions_json(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query);
std::string transactions_csv(pqxx::transaction_base& tx, const Viewer& viewer, const Params& query);
// One transaction; an auditor's view of its decrypted frames is journaled
// (on its own connection's admin action) before it is returned.
nlohmann::json transaction_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t txn_id);
nlohmann::json resolve_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t txn_id,
                            const nlohmann::json& body);
// Reconciliation.
nlohmann::json recon_runs_json(pqxx::transaction_base& tx);
nlohmann::json recon_run_json(pqxx::transaction_base& tx, std::int64_t run_id);
// The SAF queue and alerts.
nlohmann::json saf_json(pqxx::transaction_base& tx, const Params& query);
nlohmann::json alerts_json(pqxx::transaction_base& tx, const Params& query);
nlohmann::json ack_json(pqxx::connection& connection, const Viewer& viewer, std::int64_t alert_id,
                        const nlohmann::json& body);
// Registers.
nlohmann::json terminals_json(pqxx::transaction_base& tx, const Viewer& viewer);
nlohmann::json operators_json(pqxx::transaction_base& tx, const Viewer& viewer);
// Journal chains: heads, the last verify, the newest checkpoint.
nlohmann::json chain_json(pqxx::transaction_base& tx, const config::Config& config);

// Shared by the handlers.
std::int64_t id_in_path(const std::string& text);
std::string txn_name(const std::string& txn);
// A query's `key` as a date "YYYY-MM-DD" (nullopt if absent or empty); BadRequest if it is not one.
std::optional<std::string> iso_date_param(const Params& query, const char* key);
// A required non-empty string field of a POST body, at most max_body_text bytes.
inline constexpr std::size_t max_body_text = 2000;  // bytes: a reason of 500 Chinese characters fits
std::string body_text(const nlohmann::json& body, const char* field);
audit::Actor console_actor(const Viewer& viewer, const std::string& reason);

}  // namespace mstation::web
