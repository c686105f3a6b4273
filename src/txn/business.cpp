#include "mstation/txn/business.hpp"

#include <limits>
#include <stdexcept>

#include "mstation/common/civil_date.hpp"
#include "mstation/store/cash_store.hpp"
#include "mstation/store/saf_store.hpp"
#include "mstation/txn/pipeline_errors.hpp"
#include "mstation/txn/receipt.hpp"
#include "mstation/txn/sg186_numbering.hpp"

namespace mstation::txn {
nlohmann::json refusal(const Code& code, const std::string& reason) {
  auto body = reply(code);
  body["reason"] = reason;
  return body;
}

std::optional<std::uint32_t> parse_iso_date(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  std::uint32_t date = 0;
  for (const std::size_t i : {0UL, 1UL, 2UL, 3UL, 5UL, 6UL, 8UL, 9UL}) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    date = date * 10 + static_cast<std::uint32_t>(text[i] - '0');
  }
  return is_valid_date(date) ? std::optional(date) : std::nullopt;
}

std::optional<char> register_status_field(const nlohmann::json& request) {
  const auto it = request.find("status");
  if (it == request.end()) return '0';
  if (it->is_number_integer() && *it >= 0 && *it <= 2) return static_cast<char>('0' + it->get<int>());
  if (it->is_string() && (*it == "0" || *it == "1" || *it == "2")) return it->get<std::string>()[0];
  return std::nullopt;
}

std::optional<std::int64_t> amount_field(const nlohmann::json& request) {
  const auto it = request.find("amount_fen");
  if (it == request.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    constexpr auto largest = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
    return static_cast<std::int64_t>(v > largest ? largest : v);
  }
  return it->get<std::int64_t>();
}

std::optional<std::int64_t> count_field(const nlohmann::json& request, const char* name, std::int64_t max) {
  const auto it = request.find(name);
  if (it == request.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const auto v = it->get<std::uint64_t>();
    if (v > static_cast<std::uint64_t>(max)) return std::nullopt;
    return static_cast<std::int64_t>(v);
  }
  const auto v = it->get<std::int64_t>();
  if (v < 0 || v > max) return std::nullopt;
  return v;
}

std::string operator_of(const HandlerContext& ctx) { return ctx.working_key ? ctx.working_key->operator_id : ""; }

std::optional<nlohmann::json> refuse_amount(HandlerContext& ctx, std::int64_t amount_fen) {
  if (amount_fen <= 0) return reply(codes::invalid_amount);
  if (amount_fen > ctx.settings.max_payment_fen) {
    auto body = reply(codes::limit_exceeded);
    body["reason"] = "amount above max_payment_fen";
    body["max_payment_fen"] = ctx.settings.max_payment_fen;
    return body;
  }
  const auto in_transit = store::lock_cash_in_transit(ctx.tx, operator_of(ctx));
  if (in_transit > ctx.settings.max_cash_in_transit_fen - amount_fen) {
    auto body = reply(codes::limit_exceeded);
    body["reason"] = "cash in transit would exceed max_cash_in_transit_fen: hand in cash at the office";
    body["cash_in_transit_fen"] = in_transit;
    return body;
  }
  return std::nullopt;
}

store::BusinessTxn new_business_txn(const HandlerContext& ctx, const std::string& txn, const std::string& customer_no,
                                    std::int64_t amount_fen, bool cash) {
  store::BusinessTxn t;
  t.business_date = business_date_number(ctx.now);
  t.request = {ctx.terminal.tid, ctx.terminal.seq_epoch, ctx.header.seq};
  t.operator_id = operator_of(ctx);
  t.txn = txn;
  t.customer_no = customer_no;
  t.amount_fen = amount_fen;
  t.cash = cash;
  return t;
}

store::BusinessTxn write_ahead(HandlerContext& ctx, store::BusinessTxn t, const sg186::NumberedRequest& asked) {
  t.sg186_serial = asked.serial;
  t.sg186_request = asked.bytes;
  t.txn_id = store::insert_business_txn(ctx.tx, t);
  if (t.cash) store::add_cash_in_transit(ctx.tx, t.operator_id, t.amount_fen);
  return t;
}

store::BusinessTxn pending_business_txn(HandlerContext& ctx) {
  auto t = store::lock_business_txn_of(ctx.tx, {ctx.terminal.tid, ctx.terminal.seq_epoch, ctx.header.seq});
  if (!t) throw std::runtime_error("no business transaction was written ahead for this request");
  if (t->state != store::txn_state::pending) throw NotPending("business transaction already settled: " + t->state);
  return std::move(*t);
}

