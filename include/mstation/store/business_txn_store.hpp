#pragma once
// Rows of mstation.business_txn: one per business transaction that changes
// something at SG186, written ahead of the SG186 call (state `pending`) and
// settled in the commit that stores the terminal's answer.
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <pqxx/transaction_base>
#include <string>
#include <vector>

#include "mstation/store/request_store.hpp"

namespace mstation::store {

namespace txn_state {
inline constexpr const char* pending = "pending";
inline constexpr const char* succeeded = "succeeded";
inline constexpr const char* declined = "declined";
inline constexpr const char* unknown = "unknown";
inline constexpr const char* reversed = "reversed";
inline constexpr const char* manual = "manual";
inline constexpr const char* not_charged = "not_charged";  // SG186 never booked it (reconciliation, ops)
}  // namespace txn_state

struct BusinessTxn {
  std::int64_t txn_id = 0;
  std::uint32_t business_date = 0;  // YYYYMMDD
  RequestKey request;               // terminal, SEQ epoch, SEQ
  std::string operator_id;
  std::string txn;                  // HHU TXN, "0202"
  std::string customer_no;
  std::int64_t amount_fen = 0;
  bool cash = false;                // counts in the operator's cash in transit
  std::optional<std::int64_t> orig_txn_id;
  std::string sg186_serial;
  std::string sg186_request;        // the exact bytes sent
  std::string sg186_code;
  std::string charge_id;
  std::string state = txn_state::pending;
  std::string response_code;
  std::string receipt_no;
  std::vector<std::string> receipt_lines;
  nlohmann::json detail = nlohmann::json::object();
  std::string created_at;           // ISO 8601, UTC+8
};

// A txn_id for a transaction whose number must be known before it is inserted.
std::int64_t next_business_txn_id(pqxx::transaction_base& tx);
// Inserts `t` (state pending), under `t.txn_id` if set, with its receipt
// number and lines if already known; returns its txn_id.
std::int64_t insert_business_txn(pqxx::transaction_base& tx, const BusinessTxn& t);

std::optional<BusinessTxn> find_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id);
// The same, with the row locked FOR UPDATE until the transaction ends.
std::optional<BusinessTxn> lock_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id);
// The same without waiting: `busy` set (and nullopt) when another transaction holds the row.
std::optional<BusinessTxn> try_lock_business_txn(pqxx::transaction_base& tx, std::int64_t txn_id, bool& busy);
// The transaction a terminal request created, if any (locked, or not).
std::optional<BusinessTxn> lock_business_txn_of(pqxx::transaction_base& tx, const RequestKey& request);
std::optional<BusinessTxn> find_business_txn_of(pqxx::transaction_base& tx, const RequestKey& request);
// The money transaction (0202, 0204) a terminal sent with this SEQ, in its current SEQ epoch.
std::optional<BusinessTxn> find_by_terminal_seq(pqxx::transaction_base& tx, const std::string& tid, int seq_epoch,
                                                std::int64_t seq);
// Records still `pending` after `older_than`, locked (SKIP LOCKED): their
// process died between write-ahead and answer and no retransmission came.
std::vector<BusinessTxn> lock_abandoned(pqxx::transaction_base& tx, std::chrono::seconds older_than, int limit);
// A reversal of `orig_txn_id` that is pending, succeeded or unknown, if any.
std::optional<BusinessTxn> find_live_reversal(pqxx::transaction_base& tx, std::int64_t orig_txn_id);

// Moves the row from `from` to `t.state`, storing SG186's code, charge id,
// the HHU code, receipt and detail. False if the row is not in state `from`
// (someone settled it first). Cash counts in the operator's cash in transit
// while pending or succeeded: a cash transaction leaving those states is
// taken off it, one settled as succeeded from unknown or manual is put back,
// in the same transaction.
bool settle_business_txn(pqxx::transaction_base& tx, const BusinessTxn& t, const std::string& from);

// Whether the row was last written more than `quiet_for` ago: no process
// can still be working on it (txn::no_original_alive_after).
bool quiet_since(pqxx::transaction_base& tx, std::int64_t txn_id, std::chrono::seconds quiet_for);

// A receipt number: the business date and the transaction id.
std::string receipt_number(std::uint32_t business_date, std::int64_t txn_id);

// Money transactions (0202, 0204, 0401) of a day, with their reversals
// (0203), that the terminal was told succeeded, for statistics and day
// settlement: by operator, or by terminal in its current SEQ epoch (SEQs of
// an earlier epoch would collide with the terminal's own list).
struct MoneyLine {
  std::int64_t txn_id = 0;
  std::string tid;
  std::int64_t seq = 0;
  std::string txn;
  std::int64_t amount_fen = 0;
  std::string state;
};
std::vector<MoneyLine> money_lines_of_operator(pqxx::transaction_base& tx, const std::string& operator_id,
                                               std::uint32_t business_date);
std::vector<MoneyLine> money_lines_of_terminal(pqxx::transaction_base& tx, const std::string& tid, int seq_epoch,
                                               std::uint32_t business_date);

}  // namespace mstation::store
