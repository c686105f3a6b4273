#include "mstation/store/cash_store.hpp"

#include <pqxx/pqxx>

#include "mstation/store/prepared.hpp"

namespace mstation::store {

std::int64_t lock_cash_in_transit(pqxx::transaction_base& tx, const std::string& operator_id) {
  // One round trip: the row created if missing, locked either way (a no-op
  // update takes the row lock that FOR UPDATE would).
  return exec_prepared1(
             tx,
             "INSERT INTO mstation.operator_cash AS c (operator_id) VALUES ($1) "
             "ON CONFLICT (operator_id) DO UPDATE SET in_transit_fen = c.in_transit_fen RETURNING in_transit_fen",
             operator_id)[0]
      .as<std::int64_t>();
}

std::int64_t add_cash_in_transit(pqxx::transaction_base& tx, const std::string& operator_id, std::int64_t delta_fen) {
  return exec_prepared1(
             tx,
             "INSERT INTO mstation.operator_cash AS c (operator_id, in_transit_fen) VALUES ($1, $2) "
             "ON CONFLICT (operator_id) DO UPDATE SET in_transit_fen = c.in_transit_fen + $2, updated_at = now() "
             "RETURNING in_transit_fen",
             operator_id, delta_fen)[0]
      .as<std::int64_t>();
}

std::int64_t record_cash_handin(pqxx::transaction_base& tx, const std::string& operator_id, std::int64_t amount_fen) {
  exec_prepared(tx, "INSERT INTO mstation.cash_handin (operator_id, amount_fen) VALUES ($1, $2)", operator_id,
                amount_fen);
  return add_cash_in_transit(tx, operator_id, -amount_fen);
}

}  // namespace mstation::store
