// 0202 PAYMENT (电费收费) → SG186 011, and 0204 PREPAYMENT (预收电费) → SG186
// 013 (hhu-protocol.md §5): cash taken from a customer, limits checked under
// the operator's cash row lock, written ahead with its serial, reversed
// automatically when SG186's answer never comes.
#include "mstation/sg186/account_changes.hpp"
#include "mstation/sg186/payment.hpp"
#include "mstation/txn/business.hpp"
#include "mstation/txn/print_layout.hpp"
#include "mstation/txn/receipt.hpp"

namespace mstation::txn {
namespace {

struct Charge {
  std::string customer_no;
  std::int64_t amount_fen = 0;
};

// The fields of a charge, or the answer refusing it.
std::variant<Charge, nlohmann::json> read_charge(HandlerContext& ctx) {
  const auto customer_no = identifier_field(ctx.request, "customer_no", 16);
  const auto amount = amount_field(ctx.request);
  if (!customer_no || !amount) return reply(codes::format_error);
  if (auto refused = refuse_amount(ctx, *amount)) return *refused;
  return Charge{*customer_no, *amount};
}

Prepared prepare_charge(HandlerContext& ctx, const char* txn,
                        const std::function<sg186::Request(const Charge&)>& request_for) {
  auto charge = read_charge(ctx);
  if (auto* refused = std::get_if<nlohmann::json>(&charge)) return *refused;
  const auto& c = std::get<Charge>(charge);
  auto asked = ask(ctx, request_for(c));
  write_ahead(ctx, new_business_txn(ctx, txn, c.customer_no, c.amount_fen, true), asked);
  return asked;
}

}  // namespace

Prepared handle_payment_prepare(HandlerContext& ctx) {
  return prepare_charge(ctx, "0202", [](const Charge& c) {
    return sg186::payment({c.customer_no, static_cast<std::uint64_t>(c.amount_fen), "01", {}});
  });
}

Prepared handle_payment_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_charge(ctx, result, [&](const sg186::Message& m, store::BusinessTxn& t, nlohmann::json& body) {
    const auto decoded = sg186::decode_payment_response(m.body);
    const auto* p = std::get_if<sg186::PaymentResponse>(&decoded);
    if (p == nullptr) return false;
    t.charge_id = p->charge_id;
    t.detail = {{"penalty_paid_fen", p->penalty_paid_fen}, {"prepaid_balance_fen", p->prepaid_bal_fen},
                {"invoice_no", p->invoice_no}};
    put_receipt(ctx, t, "电费收费凭证",
                 {{"实收金额", yuan(t.amount_fen)},
                  {"其中违约金", yuan(static_cast<std::int64_t>(p->penalty_paid_fen))},
                  {"预收余额", yuan(static_cast<std::int64_t>(p->prepaid_bal_fen))},
                  {"发票号", p->invoice_no}});
    body["prepaid_balance_fen"] = p->prepaid_bal_fen;
    return true;
  });
}

Prepared handle_prepayment_prepare(HandlerContext& ctx) {
  return prepare_charge(ctx, "0204", [](const Charge& c) {
    return sg186::prepayment({c.customer_no, static_cast<std::uint64_t>(c.amount_fen)});
  });
}

Prepared handle_prepayment_finish(HandlerContext& ctx, const sg186::ExchangeResult& result) {
  return finish_charge(ctx, result, [&](const sg186::Message& m, store::BusinessTxn& t, nlohmann::json& body) {
    const auto decoded = sg186::decode_balance_response(m.body);
    const auto* b = std::get_if<sg186::BalanceResponse>(&decoded);
    if (b == nullptr) return false;
    t.charge_id = b->charge_id;
    t.detail = {{"prepaid_balance_fen", b->prepaid_bal_fen}};
    put_receipt(ctx, t, "预收电费凭证",
                 {{"预收金额", yuan(t.amount_fen)}, {"预收余额", yuan(static_cast<std::int64_t>(b->prepaid_bal_fen))}});
    body["prepaid_balance_fen"] = b->prepaid_bal_fen;
    return true;
  });
}

}  // namespace mstation::txn