void settle(HandlerContext& ctx, store::BusinessTxn& t, const std::string& from) {
  if (!store::settle_business_txn(ctx.tx, t, from)) {
    throw NotPending("business transaction " + std::to_string(t.txn_id) + " is no longer " + from);
  }
}

bool queue_reversal(pqxx::transaction_base& tx, const Settings& settings, const store::BusinessTxn& original,
                    TimePoint now) {
  sg186::Request request = sg186::reversal({original.customer_no, original.sg186_serial, original.business_date,
                                            static_cast<std::uint64_t>(original.amount_fen), "主站自动冲正"});
  request.node = original.request.tid;
  request.operator_id = original.operator_id;
  // WORK_DATE is the original's: SG186 reverses only on the original's business date.
  const auto numbered = number_request(tx, settings.agency_code, request, now, original.business_date);
  store::SafEntry e;
  e.txn_id = original.txn_id;
  e.purpose = store::saf_purpose::reversal;
  e.sg186_txn = "012";
  e.sg186_serial = numbered.serial;
  e.request = numbered.bytes;
  // The first attempt waits at least an exchange timeout after the original (design.md §2).
  const auto delay = std::chrono::ceil<std::chrono::seconds>(settings.sg186_exchange_timeout);
  return store::enqueue_saf(tx, e, delay);
}

bool queue_resend(pqxx::transaction_base& tx, const Settings& settings, const store::BusinessTxn& t) {
  return queue_resend(tx, settings, t.txn_id, t.sg186_serial, t.sg186_request);
}

bool queue_resend(pqxx::transaction_base& tx, const Settings& settings, std::int64_t txn_id, const std::string& serial,
                  const std::string& request, std::chrono::seconds extra_delay) {
  store::SafEntry e;
  e.txn_id = txn_id;
  e.purpose = store::saf_purpose::resend;
  e.sg186_txn = request.size() >= 13 ? request.substr(10, 3) : "";  // TXN_CODE follows the 10-digit LEN
  e.sg186_serial = serial;
  e.request = request;
  const auto delay = std::chrono::ceil<std::chrono::seconds>(settings.sg186_exchange_timeout);
  return store::enqueue_saf(tx, e, delay + extra_delay);
}

void settle_abandoned(pqxx::transaction_base& tx, const Settings& settings, TimePoint now, store::BusinessTxn t) {
  t.state = store::txn_state::unknown;
  if (!store::settle_business_txn(tx, t, store::txn_state::pending)) return;
  if (t.txn == "0202" || t.txn == "0204" || t.txn == "0401") {
    queue_reversal(tx, settings, t, now);
  } else if (t.txn == "0203" || t.txn == "0102") {
    queue_resend(tx, settings, t);
  }
}

void put_receipt(HandlerContext& ctx, store::BusinessTxn& t, const std::string& title, ReceiptFields fields) {
  t.receipt_no = store::receipt_number(t.business_date, t.txn_id);
  fields.insert(fields.begin(), {{"收据号", t.receipt_no}, {"户号", t.customer_no}});
  fields.push_back({"流水号", t.sg186_serial});
  if (!t.charge_id.empty()) fields.push_back({"收费编号", t.charge_id});
  t.receipt_lines = receipt_lines(title, fields, t.request.tid, t.operator_id, ctx.now);
}

nlohmann::json finish_charge(HandlerContext& ctx, const sg186::ExchangeResult& result, const ReadSuccess& on_success) {
  auto t = pending_business_txn(ctx);
  nlohmann::json body = reply(codes::success);
  if (result.succeeded() && on_success(*result.answer, t, body)) {
    t.state = store::txn_state::succeeded;
    t.sg186_code = result.answer->header.rsp_code;
    body["charge_id"] = t.charge_id;
    body["receipt"] = receipt_json(t.receipt_no, t.receipt_lines);
    return settled_answer(ctx, t, body);
  }
  const bool in_doubt = result.kind == sg186::ResultKind::in_doubt || result.succeeded();
  if (in_doubt) {
    body = reply(codes::upstream_in_doubt);
    if (result.succeeded()) body["reason"] = "SG186 answer unreadable";
    t.state = store::txn_state::unknown;
    queue_reversal(ctx.tx, ctx.settings, t, ctx.now);
  } else {
    body = upstream_failure(ctx, result, true);
    t.state = store::txn_state::declined;
    if (result.answer) t.sg186_code = result.answer->header.rsp_code;
  }
  return settled_answer(ctx, t, body);
}

nlohmann::json settled_answer(HandlerContext& ctx, store::BusinessTxn& t, nlohmann::json body) {
  t.response_code = body.value("code", "");
  settle(ctx, t, store::txn_state::pending);
  body["txn_id"] = t.txn_id;
  body["serial"] = t.sg186_serial;
  return body;
}

}  // namespace mstation::txn
