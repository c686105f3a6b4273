#pragma once
// What the transactions that change something at SG186 share (design.md §2):
// the write-ahead record with its serial, limits on money and cash in
// transit, settling the record from SG186's result, and queueing what must
// still reach SG186 (store-and-forward) in the same commit.
#include <cstdint>
#include <algorithm>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "mstation/sg186/client.hpp"
#include "mstation/store/business_txn_store.hpp"
#include "mstation/txn/receipt.hpp"
#include "mstation/txn/upstream.hpp"

namespace mstation::txn {

// A refusal: the code, its message and why, in words.
nlohmann::json refusal(const Code& code, const std::string& reason);

// "YYYY-MM-DD" (the first 10 characters of an ISO 8601 date or timestamp) as YYYYMMDD.
std::optional<std::uint32_t> parse_iso_date(std::string_view text);

// The register `status` of a reading: 0 normal, 1 rollover (翻转), 2 reverse
// (倒走), as an integer or a one-digit string; absent = '0'; nullopt → 30.
std::optional<char> register_status_field(const nlohmann::json& request);

// `amount_fen`: an integer (nullopt → 30); a value beyond int64 reads as the largest.
std::optional<std::int64_t> amount_field(const nlohmann::json& request);
// A non-negative integer field (SEQ, purchase count, txn_id); nullopt → 30.
std::optional<std::int64_t> count_field(const nlohmann::json& request, const char* name, std::int64_t max);

// 13 for an amount ≤ 0; 61 above limits.max_payment_fen or when the
// operator's cash in transit would exceed limits.max_cash_in_transit_fen
// (checked under the operator's row lock). nullopt: go ahead.
std::optional<nlohmann::json> refuse_amount(HandlerContext& ctx, std::int64_t amount_fen);

// The operator signed on at this terminal.
std::string operator_of(const HandlerContext& ctx);

// Writes the business transaction ahead of the SG186 call: state pending,
// with the numbered request's serial; adds a cash transaction to the
// operator's cash in transit. Returns it with its txn_id.
store::BusinessTxn write_ahead(HandlerContext& ctx, store::BusinessTxn t, const sg186::NumberedRequest& asked);
store::BusinessTxn new_business_txn(const HandlerContext& ctx, const std::string& txn, const std::string& customer_no,
                                    std::int64_t amount_fen, bool cash);

// The pending business transaction of this request, locked. Throws if it is
// no longer pending (another process settled it in our place): the commit
// then rolls back and the first answer stands.
store::BusinessTxn pending_business_txn(HandlerContext& ctx);

// Moves `t` from `from` to its state (store::settle_business_txn); throws if
// it is no longer in `from`.
void settle(HandlerContext& ctx, store::BusinessTxn& t, const std::string& from);

// Queues an automatic reversal (012) of `original` — once per original,
// however many triggers ask (false if one already exists).
bool queue_reversal(pqxx::transaction_base& tx, const Settings& settings, const store::BusinessTxn& original,
                    TimePoint now);
// Queues the request `t` sent, identical, to be sent again (012, 041, 021 in
// doubt) — or `request` when `t` sent it later (041 of a card purchase).
bool queue_resend(pqxx::transaction_base& tx, const Settings& settings, const store::BusinessTxn& t);
bool queue_resend(pqxx::transaction_base& tx, const Settings& settings, std::int64_t txn_id, const std::string& serial,
                  const std::string& request, std::chrono::seconds extra_delay = std::chrono::seconds(0));

// Settles `t` from pending with the answer `body` (whose code it records)
// and returns the answer with `txn_id` and `serial`.
nlohmann::json settled_answer(HandlerContext& ctx, store::BusinessTxn& t, nlohmann::json body);

// A record left `pending` by a process that died between write-ahead and
// answer, with no retransmission to take it over: settled as in doubt — a
// charge `unknown` with its reversal queued, a reversal or reading upload
// `unknown` and resent, a dunning notice `unknown` (never printed).
void settle_abandoned(pqxx::transaction_base& tx, const Settings& settings, TimePoint now, store::BusinessTxn t);

// A receipt for `t`: number, customer, `fields`, serial and charge id.
void put_receipt(HandlerContext& ctx, store::BusinessTxn& t, const std::string& title, ReceiptFields fields);

// PAYMENT, PREPAYMENT and CARD_PURCHASE after SG186: `on_success` reads
// SG186's answer into `t` and the answer body (false: unreadable, taken as
// in doubt); a decline or a request never delivered is `declined`; in doubt
// is `unknown` with a reversal queued, and the terminal gets 98.
using ReadSuccess = std::function<bool(const sg186::Message& answer, store::BusinessTxn& t, nlohmann::json& body)>;
nlohmann::json finish_charge(HandlerContext& ctx, const sg186::ExchangeResult& result, const ReadSuccess& on_success);

// The handlers of the business transactions (hhu-protocol.md §5).
Prepared handle_payment_prepare(HandlerContext& ctx);
Prepared handle_payment_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_prepayment_prepare(HandlerContext& ctx);
Prepared handle_prepayment_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_reversal_prepare(HandlerContext& ctx);
Prepared handle_reversal_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_card_purchase_prepare(HandlerContext& ctx);
Prepared handle_card_purchase_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_card_write_confirm_prepare(HandlerContext& ctx);
Prepared handle_card_write_confirm_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_reading_upload_prepare(HandlerContext& ctx);
Prepared handle_reading_upload_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
Prepared handle_dunning_notice_prepare(HandlerContext& ctx);
Prepared handle_dunning_notice_finish(HandlerContext& ctx, const sg186::ExchangeResult& result);
nlohmann::json handle_bill_estimate(HandlerContext& ctx);
nlohmann::json handle_receipt_reprint(HandlerContext& ctx);
nlohmann::json handle_collection_stats(HandlerContext& ctx);
nlohmann::json handle_day_settlement(HandlerContext& ctx);

// An operator's totals of a day (COLLECTION_STATS, SIGN_OFF): date, count,
// amount_fen, reversed_count, reversed_fen, net_fen.
nlohmann::json operator_totals(pqxx::transaction_base& tx, const std::string& operator_id, std::uint32_t date);

// A "YYYY-MM-DD" field as YYYYMMDD; nullopt when missing or not a date.
std::optional<std::uint32_t> date_field(const nlohmann::json& request, const char* name);

}  // namespace mstation::txn
