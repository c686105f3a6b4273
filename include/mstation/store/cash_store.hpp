#pragma once
// An operator's cash in transit (在途资金): cash collected minus reversals
// minus cash handed in at the office, one row per operator in
// mstation.operator_cash.
#include <cstdint>
#include <pqxx/transaction_base>
#include <string>

namespace mstation::store {

// The operator's cash in transit, with the row locked until the transaction
// ends, so a limit checked against it holds across sessions and instances.
std::int64_t lock_cash_in_transit(pqxx::transaction_base& tx, const std::string& operator_id);

// Adds `delta_fen` (negative to take away) to the operator's cash in
// transit; returns the new amount.
std::int64_t add_cash_in_transit(pqxx::transaction_base& tx, const std::string& operator_id, std::int64_t delta_fen);

// Records cash handed in at the office and takes it off the cash in transit;
// returns what is left in transit. (The caller checks the amount against
// lock_cash_in_transit first, in the same transaction.)
std::int64_t record_cash_handin(pqxx::transaction_base& tx, const std::string& operator_id, std::int64_t amount_fen);

}  // namespace mstation::store
