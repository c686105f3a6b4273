#pragma once
// Everything the station holds about one business transaction, for
// `mstation txn show` (and the console later): the record, its journal rows
// raw (hex) and decoded — the terminal's request and answer, its SG186
// exchanges, the store-and-forward attempts, settlements and manual actions
// — its SAF entries and the reconciliation items that named it.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::recon {

// nullopt if there is no such transaction.
std::optional<nlohmann::json> txn_history(pqxx::transaction_base& tx, std::int64_t txn_id);
// The transaction that sent this SG186 serial (its own, or an automatic reversal's), if any.
std::optional<std::int64_t> txn_of_serial(pqxx::transaction_base& tx, const std::string& serial);
// The same for people.
std::string history_text(const nlohmann::json& history);

}  // namespace mstation::recon
